import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import * as repo from '#src/modules/sales/pipelines.repo.ts';
import type {
  Pipeline,
  StageCreateInput,
  StageKind,
  StageOrderInput,
  StageUpdateInput,
} from '#src/modules/sales/pipelines.schema.ts';
import { checkStageKinds, loadPipeline, lockAt } from '#src/modules/sales/pipelines.service.ts';

/**
 * A pipeline's stages (issue 6): added, renamed, re-weighted, reordered, turned into the won or lost stage, removed.
 * Every change keeps one won and one lost stage and is audited on the stage (a reorder on the pipeline).
 */

async function stageOf(tx: Db, pipelineId: string, stageId: string) {
  const stage = await repo.findStage(tx, stageId);
  if (!stage || stage.pipeline_id !== pipelineId || stage.archived)
    throw notFound('stage.not_found', stageId);
  return stage;
}

/** Stage changes take the pipeline's row lock, so two edits of one pipeline's stages serialise. */
async function changeStages<T>(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  work: (
    tx: Db,
    now: Date,
    stages: repo.StageRow[],
  ) => Promise<{ stageId: string; action: 'create' | 'update' | 'delete'; result: T }>,
): Promise<T> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await repo.lockPipeline(tx, pipelineId);
    if (!row) throw notFound('pipeline.not_found', pipelineId);
    const before = await loadPipeline(tx, pipelineId);
    const stages = await repo.listStageRows(tx, [pipelineId]);
    const { stageId, action, result } = await work(tx, now, stages);
    const after = await loadPipeline(tx, pipelineId);
    checkStageKinds(after.stages);
    await recordAudit(tx, actor, {
      at: now,
      action,
      entity: 'pipeline_stage',
      entityId: stageId,
      before: before.stages.find((stage) => stage.id === stageId) ?? null,
      after: after.stages.find((stage) => stage.id === stageId) ?? null,
    });
    return result;
  });
}

/** Rewrites the open stages' positions 0..n-1 in the given order. */
async function renumber(tx: Db, ids: readonly string[], now: Date) {
  for (const [position, id] of ids.entries()) await repo.updateStageRow(tx, id, { position }, now);
}

const openIds = (stages: repo.StageRow[]) =>
  stages.filter((stage) => stage.kind === 'open').map((stage) => stage.id);

export async function addStage(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  input: StageCreateInput,
): Promise<Pipeline> {
  return changeStages(deps, actor, pipelineId, async (tx, now, stages) => {
    const id = newId();
    const open = openIds(stages);
    const at = Math.min(input.position ?? open.length, open.length);
    await repo.insertStages(tx, [
      {
        id,
        pipeline_id: pipelineId,
        key: null,
        name: input.name,
        position: at,
        probability: input.probability,
        kind: 'open',
        created_at: now,
        updated_at: now,
      },
    ]);
    await renumber(tx, [...open.slice(0, at), id, ...open.slice(at)], now);
    return { stageId: id, action: 'create', result: await loadPipeline(tx, pipelineId) };
  });
}

/**
 * Renames a stage (dropping its built-in key), changes its probability, or its kind: making it the won (lost)
 * stage turns the old one open. A stage with opportunities in it keeps its kind, since their status follows it.
 */
export async function updateStage(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  input: StageUpdateInput,
): Promise<Pipeline> {
  return changeStages(deps, actor, pipelineId, async (tx, now, stages) => {
    const stage = await stageOf(tx, pipelineId, stageId);
    if (stage.version !== input.version) throw versionConflict('stage', stage.version);
    const kind = input.kind ?? (stage.kind as StageKind);
    if (kind !== stage.kind) {
      if (stage.kind !== 'open')
        throw invalid(
          'kind',
          'make another stage the won or lost stage instead; a pipeline needs one of each',
        );
      if ((await repo.stageUse(tx, stageId)).current)
        throw new AppError('stage.in_use', 'opportunities are in this stage; its kind cannot change');
      const previous = stages.find((other) => other.kind === kind)!;
      if ((await repo.stageUse(tx, previous.id)).current)
        throw new AppError(
          'stage.in_use',
          `opportunities are in the current ${kind} stage; its kind cannot change`,
        );
      await repo.updateStageRow(tx, previous.id, { kind: 'open', position: openIds(stages).length }, now);
      await repo.updateStageRow(tx, stageId, { kind, position: 1000 + (kind === 'won' ? 0 : 1) }, now);
      await renumber(tx, [...openIds(stages).filter((id) => id !== stageId), previous.id], now);
    }
    const renamed = input.name !== undefined && input.name !== stage.name;
    await repo.updateStageRow(
      tx,
      stageId,
      {
        name: input.name ?? stage.name,
        key: renamed ? null : stage.key,
        probability: kind === 'won' ? 1 : kind === 'lost' ? 0 : (input.probability ?? stage.probability),
      },
      now,
    );
    return { stageId, action: 'update', result: await loadPipeline(tx, pipelineId) };
  });
}

/** Puts the open stages in a new order; the list must name each open stage once. */
export async function reorderStages(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  input: StageOrderInput,
): Promise<Pipeline> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await lockAt(tx, pipelineId, input.version);
    const before = await loadPipeline(tx, pipelineId);
    const open = openIds(await repo.listStageRows(tx, [pipelineId]));
    if (
      input.stageIds.length !== open.length ||
      new Set(input.stageIds).size !== open.length ||
      !input.stageIds.every((id) => open.includes(id))
    )
      throw invalid('stageIds', 'must list every open stage of the pipeline once');
    await renumber(tx, input.stageIds, now);
    await repo.updatePipelineRow(tx, pipelineId, {}, now);
    const after = await loadPipeline(tx, pipelineId);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'pipeline',
      entityId: pipelineId,
      before,
      after,
    });
    return after;
  });
}

/**
 * Removes an open stage no opportunity is in. A stage that opportunities passed through stays in their history:
 * it is archived (hidden from the board) rather than deleted.
 */
export async function deleteStage(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  version?: number,
): Promise<void> {
  await changeStages(deps, actor, pipelineId, async (tx, now, stages) => {
    const stage = await stageOf(tx, pipelineId, stageId);
    if (version !== undefined && stage.version !== version) throw versionConflict('stage', stage.version);
    if (stage.kind !== 'open') throw invalid('stageId', 'the won and lost stages cannot be deleted');
    const use = await repo.stageUse(tx, stageId);
    if (use.current) throw new AppError('stage.in_use', 'opportunities are in this stage; move them first');
    if (use.past) await repo.updateStageRow(tx, stageId, { archived: true }, now);
    else await repo.deleteStageRow(tx, stageId);
    await renumber(
      tx,
      openIds(stages).filter((id) => id !== stageId),
      now,
    );
    return { stageId, action: 'delete', result: undefined };
  });
}
