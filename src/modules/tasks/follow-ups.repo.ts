import { sql, type RawBuilder } from 'kysely';
import type { Db } from '#src/shared/context.ts';
import type { FollowUpTrigger } from '#src/modules/tasks/tasks.schema.ts';

const ruleColumns = [
  'id',
  'name',
  'trigger',
  'delay_days',
  'task_kind',
  'subject',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

export const listRules = (db: Db) =>
  db.selectFrom('follow_up_rules').select(ruleColumns).orderBy('created_at').orderBy('id').execute();

export const findRule = (db: Db, id: string) =>
  db.selectFrom('follow_up_rules').select(ruleColumns).where('id', '=', id).executeTakeFirst();

export type RuleRow = Awaited<ReturnType<typeof findRule>> & {};

export async function insertRule(
  db: Db,
  rule: {
    id: string;
    name: string;
    trigger: string;
    delayDays: number;
    taskKind: string;
    subject: string;
    active: boolean;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('follow_up_rules')
    .values({
      id: rule.id,
      name: rule.name,
      trigger: rule.trigger,
      delay_days: rule.delayDays,
      task_kind: rule.taskKind,
      subject: rule.subject,
      active: rule.active,
      created_at: rule.now,
      updated_at: rule.now,
    })
    .execute();
}

export async function updateRule(
  db: Db,
  id: string,
  version: number,
  rule: { name: string; delayDays: number; taskKind: string; subject: string; active: boolean },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('follow_up_rules')
    .set({
      name: rule.name,
      delay_days: rule.delayDays,
      task_kind: rule.taskKind,
      subject: rule.subject,
      active: rule.active,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Deleting a rule keeps the tasks it made: they lose the link to it (and so the rule's key). */
export async function deleteRule(db: Db, id: string, version: number): Promise<boolean> {
  await db
    .updateTable('tasks')
    .set({ follow_up_rule_id: null })
    .where('follow_up_rule_id', '=', id)
    .execute();
  const result = await db
    .deleteFrom('follow_up_rules')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/**
 * How far before its last scan a rule looks again: a record written by a transaction that committed after that scan
 * but is stamped before it (an import's batch, stamped when the batch starts) is still found; the tasks' unique key
 * makes the overlap harmless. Short, because every scan reads it again: after an import of a million orders an hour
 * of look-back would re-read them all every minute for an hour.
 */
const lookBack = sql`interval '10 minutes'`;

/**
 * What each trigger's records are: the record (`source_id`), its customer, its business day, and who owns the
 * follow-up (the customer's owner for orders and quotes, the opportunity's owner for a won deal), each only when it
 * happened after the rule was created and since ten minutes before its last scan (`r` is the rule).
 */
const sources: Record<FollowUpTrigger, (timeZone: string) => RawBuilder<unknown>> = {
  order_created: () => sql`
    select o.id as source_id, o.customer_id, null::uuid as opportunity_id, o.order_day as day,
      c.owner_id, c.team_id, c.name as customer_name, r.id as rule_id
    from follow_up_rules r
    join orders o on o.created_at > greatest(r.created_at, r.scanned_to - ${lookBack}) and o.status not in ('cancelled', 'returned')
    join customers c on c.id = o.customer_id and c.deleted_at is null
    where r.active and r.trigger = 'order_created'`,
  opportunity_won: () => sql`
    select op.id as source_id, op.customer_id, op.id as opportunity_id, op.closed_day as day,
      op.owner_id, op.team_id, c.name as customer_name, r.id as rule_id
    from follow_up_rules r
    join opportunities op on op.status = 'won' and op.closed_at > greatest(r.created_at, r.scanned_to - ${lookBack}) and op.closed_day is not null
    join customers c on c.id = op.customer_id and c.deleted_at is null
    where r.active and r.trigger = 'opportunity_won'`,
  quote_accepted: (timeZone) => sql`
    select q.id as source_id, q.customer_id, q.opportunity_id,
      (q.decided_at at time zone ${timeZone})::date as day,
      c.owner_id, c.team_id, c.name as customer_name, r.id as rule_id
    from follow_up_rules r
    join quotes q on q.status = 'accepted' and q.decided_at > greatest(r.created_at, r.scanned_to - ${lookBack})
    join customers c on c.id = q.customer_id and c.deleted_at is null
    where r.active and r.trigger = 'quote_accepted'`,
};

/**
 * Creates, in one statement per trigger, the task every active rule owes each of its records that has none yet:
 * due (all day) on the record's business day + delay_days, reminded at that day's start, `{{customer}}` in the
 * subject replaced by the customer's name. The unique key (follow_up_rule_id, source_id) makes it idempotent, also
 * when two servers run it at once. The audit entry of each task is written by the same statement (actor `system`).
 * Returns the created tasks' ids.
 */
export async function createFollowUpTasks(
  db: Db,
  trigger: FollowUpTrigger,
  timeZone: string,
  now: Date,
): Promise<string[]> {
  const result = await sql<{ id: string }>`
    with source as (${sources[trigger](timeZone)}),
    created as (
      insert into tasks (id, kind, subject, status, due_at, all_day, remind_at, customer_id, opportunity_id,
        follow_up_rule_id, source_id, owner_id, team_id, created_at, updated_at)
      select gen_random_uuid(), r.task_kind, left(replace(r.subject, '{{customer}}', s.customer_name), 200), 'open',
        (s.day + r.delay_days)::timestamp at time zone ${timeZone}, true,
        (s.day + r.delay_days)::timestamp at time zone ${timeZone},
        s.customer_id, s.opportunity_id, r.id, s.source_id, s.owner_id, s.team_id, ${now}::timestamptz, ${now}::timestamptz
      from source s
      join follow_up_rules r on r.id = s.rule_id
      where not exists (select 1 from tasks t where t.follow_up_rule_id = s.rule_id and t.source_id = s.source_id)
      on conflict (follow_up_rule_id, source_id) where follow_up_rule_id is not null do nothing
      returning id, kind, subject, due_at, customer_id, opportunity_id, owner_id, follow_up_rule_id, source_id
    ),
    audited as (
      insert into audit_log (id, at, actor_id, actor, action, entity, entity_id, before, after)
      select gen_random_uuid(), ${now}::timestamptz, null, 'system', 'create', 'task', created.id::text, null,
        jsonb_build_object('id', created.id, 'kind', created.kind, 'subject', created.subject,
          'dueAt', created.due_at, 'customerId', created.customer_id, 'opportunityId', created.opportunity_id,
          'ownerId', created.owner_id, 'followUpRuleId', created.follow_up_rule_id, 'sourceId', created.source_id)
      from created
    ),
    scanned as (
      update follow_up_rules set scanned_to = ${now}::timestamptz where active and trigger = ${trigger}
    )
    select id from created`.execute(db);
  return result.rows.map((row) => row.id);
}
