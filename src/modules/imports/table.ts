import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '#src/shared/errors.ts';

/** What every reader of import files gives (read-file.ts): the header, then rows with their line numbers. */
export type FileFormat = 'csv' | 'csv.gz' | 'xlsx';

export interface SourceRow {
  /** The physical line where the record starts (a quoted cell may span several lines). */
  line: number;
  cells: string[];
}

export interface TableSource {
  format: FileFormat;
  /** The text encoding of a CSV (detected or given); null for `.xlsx`. */
  encoding: string | null;
  headers: string[];
  headerLine: number;
  /** The rows after the header, blank rows left out. Iterate once. */
  rows: AsyncIterableIterator<SourceRow>;
  /** Bytes of the file read so far (compressed bytes for `.csv.gz`), for progress. */
  bytesRead(): number;
  bytesTotal: number;
  /** Stops reading early (the preview); iterating to the end closes the file on its own. */
  close(): void;
}

export interface ReadOptions {
  /** A CSV's encoding as iconv-lite names it (`utf8`, `gb18030`, `gbk`); detected when absent. */
  encoding?: string | undefined;
}

export const badFile = (message: string) => new AppError('import.bad_file', message);

/** Bytes that start each container format, to recognise a file whatever its name. */
export const startsWith = (head: Buffer, bytes: number[]) => bytes.every((byte, i) => head[i] === byte);

/** Counts the bytes passing through, for progress. */
export class CountBytes extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/**
 * The formula escape written by `export` (DESIGN §4): a text cell that starts with = + - @ tab or CR gets a leading
 * `'`, so spreadsheet programs do not run it. A cell already starting with `'` before such a character is escaped
 * once more, so the escape can always be undone exactly.
 */
const escaped = /^'+[=+\-@\t\r]/;
export const unescapeCell = (cell: string): string => (escaped.test(cell) ? cell.slice(1) : cell);
export const needsEscape = (text: string): boolean => /^'*[=+\-@\t\r]/.test(text);
export const escapeCell = (text: string): string => (needsEscape(text) ? `'${text}` : text);

/** A row with nothing in it (a blank line, or only separators) is not a record. */
export const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');
