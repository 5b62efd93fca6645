import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { Decode } from '#src/modules/imports/encoding.ts';
import {
  badFile,
  CountBytes,
  isBlank,
  unescapeCell,
  type ReadOptions,
  type SourceRow,
  type TableSource,
} from '#src/modules/imports/table.ts';
import { AppError } from '#src/shared/errors.ts';

/** CSV files, plain or gzip-compressed, in UTF-8 or GB18030 (DESIGN §4). */

/** Physical line breaks in a record's raw text: CRLF, LF or a lone CR each end one line. */
function lineBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (raw.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** A record longer than this is a broken file (a quote never closed), not data: the read stops there. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

interface RecordWithRaw {
  record: string[];
  raw: string;
}

async function* csvRows(records: AsyncIterable<RecordWithRaw>): AsyncGenerator<SourceRow> {
  let line = 1;
  for await (const { record, raw } of records) {
    const start = line;
    line += lineBreaks(raw);
    if (isBlank(record)) continue;
    yield { line: start, cells: record.map(unescapeCell) };
  }
}

export function csvParseError(error: Error & { code?: string; lines?: number }): AppError {
  if (error instanceof AppError) return error;
  if (error.code === 'Z_DATA_ERROR' || error.code === 'Z_BUF_ERROR')
    return badFile(`the .gz file is damaged: ${error.message}`);
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return badFile(
      `line ${error.lines ?? '?'}: a record runs past ${MAX_RECORD_CHARS / 1024 / 1024} MB; is a quote left open?`,
    );
  if (error.code?.startsWith('CSV_'))
    return badFile(`the file is not valid CSV near line ${error.lines ?? '?'}: ${error.message}`);
  return badFile(`cannot read the file: ${error.message}`);
}

export async function openCsv(
  path: string,
  format: 'csv' | 'csv.gz',
  options: ReadOptions,
): Promise<TableSource> {
  const { size } = await stat(path);
  const file = createReadStream(path);
  const counter = new CountBytes();
  const state: { encoding: string | null } = { encoding: options.encoding ?? null };
  const decode = new Decode(options.encoding, (encoding) => (state.encoding = encoding));
  const parser = parse({
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
  });
  const stages: NodeJS.ReadWriteStream[] = format === 'csv.gz' ? [createGunzip()] : [];
  pipeline([file, counter, ...stages, decode, parser], () => {
    // errors surface through the parser's iteration below
  });
  const rows = (async function* () {
    try {
      yield* csvRows(parser as AsyncIterable<RecordWithRaw>);
    } catch (error) {
      throw csvParseError(error as Error);
    } finally {
      file.destroy();
    }
  })();
  let first: IteratorResult<SourceRow>;
  try {
    first = await rows.next();
  } catch (error) {
    file.destroy();
    throw error;
  }
  if (first.done) throw badFile('the file is empty: it needs a header row naming the columns');
  return {
    format,
    encoding: state.encoding,
    headers: first.value.cells.map((cell) => cell.trim()),
    headerLine: first.value.line,
    rows,
    bytesRead: () => counter.bytes,
    bytesTotal: size,
    close: () => {
      file.destroy();
      void rows.return(undefined);
    },
  };
}
