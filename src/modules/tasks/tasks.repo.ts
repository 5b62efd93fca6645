import { sql, type SqlBool } from 'kysely';
import { decodeCursor, type Keyset } from '#src/db/paginate.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Period } from '#src/shared/period.ts';
import type { Db } from '#src/shared/context.ts';
import type { TaskListQuery } from '#src/modules/tasks/tasks.schema.ts';

const taskColumns = [
  'tasks.id',
  'tasks.kind',
  'tasks.subject',
  'tasks.notes',
  'tasks.status',
  'tasks.due_at',
  'tasks.all_day',
  'tasks.remind_at',
  'tasks.reminded_at',
  'tasks.completed_at',
  'tasks.outcome',
  'tasks.customer_id',
  'tasks.lead_id',
  'tasks.opportunity_id',
  'tasks.follow_up_rule_id',
  'tasks.owner_id',
  'tasks.team_id',
  'tasks.created_by',
  'tasks.version',
  'tasks.created_at',
  'tasks.updated_at',
] as const;

/** A task with the names of what it is about and of its owner. */
const baseQuery = (db: Db) =>
  db
    .selectFrom('tasks')
    .leftJoin('customers', 'customers.id', 'tasks.customer_id')
    .leftJoin('leads', 'leads.id', 'tasks.lead_id')
    .leftJoin('opportunities', 'opportunities.id', 'tasks.opportunity_id')
    .leftJoin('users as owner', 'owner.id', 'tasks.owner_id')
    .select([
      ...taskColumns,
      'customers.name as customer_name',
      'leads.name as lead_name',
      'opportunities.name as opportunity_name',
      'owner.name as owner_name',
    ]);

export const findTask = (db: Db, id: string) => baseQuery(db).where('tasks.id', '=', id).executeTakeFirst();

export type TaskRow = Awaited<ReturnType<typeof findTask>> & {};

/**
 * The sort key of a list. Tasks without a due time sort after every dated one (a sentinel instead of NULL, which
 * a keyset comparison cannot order).
 */
const sortKey = (keyset: Keyset) =>
  keyset.column === 'due_at'
    ? sql<Date>`coalesce(tasks.due_at, '9999-12-31 00:00:00+00'::timestamptz)`
    : sql<Date>`tasks.created_at`;

/** Open tasks past due at `now`: a timed task past its time, a day task past its day (before `todayStart`). */
const overdueWhere = (now: Date, todayStart: Date) =>
  sql<SqlBool>`tasks.status = 'open' and tasks.due_at is not null and
    ((tasks.all_day and tasks.due_at < ${todayStart}) or (not tasks.all_day and tasks.due_at < ${now}))`;

export async function listTasks(
  db: Db,
  scope: CustomerScope,
  filter: TaskListQuery & { ownerFilter: string | null },
  keyset: Keyset,
  due: Period,
  clock: { now: Date; todayStart: Date },
) {
  const key = sortKey(keyset);
  const direction = sql.raw(keyset.direction);
  let q = baseQuery(db)
    .select(sql<string>`${key}::text`.as('cursor_value'))
    .where(customerVisible(scope, 'tasks'))
    .orderBy(sql`${key} ${direction}`)
    .orderBy('tasks.id', keyset.direction)
    .limit(filter.limit + 1);
  if (filter.ownerFilter) q = q.where('tasks.owner_id', '=', filter.ownerFilter);
  if (filter.status) q = q.where('tasks.status', 'in', filter.status);
  if (filter.kind) q = q.where('tasks.kind', 'in', filter.kind);
  if (filter.customerId) q = q.where('tasks.customer_id', '=', filter.customerId);
  if (filter.leadId) q = q.where('tasks.lead_id', '=', filter.leadId);
  if (filter.opportunityId) q = q.where('tasks.opportunity_id', '=', filter.opportunityId);
  if (due.from) q = q.where('tasks.due_at', '>=', due.from);
  if (due.before) q = q.where('tasks.due_at', '<', due.before);
  if (due.through) q = q.where('tasks.due_at', '<=', due.through);
  if (filter.undated === 'true') q = q.where('tasks.due_at', 'is', null);
  if (filter.undated === 'false') q = q.where('tasks.due_at', 'is not', null);
  if (filter.overdue === 'true') q = q.where(overdueWhere(clock.now, clock.todayStart));
  if (filter.overdue === 'false')
    q = q.where(sql<SqlBool>`not (${overdueWhere(clock.now, clock.todayStart)})`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('tasks.subject', 'ilike', like), eb('tasks.notes', 'ilike', like)]));
  }
  if (filter.cursor) {
    const [value, id] = decodeCursor(keyset, filter.cursor);
    const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
    q = q.where(sql<SqlBool>`(${key}, tasks.id) ${op} (${value}::timestamptz, ${id}::uuid)`);
  }
  return q.execute();
}

export interface TaskValues {
  kind: string;
  subject: string;
  notes: string | null;
  dueAt: Date | null;
  allDay: boolean;
  remindAt: Date | null;
  customerId: string | null;
  leadId: string | null;
  opportunityId: string | null;
  ownerId: string | null;
  teamId: string | null;
}

export async function insertTask(
  db: Db,
  task: TaskValues & { id: string; createdBy: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('tasks')
    .values({
      id: task.id,
      kind: task.kind,
      subject: task.subject,
      notes: task.notes,
      due_at: task.dueAt,
      all_day: task.allDay,
      remind_at: task.remindAt,
      customer_id: task.customerId,
      lead_id: task.leadId,
      opportunity_id: task.opportunityId,
      owner_id: task.ownerId,
      team_id: task.teamId,
      created_by: task.createdBy,
      created_at: task.now,
      updated_at: task.now,
    })
    .execute();
}

/**
 * Changes a task at `version`; returns false when it was stale. A new reminder time clears `reminded_at`, so a
 * moved reminder fires again.
 */
export async function updateTask(
  db: Db,
  id: string,
  version: number,
  task: TaskValues,
  remindAgain: boolean,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({
      kind: task.kind,
      subject: task.subject,
      notes: task.notes,
      due_at: task.dueAt,
      all_day: task.allDay,
      remind_at: task.remindAt,
      customer_id: task.customerId,
      lead_id: task.leadId,
      opportunity_id: task.opportunityId,
      owner_id: task.ownerId,
      team_id: task.teamId,
      ...(remindAgain && { reminded_at: null }),
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Sets the task's status (done with its outcome, or open again); false when it changed meanwhile. */
export async function setStatus(
  db: Db,
  id: string,
  version: number,
  values: { status: 'open' | 'done'; completedAt: Date | null; outcome: string | null },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({
      status: values.status,
      completed_at: values.completedAt,
      outcome: values.outcome,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export const deleteTask = async (db: Db, id: string, version: number): Promise<boolean> =>
  (await db.deleteFrom('tasks').where('id', '=', id).where('version', '=', version).executeTakeFirst())
    .numDeletedRows === 1n;

/** A staff member's team and whether they exist and are active, for assigning tasks. */
export const findStaff = (db: Db, id: string) =>
  db
    .selectFrom('users')
    .select(['id', 'team_id', 'active', 'email', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
