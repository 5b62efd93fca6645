import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/sales/lead-rules.repo.ts';
import {
  conditionProblem,
  scoreConditionSchema,
  type ScoreRule,
  type ScoreRuleCreateInput,
  type ScoreRuleUpdateInput,
} from '#src/modules/sales/lead-rules.schema.ts';
import type { Actor, Clock, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { AppError, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Lead scoring rules (issue 6 item 1): each adds its points when its condition holds; a lead's score is the sum,
 * with the matched rules kept as its reasons. Scoring is set-based SQL (lead-rules.repo.ts): one lead after it
 * changed, every open lead after a rule changed.
 */

const presentScoreRule = (row: repo.ScoreRuleRow): ScoreRule => ({
  id: row.id,
  name: row.name,
  condition: scoreConditionSchema.parse(row.condition),
  points: row.points,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

async function activeScoreRules(db: Db): Promise<repo.CompiledRule[]> {
  return (await repo.listScoreRules(db, true)).map((row) => ({
    id: row.id,
    name: row.name,
    points: row.points,
    condition: scoreConditionSchema.parse(row.condition),
  }));
}

/** What scoring needs of the app: the clock and the business time zone (an import passes its own). */
export interface ScoringDeps {
  clock: Clock;
  config: { timeZone: string };
}

const scoreClock = (deps: ScoringDeps): repo.ScoreClock => ({
  today: calendarDay(deps.clock.now(), deps.config.timeZone),
  timeZone: deps.config.timeZone,
});

/** Re-scores these leads by the active rules, in the caller's transaction (after a lead changed). */
export async function rescoreLeads(tx: Db, deps: ScoringDeps, ids: string[]): Promise<void> {
  await repo.scoreLeads(tx, await activeScoreRules(tx), scoreClock(deps), ids);
}

/** Re-scores every open lead, slice by slice (after the rules changed, or on request). */
export async function rescoreAllLeads(deps: Deps): Promise<{ leads: number }> {
  const rules = await activeScoreRules(deps.db);
  return { leads: await repo.scoreAllLeads(deps.db, rules, scoreClock(deps)) };
}

export async function listScoreRules(deps: Deps): Promise<{ items: ScoreRule[] }> {
  return { items: (await repo.listScoreRules(deps.db)).map(presentScoreRule) };
}

function checkCondition(condition: ScoreRuleCreateInput['condition']): void {
  const problem = conditionProblem(condition);
  if (problem)
    throw new AppError('request.invalid', `${problem.field} ${problem.message}`, { errors: [problem] });
}

export async function createScoreRule(
  deps: Deps,
  actor: Actor,
  input: ScoreRuleCreateInput,
): Promise<ScoreRule> {
  checkCondition(input.condition);
  const now = deps.clock.now();
  const id = newId();
  const created = await deps.db.transaction().execute(async (tx) => {
    await repo.insertScoreRule(tx, {
      id,
      name: input.name,
      condition: JSON.stringify(input.condition),
      points: input.points,
      active: input.active ?? true,
      created_at: now,
      updated_at: now,
    });
    const rule = presentScoreRule((await repo.findScoreRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'score_rule',
      entityId: id,
      after: rule,
    });
    return rule;
  });
  await rescoreAllLeads(deps);
  return created;
}

export async function updateScoreRule(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ScoreRuleUpdateInput,
): Promise<ScoreRule> {
  if (input.condition) checkCondition(input.condition);
  const now = deps.clock.now();
  const updated = await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findScoreRule(tx, id);
    if (!current) throw notFound('score_rule.not_found', id);
    if (current.version !== input.version) throw versionConflict('score rule', current.version);
    const before = presentScoreRule(current);
    const ok = await repo.updateScoreRule(
      tx,
      id,
      input.version,
      {
        name: input.name ?? before.name,
        condition: JSON.stringify(input.condition ?? before.condition),
        points: input.points ?? before.points,
        active: input.active ?? before.active,
      },
      now,
    );
    if (!ok) throw versionConflict('score rule', current.version);
    const after = presentScoreRule((await repo.findScoreRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'score_rule',
      entityId: id,
      before,
      after,
    });
    return after;
  });
  await rescoreAllLeads(deps);
  return updated;
}

export async function deleteScoreRule(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findScoreRule(tx, id);
    if (!current) throw notFound('score_rule.not_found', id);
    if (version !== undefined && version !== current.version)
      throw versionConflict('score rule', current.version);
    if (!(await repo.deleteScoreRule(tx, id, current.version)))
      throw versionConflict('score rule', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'score_rule',
      entityId: id,
      before: presentScoreRule(current),
    });
  });
  await rescoreAllLeads(deps);
}
