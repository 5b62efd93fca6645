import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isKnownEncoding } from '#src/modules/imports/encoding.ts';
import { csvParseError, openCsv } from '#src/modules/imports/read-csv.ts';
import { openXlsx } from '#src/modules/imports/read-xlsx.ts';
import {
  badFile,
  startsWith,
  type FileFormat,
  type ReadOptions,
  type SourceRow,
  type TableSource,
} from '#src/modules/imports/table.ts';

export { detectEncoding, isKnownEncoding } from '#src/modules/imports/encoding.ts';
export { xlsxCellText } from '#src/modules/imports/read-xlsx.ts';
export {
  escapeCell,
  needsEscape,
  unescapeCell,
  type FileFormat,
  type ReadOptions,
  type SourceRow,
  type TableSource,
} from '#src/modules/imports/table.ts';

/**
 * Reads an import file row by row (DESIGN §4, `guanxi import`): `.csv`, `.csv.gz` or `.xlsx`, streamed so that a
 * file of ten million rows never sits in memory. Each row keeps the physical line where it starts (header = 1;
 * in `.xlsx` the row number), for the error report.
 */

/** The format of a file: from its name, else from its first bytes. */
export async function detectFormat(path: string): Promise<FileFormat> {
  const lower = path.toLowerCase();
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badFile(`cannot read ${path}: there is no such file`);
    if (code === 'EISDIR') throw badFile(`cannot read ${path}: it is a directory`);
    throw badFile(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    throw badFile('this is an old Excel .xls file: save it as .xlsx or CSV and import that');
  if (startsWith(head, [0x1f, 0x8b])) return 'csv.gz';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (lower.endsWith('.xlsx')) throw badFile(`${path} is named .xlsx but is not an Excel workbook`);
  if (lower.endsWith('.gz')) throw badFile(`${path} is named .gz but is not gzip-compressed`);
  return 'csv';
}

/** Opens an import file and reads its header; the rows follow through `rows`. */
export async function openTable(path: string, options: ReadOptions = {}): Promise<TableSource> {
  const format = await detectFormat(path);
  if (options.encoding && !isKnownEncoding(options.encoding))
    throw badFile(`unknown encoding ${options.encoding}: use utf8, gb18030 or gbk`);
  return format === 'xlsx' ? openXlsx(path) : openCsv(path, format, options);
}

/** The header and the first rows of a file, for the import wizard's preview. */
export async function previewTable(
  path: string,
  limit: number,
  options: ReadOptions = {},
): Promise<{ format: FileFormat; encoding: string | null; headers: string[]; rows: SourceRow[] }> {
  const table = await openTable(path, options);
  const rows: SourceRow[] = [];
  try {
    for await (const row of table.rows) {
      rows.push(row);
      if (rows.length >= limit) break;
    }
  } finally {
    table.close();
  }
  return { format: table.format, encoding: table.encoding, headers: table.headers, rows };
}

/** Physical rows of a file after its header, counted without parsing (CSV: line breaks), for progress totals. */
export async function countRows(path: string): Promise<number> {
  const format = await detectFormat(path);
  if (format === 'xlsx') {
    const table = await openTable(path);
    let count = 0;
    for await (const row of table.rows) count += row.cells.length > 0 ? 1 : 0;
    return count;
  }
  const input: NodeJS.ReadableStream =
    format === 'csv.gz' ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  let breaks = 0;
  let last = 10;
  try {
    for await (const chunk of Readable.from(input) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) breaks++;
      if (chunk.length > 0) last = chunk[chunk.length - 1]!;
    }
  } catch (error) {
    throw csvParseError(error as Error);
  }
  return Math.max(0, breaks + (last === 10 ? 0 : 1) - 1);
}
