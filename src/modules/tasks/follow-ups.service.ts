import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/tasks/follow-ups.repo.ts';
import {
  followUpTriggers,
  type FollowUpRule,
  type FollowUpRuleCreateInput,
  type FollowUpRuleUpdateInput,
  type FollowUpTrigger,
  type TaskKind,
} from '#src/modules/tasks/tasks.schema.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Follow-up plans (issue 6): "N days after an order / a won deal / an accepted quote, a call about {{customer}}".
 * A rule applies to what happens after it was created, never to the past, and makes one task per record.
 */

const present = (row: repo.RuleRow): FollowUpRule => ({
  id: row.id,
  name: row.name,
  trigger: row.trigger as FollowUpTrigger,
  delayDays: row.delay_days,
  taskKind: row.task_kind as TaskKind,
  subject: row.subject,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function listFollowUpRules(deps: Deps): Promise<{ items: FollowUpRule[] }> {
  return { items: (await repo.listRules(deps.db)).map(present) };
}

export async function getFollowUpRule(deps: Deps, id: string): Promise<FollowUpRule> {
  const row = await repo.findRule(deps.db, id);
  if (!row) throw notFound('follow_up_rule.not_found', id);
  return present(row);
}

export async function createFollowUpRule(
  deps: Deps,
  actor: Actor,
  input: FollowUpRuleCreateInput,
): Promise<FollowUpRule> {
  const id = newId();
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await repo.insertRule(tx, { id, ...input, active: input.active ?? true, now });
    const created = present((await repo.findRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'follow_up_rule',
      entityId: id,
      after: created,
    });
    return created;
  });
}

/** Changes a rule; its trigger stays (a rule for other records is a new rule, which starts from now). */
export async function updateFollowUpRule(
  deps: Deps,
  actor: Actor,
  id: string,
  input: FollowUpRuleUpdateInput,
): Promise<FollowUpRule> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findRule(tx, id);
    if (!current) throw notFound('follow_up_rule.not_found', id);
    if (current.version !== input.version) throw versionConflict('follow_up_rule', current.version);
    const changed = await repo.updateRule(
      tx,
      id,
      input.version,
      {
        name: input.name ?? current.name,
        delayDays: input.delayDays ?? current.delay_days,
        taskKind: input.taskKind ?? current.task_kind,
        subject: input.subject ?? current.subject,
        active: input.active ?? current.active,
      },
      now,
    );
    if (!changed) throw versionConflict('follow_up_rule', current.version);
    const after = present((await repo.findRule(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'follow_up_rule',
      entityId: id,
      before: present(current),
      after,
    });
    return after;
  });
}

/** Deletes a rule; the tasks it made stay. */
export async function deleteFollowUpRule(
  deps: Deps,
  actor: Actor,
  id: string,
  version?: number,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findRule(tx, id);
    if (!current) throw notFound('follow_up_rule.not_found', id);
    if (version !== undefined && version !== current.version)
      throw versionConflict('follow_up_rule', current.version);
    if (!(await repo.deleteRule(tx, id, current.version)))
      throw versionConflict('follow_up_rule', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'follow_up_rule',
      entityId: id,
      before: present(current),
    });
  });
}

/**
 * Creates the tasks the active rules owe (set-based, one statement per trigger; idempotent by the tasks' unique
 * follow-up key). The upkeep loop runs it every 30 s; tests call it on their clock. Returns the new tasks' ids.
 */
export async function runFollowUpRules(deps: Deps): Promise<string[]> {
  const now = deps.clock.now();
  const created: string[] = [];
  for (const trigger of followUpTriggers)
    created.push(...(await repo.createFollowUpTasks(deps.db, trigger, deps.config.timeZone, now)));
  return created;
}
