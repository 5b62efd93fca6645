import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SourceRow } from '#src/modules/imports/read-file.ts';

/**
 * Groups the rows of a line-item orders file by `ref` (DESIGN §4: all rows that share a ref, anywhere in the file,
 * are one order). Rows stay in memory while there are few; past `memoryRows` they are spilled to partition files
 * by a hash of the ref, and each partition is grouped on its own afterwards, so memory stays bounded by one
 * partition whatever the file's order (ten million lines make partitions of about 150,000).
 */
export class LineGrouper {
  readonly #memoryRows: number;
  readonly #partitions: number;
  #groups = new Map<string, SourceRow[]>();
  #buffered = 0;
  #dir: string | null = null;
  #files: WriteStream[] = [];

  constructor(options: { memoryRows?: number; partitions?: number } = {}) {
    this.#memoryRows = options.memoryRows ?? 200_000;
    this.#partitions = options.partitions ?? 64;
  }

  get spilled(): boolean {
    return this.#dir !== null;
  }

  /** The folder of the spill files, while there is one. */
  get spillDirectory(): string | null {
    return this.#dir;
  }

  async add(ref: string, row: SourceRow): Promise<void> {
    if (this.#dir) {
      await this.#write(ref, row);
      return;
    }
    const group = this.#groups.get(ref);
    if (group) group.push(row);
    else this.#groups.set(ref, [row]);
    if (++this.#buffered > this.#memoryRows) await this.#spill();
  }

  async #spill(): Promise<void> {
    this.#dir = await mkdtemp(path.join(os.tmpdir(), 'guanxi-import-'));
    this.#files = Array.from({ length: this.#partitions }, (_, i) =>
      createWriteStream(path.join(this.#dir!, `part-${i}.jsonl`)),
    );
    const groups = this.#groups;
    this.#groups = new Map();
    for (const [ref, rows] of groups) for (const row of rows) await this.#write(ref, row);
  }

  async #write(ref: string, row: SourceRow): Promise<void> {
    const file = this.#files[partitionOf(ref, this.#partitions)]!;
    if (!file.write(`${JSON.stringify([ref, row.line, row.cells])}\n`)) await once(file, 'drain');
  }

  /** Every order's rows, each order once; in file order of first appearance (per partition when spilled). */
  async *groups(): AsyncGenerator<{ ref: string; rows: SourceRow[] }> {
    if (!this.#dir) {
      for (const [ref, rows] of this.#groups) yield { ref, rows };
      this.#groups = new Map();
      return;
    }
    await Promise.all(
      this.#files.map(async (file) => {
        const finished = once(file, 'finish');
        file.end();
        await finished;
      }),
    );
    for (const file of this.#files) {
      const groups = new Map<string, SourceRow[]>();
      const lines = createInterface({ input: createReadStream(file.path), crlfDelay: Infinity });
      for await (const text of lines) {
        if (!text) continue;
        const [ref, line, cells] = JSON.parse(text) as [string, number, string[]];
        const group = groups.get(ref);
        if (group) group.push({ line, cells });
        else groups.set(ref, [{ line, cells }]);
      }
      for (const [ref, rows] of groups) yield { ref, rows };
      await rm(String(file.path), { force: true });
    }
  }

  /** Removes the spill files (call when done, or when the import stops early). */
  async dispose(): Promise<void> {
    for (const file of this.#files) file.destroy();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
    this.#dir = null;
    this.#groups = new Map();
  }
}

/** FNV-1a, enough to spread refs evenly over the partitions. */
function partitionOf(ref: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ref.length; i++) hash = Math.imul(hash ^ ref.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % partitions;
}
