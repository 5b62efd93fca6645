import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  writeDemoFiles,
  type DemoFile,
  type DemoOptions,
  type DemoProgress,
  type DemoSummary,
} from '#src/modules/demo/demo.generate.ts';
import type { ImportEntity } from '#src/modules/imports/imports.schema.ts';
import { importFile, type ImportProgress, type ImportResult } from '#src/modules/imports/imports.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';

/**
 * `guanxi demo` without `--out`: the demo files are generated into a temporary folder and loaded through the
 * import (the same path as a user's own files, audited as one import run each), products and customers first so
 * that orders and interactions find them. Orders are loaded from the line-item file, so every demo order has
 * its products. The folder is removed afterwards, unless a row was rejected: then it stays, with the error
 * reports, for a look.
 */
export type DemoLoadProgress =
  | ({ stage: 'generating' } & DemoProgress)
  | ({ stage: 'importing'; entity: ImportEntity; file: string } & ImportProgress);

export interface DemoLoadStep {
  entity: ImportEntity;
  file: string;
  result: ImportResult;
}

export interface DemoLoadResult {
  generated: DemoSummary;
  steps: DemoLoadStep[];
  /** The folder of the generated files when it was kept (some row was rejected), else null. */
  keptDir: string | null;
}

const loadOrder: [ImportEntity, DemoFile][] = [
  ['products', 'products'],
  ['customers', 'customers'],
  ['orders', 'orderItems'],
  ['interactions', 'interactions'],
];

/** Generates demo data and imports it into the database, in the business currency. */
export async function loadDemo(
  deps: Deps,
  actor: Actor,
  options: Omit<DemoOptions, 'currency'>,
  onProgress: (progress: DemoLoadProgress) => void = () => {},
): Promise<DemoLoadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'guanxi-demo-'));
  let keep = false;
  try {
    const generated = await writeDemoFiles(dir, { ...options, currency: deps.config.currency }, (progress) =>
      onProgress({ stage: 'generating', ...progress }),
    );
    const steps: DemoLoadStep[] = [];
    for (const [entity, file] of loadOrder) {
      const filePath = generated.paths[file];
      const result = await importFile(deps, actor, { entity, path: filePath }, (progress) =>
        onProgress({ stage: 'importing', entity, file: path.basename(filePath), ...progress }),
      );
      steps.push({ entity, file: path.basename(filePath), result });
      if (result.errors > 0) keep = true;
    }
    return { generated, steps, keptDir: keep ? dir : null };
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}
