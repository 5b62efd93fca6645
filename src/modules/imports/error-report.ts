import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import { escapeCell } from '#src/modules/imports/read-file.ts';
import type { SourceRow } from '#src/modules/imports/read-file.ts';
import type { RowProblem } from '#src/modules/imports/values.ts';

/**
 * The rejected rows of an import (DESIGN §4): columns `line,column,reason`, then the file's own columns with the
 * row as it was, so the file can be fixed and imported again. UTF-8 with a BOM, for Excel; cells escaped against
 * formula injection like an export (the import removes the escape again). Rows are sorted by line while there are
 * few (rejections found when a batch is written come after those found when a row is read); past `memoryRows` they
 * are written as they come, so a file whose every row is bad does not fill the memory. The file is created only when
 * a row is rejected.
 */
export class ErrorReport {
  readonly path: string;
  readonly #headers: readonly string[];
  #stream: Stringifier | null = null;
  #file: WriteStream | null = null;
  #rows = 0;
  #pending: { line: number; cells: string[] }[] = [];
  readonly #memoryRows: number;

  constructor(reportPath: string, headers: readonly string[], options: { memoryRows?: number } = {}) {
    this.path = reportPath;
    this.#headers = headers;
    this.#memoryRows = options.memoryRows ?? 50_000;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  #opening: Promise<Stringifier> | null = null;

  /** Opens the file once, however many rejections arrive while it opens. */
  #open(): Promise<Stringifier> {
    this.#opening ??= this.#create();
    return this.#opening;
  }

  async #create(): Promise<Stringifier> {
    await mkdir(path.dirname(this.path), { recursive: true });
    const file = createWriteStream(this.path);
    await Promise.race([
      once(file, 'open'),
      once(file, 'error').then(([error]) => {
        throw error as Error;
      }),
    ]);
    const stream = stringify({ bom: true });
    stream.pipe(file);
    stream.write(['line', 'column', 'reason', ...this.#headers.map(escapeCell)]);
    this.#file = file;
    this.#stream = stream;
    return stream;
  }

  /** One rejected row with all its problems (columns joined by `;`). */
  async add(row: SourceRow, problems: readonly RowProblem[]): Promise<void> {
    const columns = [...new Set(problems.map((p) => p.column))].join(';');
    const reason =
      problems.length === 1
        ? problems[0]!.reason
        : problems.map((p) => `${p.column}: ${p.reason}`).join('; ');
    const cells = this.#headers.map((_, i) => escapeCell(row.cells[i] ?? ''));
    // extra cells beyond the header are kept, so nothing of the row is lost
    for (let i = this.#headers.length; i < row.cells.length; i++) cells.push(escapeCell(row.cells[i]!));
    this.#rows++;
    const record = [String(row.line), escapeCell(columns), escapeCell(reason), ...cells];
    if (this.#stream) {
      await this.#write(this.#stream, record);
      return;
    }
    this.#pending.push({ line: row.line, cells: record });
    if (this.#pending.length > this.#memoryRows) await this.#flushPending();
  }

  async #write(stream: Stringifier, record: string[]): Promise<void> {
    if (!stream.write(record)) await once(stream, 'drain');
  }

  async #flushPending(): Promise<void> {
    const pending = this.#pending.sort((a, b) => a.line - b.line);
    this.#pending = [];
    const stream = await this.#open();
    for (const { cells } of pending) await this.#write(stream, cells);
  }

  /** Flushes and closes the file; returns its path when any row was written. */
  async close(): Promise<string | null> {
    if (this.#pending.length > 0) await this.#flushPending();
    if (!this.#stream || !this.#file) return null;
    const finished = once(this.#file, 'finish');
    this.#stream.end();
    await finished;
    return this.path;
  }
}

/**
 * Where the error report goes by default (DESIGN §4): `FILE.errors.csv` beside the input, or in the current
 * directory when the input's folder is read-only (a shared data folder, a mounted drive). A folder without any
 * write permission bit counts as read-only even for root, who could write there anyway.
 */
export async function defaultErrorsPath(inputPath: string): Promise<string> {
  const name = `${path.basename(inputPath)}.errors.csv`;
  const folder = path.dirname(path.resolve(inputPath));
  try {
    const info = await stat(folder);
    if ((info.mode & 0o222) === 0) return path.resolve(name);
    await access(folder, constants.W_OK);
    return path.join(folder, name);
  } catch {
    return path.resolve(name);
  }
}
