import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { invalid } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import * as repo from '#src/modules/sales/opportunities.repo.ts';
import type {
  LoseInput,
  MoveInput,
  OpportunityDetail,
  OpportunityStatus,
  ReopenInput,
  WinInput,
} from '#src/modules/sales/opportunities.schema.ts';
import { closedError, loadDetail, lockForChange } from '#src/modules/sales/opportunities.service.ts';
import { listStageRows, type StageRow } from '#src/modules/sales/pipelines.service.ts';

/**
 * Moving an opportunity through its pipeline (issue 6, item 2): to another open stage, to won or lost, and back
 * open. Each change writes a stage-history row (who, when, amount, probability) and an audit entry in the same
 * transaction. A won or lost opportunity only reopens: any other change answers `opportunity.closed`.
 */

type Action = 'move' | 'win' | 'lose' | 'reopen';

async function stagesOf(tx: Db, pipelineId: string) {
  return listStageRows(tx, [pipelineId]);
}

function openStage(stages: StageRow[], stageId: string): StageRow {
  const stage = stages.find((candidate) => candidate.id === stageId);
  if (!stage) throw invalid('stageId', 'names no stage of the opportunity’s pipeline', 'stage.not_found');
  if (stage.kind !== 'open')
    throw invalid('stageId', 'is the won or lost stage: win or lose the opportunity instead');
  return stage;
}

async function transition(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
  action: Action,
  decide: (
    stages: StageRow[],
    current: { status: string; stage_id: string },
  ) => { stage: StageRow; status: OpportunityStatus; probability: number; reason?: string | null },
): Promise<OpportunityDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockForChange(tx, actor, id, version, action !== 'reopen');
    if (action === 'reopen' && locked.status === 'open')
      throw invalid('status', 'the opportunity is open already; move it instead');
    const before = await loadDetail(tx, id);
    const stages = await stagesOf(tx, locked.pipeline_id);
    const next = decide(stages, locked);
    const closed = next.status !== 'open';
    await repo.updateOpportunityAt(
      tx,
      id,
      locked.version,
      {
        stage_id: next.stage.id,
        status: next.status,
        probability: next.probability,
        stage_entered_at: now,
        forecast_category:
          next.status === 'won'
            ? 'closed'
            : next.status === 'lost'
              ? 'omitted'
              : action === 'reopen'
                ? 'pipeline'
                : before.forecastCategory,
        ...(action === 'move'
          ? {}
          : {
              close_reason: closed ? (next.reason ?? null) : null,
              closed_at: closed ? now : null,
              closed_day: closed ? calendarDay(now, deps.config.timeZone) : null,
            }),
      },
      now,
    );
    const amount = await repo.findAmount(tx, id);
    await repo.insertHistory(tx, {
      id: newId(),
      opportunity_id: id,
      customer_id: locked.customer_id,
      pipeline_id: locked.pipeline_id,
      from_stage_id: locked.stage_id,
      to_stage_id: next.stage.id,
      status: next.status,
      amount,
      probability: next.probability,
      changed_by: actor.userId,
      changed_at: now,
    });
    const after = await loadDetail(tx, id);
    await recordAudit(tx, actor, { at: now, action, entity: 'opportunity', entityId: id, before, after });
    return after;
  });
}

/** Moves an open opportunity to another open stage; its probability becomes the stage's unless given. */
export const moveOpportunity = (deps: Deps, actor: Actor, id: string, input: MoveInput) =>
  transition(deps, actor, id, input.version, 'move', (stages) => {
    const stage = openStage(stages, input.stageId);
    return { stage, status: 'open', probability: input.probability ?? stage.probability };
  });

const stageOfKind = (stages: StageRow[], kind: 'won' | 'lost') =>
  stages.find((stage) => stage.kind === kind)!;

/** Wins an open opportunity: the won stage, probability 1, forecast category closed, closed on today's business day. */
export const winOpportunity = (deps: Deps, actor: Actor, id: string, input: WinInput) =>
  transition(deps, actor, id, input.version, 'win', (stages) => ({
    stage: stageOfKind(stages, 'won'),
    status: 'won',
    probability: 1,
    reason: input.reason ?? null,
  }));

/** Loses an open opportunity, with the reason why: probability 0, omitted from the forecast. */
export const loseOpportunity = (deps: Deps, actor: Actor, id: string, input: LoseInput) =>
  transition(deps, actor, id, input.version, 'lose', (stages) => ({
    stage: stageOfKind(stages, 'lost'),
    status: 'lost',
    probability: 0,
    reason: input.reason,
  }));

/** Reopens a won or lost opportunity into an open stage; its close date and reason are cleared. */
export const reopenOpportunity = (deps: Deps, actor: Actor, id: string, input: ReopenInput) =>
  transition(deps, actor, id, input.version, 'reopen', (stages, current) => {
    if (current.status === 'open') throw closedError();
    const stage = openStage(stages, input.stageId);
    return { stage, status: 'open', probability: input.probability ?? stage.probability };
  });
