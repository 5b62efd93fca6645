import { sql, type Updateable } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { ImportsTable } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';

/** The `imports` table: one row per file uploaded through the web wizard, with its progress and counts. */

const importColumns = [
  'imports.id',
  'imports.entity',
  'imports.file_name',
  'imports.status',
  'imports.dry_run',
  'imports.options',
  'imports.rows_total',
  'imports.rows_done',
  'imports.imported',
  'imports.skipped',
  'imports.errors',
  'imports.error_report',
  'imports.message',
  'imports.created_by',
  'imports.created_at',
  'imports.started_at',
  'imports.finished_at',
] as const;

export type ImportRow = Awaited<ReturnType<typeof findImport>> & {};

export async function insertImport(
  db: Db,
  row: {
    id: string;
    entity: string;
    fileName: string;
    options: unknown;
    rowsTotal: number;
    createdBy: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      id: row.id,
      entity: row.entity,
      file_name: row.fileName,
      options: JSON.stringify(row.options),
      rows_total: row.rowsTotal,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

export const findImport = (db: Db, id: string) =>
  db.selectFrom('imports').select(importColumns).where('imports.id', '=', id).executeTakeFirst();

export type ImportChanges = Omit<Updateable<ImportsTable>, 'options'> & { options?: unknown };

/**
 * A change to a run made by the process running it (`runner`): once another process has taken the import over,
 * what the first one still writes is dropped.
 */
export async function updateRun(db: Db, id: string, runner: string, changes: ImportChanges): Promise<void> {
  const { options, ...rest } = changes;
  await db
    .updateTable('imports')
    .set({ ...rest, ...(options !== undefined && { options: JSON.stringify(options) }) })
    .where('id', '=', id)
    .where('runner', '=', runner)
    .execute();
}

/**
 * Moves an import from one of `from` to `running`, atomically, so two clicks on "run" start it once; only while
 * its uploaded file is still `path` (not removed by the retention clean-up meanwhile). Returns whether it moved.
 */
export async function claimImport(
  db: Db,
  id: string,
  path: string,
  from: { status: string; dryRun?: boolean }[],
  changes: ImportChanges,
): Promise<boolean> {
  const { options, ...rest } = changes;
  const result = await db
    .updateTable('imports')
    .set({ ...rest, status: 'running', ...(options !== undefined && { options: JSON.stringify(options) }) })
    .where('id', '=', id)
    .where(sql<string>`options->>'path'`, '=', path)
    .where((eb) =>
      eb.or(
        from.map((f) =>
          f.dryRun === undefined
            ? eb('status', '=', f.status)
            : eb.and([eb('status', '=', f.status), eb('dry_run', '=', f.dryRun)]),
        ),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** A page of imports, newest first by default; `createdBy` limits the list to one user's imports. */
export const listImports = (
  db: Db,
  query: { limit: number; cursor?: string | undefined; entity?: string | undefined },
  keyset: Keyset,
  createdBy: string | null | undefined,
) =>
  db
    .selectFrom('imports')
    .select([...importColumns, cursorValue(keyset, 'imports')])
    .$if(createdBy !== undefined, (q) =>
      createdBy === null
        ? q.where('imports.created_by', 'is', null)
        : q.where('imports.created_by', '=', createdBy!),
    )
    .$if(query.entity !== undefined, (q) => q.where('imports.entity', '=', query.entity!))
    .$if(query.cursor !== undefined, (q) => q.where(afterCursor(keyset, 'imports', query.cursor!)))
    .orderBy(`imports.${keyset.column}` as 'imports.created_at', keyset.direction)
    .orderBy('imports.id', keyset.direction)
    .limit(query.limit + 1)
    .execute();

/**
 * Marks as failed the imports still `running` whose runner is gone: all but `keep` (the runs of this process)
 * with no heartbeat since `staleBefore`, or, with `staleBefore` null, all but `keep`. Returns them.
 */
export const failAbandonedRuns = (
  db: Db,
  keep: readonly string[],
  staleBefore: Date | null,
  changes: { message: string; finished_at: Date },
) =>
  db
    .updateTable('imports')
    .set({ status: 'failed', message: changes.message, finished_at: changes.finished_at })
    .where('status', '=', 'running')
    .$if(keep.length > 0, (q) => q.where('id', 'not in', [...keep]))
    .$if(staleBefore !== null, (q) =>
      q.where(sql<Date>`coalesce(heartbeat_at, started_at, created_at)`, '<', staleBefore!),
    )
    .returning(['id', 'runner', 'heartbeat_at'])
    .execute();

/**
 * Forgets the files of imports done with before `before` (finished then, or uploaded then and never run): the
 * uploaded file (`options.path`) and the error report. Returns the paths they had, for the caller to delete; a
 * run claimed meanwhile keeps its file (claimImport checks the path).
 */
export async function releaseFiles(db: Db, before: Date) {
  const { rows } = await sql<{ id: string; path: string | null; error_report: string | null }>`
    update imports i set options = i.options - 'path', error_report = null
    from (
      select id, options->>'path' as path, error_report from imports
      where ((status in ('completed', 'failed', 'cancelled') and finished_at < ${before})
             or (status = 'uploaded' and created_at < ${before}))
        and (options ? 'path' or error_report is not null)
      for update
    ) old
    where i.id = old.id
    returning old.id, old.path, old.error_report`.execute(db);
  return rows;
}
