import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { suggestMapping } from '#src/modules/imports/suggest-mapping.ts';
import { exportStream, type ExportFormat } from '#src/modules/imports/export.ts';
import { requireImportPermission } from '#src/modules/imports/import-file.ts';
import * as repo from '#src/modules/imports/imports.repo.ts';
import type {
  ColumnMapping,
  ExportEntity,
  Import,
  ImportEntity,
  ImportListQuery,
} from '#src/modules/imports/imports.schema.ts';
import { countRows, isKnownEncoding, previewTable, type FileFormat } from '#src/modules/imports/read-file.ts';
import { clip } from '#src/modules/imports/values.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

export {
  importFile,
  type ImportOptions,
  type ImportProgress,
  type ImportResult,
} from '#src/modules/imports/import-file.ts';
export { exportEntity } from '#src/modules/imports/export.ts';

/**
 * The web wizard's imports (issue 4): upload a file (stored under the data directory), see its columns with a
 * suggested mapping and the first rows, run it (dry or for real) in the background with its progress in the
 * `imports` table (imports.run.ts), and download the rejected rows. Staff see their own imports; admins see all.
 */

/** What an upload keeps in `imports.options` besides the run's options. */
export interface StoredOptions {
  /** The uploaded file; gone once the retention clean-up removed it (imports.upkeep.ts). */
  path?: string;
  format: FileFormat;
  encoding: string | null;
  headers: string[];
  suggestedMapping: Record<string, string | null>;
  preview: { line: number; cells: string[] }[];
  mapping?: ColumnMapping | null;
  noCreate?: boolean;
  currency?: string | null;
  /** The encoding the user named (else detected at each read). */
  encodingGiven?: string | null;
  lines?: Import['lines'];
  customersCreated?: number;
}

const PREVIEW_ROWS = 10;
/** Preview cells are for a table on screen: long ones are cut. */
const PREVIEW_CELL = 200;

export const uploadsDir = (deps: Deps) => path.join(deps.config.dataDir, 'imports');
/** Days an uploaded file and its error report are kept after the import is done (or since an upload never run). */
export const UPLOAD_RETENTION_DAYS = 7;

export function present(row: repo.ImportRow): Import {
  const options = row.options as StoredOptions;
  return {
    id: row.id,
    entity: row.entity as ImportEntity,
    fileName: row.file_name,
    format: options.format,
    encoding: options.encoding,
    status: row.status as Import['status'],
    dryRun: row.dry_run,
    headers: options.headers,
    suggestedMapping: options.suggestedMapping,
    preview: options.preview,
    mapping: options.mapping ?? null,
    noCreate: options.noCreate ?? false,
    currency: options.currency ?? null,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    imported: row.imported,
    skipped: row.skipped,
    errors: row.errors,
    lines: options.lines ?? null,
    customersCreated: options.customersCreated ?? 0,
    hasErrorReport: row.error_report !== null,
    message: row.message,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** An import the actor may see: their own, or any for an admin; others answer 404. */
export async function findVisible(deps: Deps, actor: Actor, id: string): Promise<repo.ImportRow> {
  const row = await repo.findImport(deps.db, id);
  if (!row || (actor.role !== 'admin' && row.created_by !== actor.userId))
    throw notFound('import.not_found', id);
  return row;
}

/** Stores an uploaded file (streamed to disk, at most `maxBytes`), reads its header and first rows. */
export async function uploadImport(
  deps: Deps,
  actor: Actor,
  input: { entity: ImportEntity; fileName: string; encoding?: string | undefined },
  body: Readable,
  maxBytes: number,
): Promise<Import> {
  requireImportPermission(actor, input.entity);
  if (input.encoding && !isKnownEncoding(input.encoding))
    throw invalid('encoding', `${input.encoding} is not an encoding Guanxi knows (use utf8, gb18030 or gbk)`);
  const id = newId();
  await mkdir(uploadsDir(deps), { recursive: true });
  const filePath = path.join(uploadsDir(deps), `${id}.upload`);
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > maxBytes)
            throw new AppError('request.too_large', `the file is larger than ${maxBytes / 1024 / 1024} MB`);
          yield chunk;
        }
      },
      createWriteStream(filePath),
    );
    if (bytes === 0)
      throw new AppError('import.bad_file', 'the upload is empty: send the file as the request body');
    const preview = await previewTable(filePath, PREVIEW_ROWS, { encoding: input.encoding });
    const options: StoredOptions = {
      path: filePath,
      format: preview.format,
      encoding: preview.encoding,
      encodingGiven: input.encoding ?? null,
      headers: preview.headers,
      suggestedMapping: suggestMapping(input.entity, preview.headers),
      preview: preview.rows.map((row) => ({
        line: row.line,
        cells: row.cells.map((c) => clip(c, PREVIEW_CELL)),
      })),
    };
    const rowsTotal = await countRows(filePath);
    const now = deps.clock.now();
    await deps.db.transaction().execute(async (tx) => {
      await repo.insertImport(tx, {
        id,
        entity: input.entity,
        fileName: input.fileName,
        options,
        rowsTotal,
        createdBy: actor.userId,
        createdAt: now,
      });
      await recordAudit(tx, actor, {
        at: now,
        action: 'upload',
        entity: 'import',
        entityId: id,
        after: { entity: input.entity, fileName: input.fileName, bytes, rowsTotal },
      });
    });
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  return present((await repo.findImport(deps.db, id))!);
}

export async function getImport(deps: Deps, actor: Actor, id: string): Promise<Import> {
  return present(await findVisible(deps, actor, id));
}

const sortColumns = { createdAt: { column: 'created_at', type: 'timestamptz' } } as const;

export async function listImports(deps: Deps, actor: Actor, query: ImportListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const rows = await repo.listImports(
    deps.db,
    query,
    keyset,
    actor.role === 'admin' ? undefined : actor.userId,
  );
  return toPage(rows, query.limit, keyset, (row) => {
    const { preview: _preview, ...rest } = present(row);
    void _preview;
    return rest;
  });
}

/** The error report of an import, for download. */
export async function importErrorReport(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ path: string; fileName: string }> {
  const row = await findVisible(deps, actor, id);
  if (!row.error_report) throw new AppError('import.not_found', 'this import has no rejected rows to report');
  return { path: row.error_report, fileName: `${path.parse(row.file_name).name}.errors.csv` };
}

/** An export download (permission exports.run; rows follow the actor's customer scope). */
export function exportDownload(deps: Deps, actor: Actor, entity: ExportEntity, format: ExportFormat) {
  return exportStream(deps, actor, entity, format);
}
