import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { repoRoot } from '#test/support/process.ts';

/** A file of the shared data sets (`../shared/data`, or the folder in GUANXI_DATASETS), or null when absent. */
export function datasetFile(relative: string): string | null {
  const roots = [process.env.GUANXI_DATASETS, path.join(repoRoot, '..', 'shared', 'data')].filter(
    (root): root is string => Boolean(root),
  );
  for (const root of roots) {
    const candidate = path.join(root, relative);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The first `count` lines of a .csv.gz, written as a .csv.gz. */
export async function firstLines(source: string, count: number, target: string): Promise<string> {
  const lines = createInterface({
    input: createReadStream(source).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  async function* head() {
    let n = 0;
    for await (const line of lines) {
      yield `${line}\n`;
      if (++n >= count) break;
    }
    lines.close();
  }
  await pipeline(Readable.from(head()), createGzip(), createWriteStream(target));
  return target;
}
