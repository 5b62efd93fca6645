import { isUniqueViolation } from '#src/db/errors.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import * as repo from '#src/modules/sales/pipelines.repo.ts';
import type {
  Pipeline,
  PipelineCreateInput,
  PipelineUpdateInput,
  Stage,
  StageKind,
} from '#src/modules/sales/pipelines.schema.ts';

export type { StageRow } from '#src/modules/sales/pipelines.repo.ts';
export { findStage, findDefaultPipeline, listStageRows } from '#src/modules/sales/pipelines.repo.ts';

const nameTaken = () => invalid('name', 'is already the name of another pipeline', 'pipeline.name_taken');

export const presentStage = (row: repo.StageRow): Stage => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  key: row.key,
  name: row.name,
  position: row.position,
  probability: row.probability,
  kind: row.kind as StageKind,
  archived: row.archived,
  version: row.version,
});

const presentPipeline = (row: repo.PipelineRow, stages: repo.StageRow[]): Pipeline => ({
  id: row.id,
  name: row.name,
  isDefault: row.is_default,
  position: row.position,
  archived: row.archived,
  stages: stages.filter((stage) => stage.pipeline_id === row.id).map(presentStage),
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function loadPipeline(db: Db, id: string): Promise<Pipeline> {
  const row = await repo.findPipeline(db, id);
  if (!row) throw notFound('pipeline.not_found', id);
  return presentPipeline(row, await repo.listStageRows(db, [id]));
}

/** Every pipeline with its stages in board order (everyone in sales reads them). */
export async function listPipelines(deps: Deps): Promise<{ items: Pipeline[]; nextCursor: null }> {
  const rows = await repo.listPipelineRows(deps.db);
  const stages = await repo.listStageRows(
    deps.db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => presentPipeline(row, stages)), nextCursor: null };
}

export const getPipeline = (deps: Deps, id: string) => loadPipeline(deps.db, id);

/** The pipeline an opportunity goes into when none is named. */
export async function defaultPipeline(db: Db): Promise<Pipeline> {
  const row = await repo.findDefaultPipeline(db);
  if (!row) throw new AppError('pipeline.not_found', 'there is no default pipeline');
  return presentPipeline(row, await repo.listStageRows(db, [row.id]));
}

/** A pipeline for an opportunity (active, with its stages), or a 400 naming `field`. */
export async function pipelineForOpportunity(db: Db, id: string | undefined, field = 'pipelineId') {
  if (id === undefined) return defaultPipeline(db);
  const row = await repo.findPipeline(db, id);
  if (!row || row.archived) throw invalid(field, 'names no active pipeline', 'pipeline.not_found');
  return presentPipeline(row, await repo.listStageRows(db, [id]));
}

export function checkStageKinds(stages: readonly { kind: StageKind }[]) {
  const count = (kind: StageKind) => stages.filter((stage) => stage.kind === kind).length;
  if (count('won') !== 1 || count('lost') !== 1 || count('open') < 1)
    throw invalid('stages', 'need exactly one won stage, one lost stage and at least one open stage');
}

async function withUniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Creates a pipeline with its stages; making it the default takes the flag from the old default. */
export async function createPipeline(
  deps: Deps,
  actor: Actor,
  input: PipelineCreateInput,
): Promise<Pipeline> {
  checkStageKinds(input.stages);
  const now = deps.clock.now();
  const id = newId();
  return deps.db.transaction().execute(async (tx) => {
    if (input.isDefault) await repo.clearDefault(tx, now);
    await withUniqueName(async () =>
      repo.insertPipeline(tx, {
        id,
        name: input.name,
        is_default: input.isDefault ?? false,
        position: await repo.nextPipelinePosition(tx),
        created_at: now,
        updated_at: now,
      }),
    );
    let open = 0;
    await repo.insertStages(
      tx,
      input.stages.map((stage) => ({
        id: newId(),
        pipeline_id: id,
        key: null,
        name: stage.name,
        position: stage.kind === 'open' ? open++ : 1000 + (stage.kind === 'won' ? 0 : 1),
        probability: stage.kind === 'won' ? 1 : stage.kind === 'lost' ? 0 : stage.probability,
        kind: stage.kind,
        created_at: now,
        updated_at: now,
      })),
    );
    const created = await loadPipeline(tx, id);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'pipeline',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function lockAt(tx: Db, id: string, version: number) {
  const row = await repo.lockPipeline(tx, id);
  if (!row) throw notFound('pipeline.not_found', id);
  if (row.version !== version) throw versionConflict('pipeline', row.version);
  return row;
}

/** Renames, archives or makes a pipeline the default. The default pipeline cannot be archived. */
export async function updatePipeline(
  deps: Deps,
  actor: Actor,
  id: string,
  input: PipelineUpdateInput,
): Promise<Pipeline> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockAt(tx, id, input.version);
    const before = await loadPipeline(tx, id);
    const isDefault = input.isDefault ?? row.is_default;
    const archived = input.archived ?? row.archived;
    if (isDefault && archived) throw invalid('archived', 'the default pipeline cannot be archived');
    if (input.isDefault && !row.is_default) await repo.clearDefault(tx, now);
    await withUniqueName(() =>
      repo.updatePipelineRow(tx, id, { name: input.name ?? row.name, is_default: isDefault, archived }, now),
    );
    const after = await loadPipeline(tx, id);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'pipeline',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes a pipeline no opportunity is in; the default pipeline stays. */
export async function deletePipeline(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await repo.lockPipeline(tx, id);
    if (!row) throw notFound('pipeline.not_found', id);
    if (version !== undefined && row.version !== version) throw versionConflict('pipeline', row.version);
    if (row.is_default)
      throw new AppError(
        'pipeline.in_use',
        'the default pipeline cannot be deleted; make another the default first',
      );
    if (await repo.pipelineInUse(tx, id))
      throw new AppError('pipeline.in_use', 'opportunities are in this pipeline; move or delete them first');
    const before = await loadPipeline(tx, id);
    await repo.deletePipelineRow(tx, id);
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'pipeline', entityId: id, before });
  });
}
