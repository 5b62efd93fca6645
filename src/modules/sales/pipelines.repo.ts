import { sql, type Insertable, type Updateable } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';

/** SQL of pipelines and stages (issue 6). Stages read in board order: open by position, then won, then lost. */

const stageOrder = sql`case kind when 'open' then 0 when 'won' then 1 else 2 end`;

const pipelineColumns = [
  'id',
  'name',
  'is_default',
  'position',
  'archived',
  'version',
  'created_at',
  'updated_at',
] as const;
const stageColumns = [
  'id',
  'pipeline_id',
  'key',
  'name',
  'position',
  'probability',
  'kind',
  'archived',
  'version',
] as const;

export const listPipelineRows = (db: Db) =>
  db.selectFrom('pipelines').select(pipelineColumns).orderBy('position').orderBy('name').execute();
export type PipelineRow = Awaited<ReturnType<typeof listPipelineRows>>[number];

export const findPipeline = (db: Db, id: string) =>
  db.selectFrom('pipelines').select(pipelineColumns).where('id', '=', id).executeTakeFirst();

export const lockPipeline = (db: Db, id: string) =>
  db.selectFrom('pipelines').select(pipelineColumns).where('id', '=', id).forUpdate().executeTakeFirst();

export const findDefaultPipeline = (db: Db) =>
  db.selectFrom('pipelines').select(pipelineColumns).where('is_default', '=', true).executeTakeFirst();

export const listStageRows = (db: Db, pipelineIds: readonly string[], withArchived = false) =>
  pipelineIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('pipeline_stages')
        .select(stageColumns)
        .where('pipeline_id', 'in', [...pipelineIds])
        .$if(!withArchived, (q) => q.where('archived', '=', false))
        .orderBy('pipeline_id')
        .orderBy(stageOrder)
        .orderBy('position')
        .orderBy('id')
        .execute();
export type StageRow = Awaited<ReturnType<typeof listStageRows>>[number];

export const findStage = (db: Db, id: string) =>
  db.selectFrom('pipeline_stages').select(stageColumns).where('id', '=', id).executeTakeFirst();

export const insertPipeline = (db: Db, values: Insertable<DB['pipelines']>) =>
  db.insertInto('pipelines').values(values).execute();

export const insertStages = (db: Db, values: Insertable<DB['pipeline_stages']>[]) =>
  db.insertInto('pipeline_stages').values(values).execute();

export const nextPipelinePosition = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('pipelines')
        .select(sql<number>`coalesce(max(position), -1) + 1`.as('next'))
        .executeTakeFirstOrThrow()
    ).next,
  );

export const updatePipelineRow = (db: Db, id: string, values: Updateable<DB['pipelines']>, now: Date) =>
  db
    .updateTable('pipelines')
    .set(values)
    .set({ version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id)
    .execute();

/** The one-default rule: clearing the old default first keeps the partial unique index satisfied. */
export const clearDefault = (db: Db, now: Date) =>
  db
    .updateTable('pipelines')
    .set({ is_default: false, version: sql<number>`version + 1`, updated_at: now })
    .where('is_default', '=', true)
    .execute();

export const updateStageRow = (db: Db, id: string, values: Updateable<DB['pipeline_stages']>, now: Date) =>
  db
    .updateTable('pipeline_stages')
    .set(values)
    .set({ version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id)
    .execute();

export const deleteStageRow = (db: Db, id: string) =>
  db.deleteFrom('pipeline_stages').where('id', '=', id).execute();

export const deletePipelineRow = (db: Db, id: string) =>
  db.deleteFrom('pipelines').where('id', '=', id).execute();

/** Whether any opportunity is (or was, in its history) in the stage or pipeline. */
export async function stageUse(db: Db, stageId: string) {
  const row = await db
    .selectFrom('pipeline_stages as s')
    .select([
      sql<boolean>`exists (select 1 from opportunities o where o.stage_id = s.id)`.as('current'),
      sql<boolean>`exists (select 1 from opportunity_stage_history h where h.to_stage_id = s.id or h.from_stage_id = s.id)`.as(
        'past',
      ),
    ])
    .where('s.id', '=', stageId)
    .executeTakeFirstOrThrow();
  return { current: row.current, past: row.past };
}

export async function pipelineInUse(db: Db, pipelineId: string) {
  const row = await db
    .selectFrom('pipelines as p')
    .select(sql<boolean>`exists (select 1 from opportunities o where o.pipeline_id = p.id)`.as('used'))
    .where('p.id', '=', pipelineId)
    .executeTakeFirstOrThrow();
  return row.used;
}
