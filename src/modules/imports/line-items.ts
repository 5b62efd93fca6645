import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SourceRow } from '#src/modules/imports/read-file.ts';

/**
 * Groups the rows of a line-item orders file by `ref` (DESIGN §4: all rows that share a ref, anywhere in the file,
 * are one order). Rows stay in memory while there are few, and the orders come out in file order. Past
 * `memoryRows`, the rows in memory go to a run file sorted by ref, and at the end the runs are merged: memory stays
 * bounded by one run whatever the file's order, and the orders come out in ref order. Order numbers mostly grow
 * with time, so that is time order, in which an import adds each batch to its customers' summaries instead of
 * recomputing them (customer-stats.repo.ts); partitions by a hash of the ref, as before, spread every customer's
 * orders over all partitions, and most batches recomputed (a 750,000-line file: 16 s of 51 s database time).
 */
export class LineGrouper {
  readonly #memoryRows: number;
  #groups = new Map<string, SourceRow[]>();
  #buffered = 0;
  #dir: string | null = null;
  #runs: string[] = [];

  constructor(options: { memoryRows?: number } = {}) {
    this.#memoryRows = options.memoryRows ?? 200_000;
  }

  get spilled(): boolean {
    return this.#dir !== null;
  }

  /** The folder of the run files, while there is one. */
  get spillDirectory(): string | null {
    return this.#dir;
  }

  async add(ref: string, row: SourceRow): Promise<void> {
    const group = this.#groups.get(ref);
    if (group) group.push(row);
    else this.#groups.set(ref, [row]);
    if (++this.#buffered >= this.#memoryRows) await this.#writeRun();
  }

  /** Writes the rows in memory to a new run file, by ref, each ref's rows in file order. */
  async #writeRun(): Promise<void> {
    this.#dir ??= await mkdtemp(path.join(os.tmpdir(), 'guanxi-import-'));
    const file = path.join(this.#dir, `run-${this.#runs.length}.jsonl`);
    this.#runs.push(file);
    const out = createWriteStream(file);
    for (const ref of [...this.#groups.keys()].sort(compareRefs))
      for (const row of this.#groups.get(ref)!)
        if (!out.write(`${JSON.stringify([ref, row.line, row.cells])}\n`)) await once(out, 'drain');
    const finished = once(out, 'finish');
    out.end();
    await finished;
    this.#groups = new Map();
    this.#buffered = 0;
  }

  /** Every order's rows, each order once: in file order of first appearance, or in ref order once spilled. */
  async *groups(): AsyncGenerator<{ ref: string; rows: SourceRow[] }> {
    if (!this.#dir) {
      for (const [ref, rows] of this.#groups) yield { ref, rows };
      this.#groups = new Map();
      return;
    }
    if (this.#groups.size > 0) await this.#writeRun();
    // the run whose next row has the smallest ref, the earlier run first, so each ref's rows stay in file order
    const heads = new MinHeap<RunReader>((a, b) => compareRefs(a.head![0], b.head![0]) || a.index - b.index);
    const readers = this.#runs.map((file, index) => new RunReader(index, file));
    try {
      for (const reader of readers) if (await reader.advance()) heads.push(reader);
      let order: { ref: string; rows: SourceRow[] } | null = null;
      for (let reader = heads.pop(); reader; reader = heads.pop()) {
        const [ref, line, cells] = reader.head!;
        if (order && order.ref !== ref) {
          yield order;
          order = null;
        }
        order ??= { ref, rows: [] };
        order.rows.push({ line, cells });
        if (await reader.advance()) heads.push(reader);
      }
      if (order) yield order;
    } finally {
      for (const reader of readers) reader.close();
    }
  }

  /** Removes the run files (call when done, or when the import stops early). */
  async dispose(): Promise<void> {
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
    this.#dir = null;
    this.#runs = [];
    this.#groups = new Map();
  }
}

const compareRefs = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type RunRow = [ref: string, line: number, cells: string[]];

/** The rows of one run file, one at a time. */
class RunReader {
  readonly index: number;
  head: RunRow | null = null;
  readonly #input: ReadStream;
  readonly #lines: AsyncIterator<string>;

  constructor(index: number, file: string) {
    this.index = index;
    this.#input = createReadStream(file);
    this.#lines = createInterface({ input: this.#input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  close(): void {
    this.#input.destroy();
  }

  /** Moves to the next row; false at the end of the run. */
  async advance(): Promise<boolean> {
    const next = await this.#lines.next();
    this.head = next.done ? null : (JSON.parse(next.value) as RunRow);
    return this.head !== null;
  }
}

/** A binary heap: the merge takes the smallest of one head per run, for every row. */
class MinHeap<T> {
  readonly #items: T[] = [];
  readonly #before: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.#before = compare;
  }

  push(item: T): void {
    const items = this.#items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#before(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.#before(items[left]!, items[smallest]!) < 0) smallest = left;
      if (right < items.length && this.#before(items[right]!, items[smallest]!) < 0) smallest = right;
      if (smallest === i) break;
      [items[i], items[smallest]] = [items[smallest]!, items[i]!];
      i = smallest;
    }
    return top;
  }
}
