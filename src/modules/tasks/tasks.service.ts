import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { readScope, requireCustomer } from '#src/modules/customers/customers.access.ts';
import { checkAssignment, resolveOwner } from '#src/modules/customers/customers.owners.ts';
import { logContactIn } from '#src/modules/interactions/interactions.service.ts';
import type { InteractionChannel } from '#src/modules/interactions/interactions.schema.ts';
import { requireLead, requireOpportunity } from '#src/modules/sales/sales.access.ts';
import { requireChangeable, visibleTask } from '#src/modules/tasks/tasks.access.ts';
import * as repo from '#src/modules/tasks/tasks.repo.ts';
import type {
  Task,
  TaskCompleteInput,
  TaskCreateInput,
  TaskKind,
  TaskListQuery,
  TaskStatus,
  TaskUpdateInput,
} from '#src/modules/tasks/tasks.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { AppError, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { periodBounds } from '#src/shared/period.ts';

const sortColumns = {
  dueAt: { column: 'due_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
} as const;

/** The start of a business day (a bare `YYYY-MM-DD`) as an instant. */
const dayStart = (day: string, timeZone: string): Date => periodBounds(day, undefined, timeZone).from!;

/** Presents a task as of `now`: its business due day and whether it is overdue. */
export function presentTask(row: repo.TaskRow, now: Date, timeZone: string): Task {
  const dueDay = row.due_at ? calendarDay(row.due_at, timeZone) : null;
  const today = calendarDay(now, timeZone);
  const overdue =
    row.status === 'open' &&
    row.due_at !== null &&
    (row.all_day ? dueDay! < today : row.due_at.getTime() < now.getTime());
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    id: row.id,
    kind: row.kind as TaskKind,
    subject: row.subject,
    notes: row.notes,
    status: row.status as TaskStatus,
    dueAt: iso(row.due_at),
    dueDay,
    allDay: row.all_day,
    remindAt: iso(row.remind_at),
    remindedAt: iso(row.reminded_at),
    completedAt: iso(row.completed_at),
    outcome: row.outcome,
    overdue,
    customerId: row.customer_id,
    customerName: row.customer_name,
    leadId: row.lead_id,
    leadName: row.lead_name,
    opportunityId: row.opportunity_id,
    opportunityName: row.opportunity_name,
    followUpRuleId: row.follow_up_rule_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    teamId: row.team_id,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listTasks(deps: Deps, actor: Actor, query: TaskListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  const due = periodBounds(query.from, query.to, timeZone);
  const ownerFilter = query.mine === 'true' ? (actor.userId ?? newId()) : (query.ownerId ?? null);
  const rows = await repo.listTasks(deps.db, readScope(actor), { ...query, ownerFilter }, keyset, due, {
    now,
    todayStart: dayStart(calendarDay(now, timeZone), timeZone),
  });
  return toPage(rows, query.limit, keyset, (row) => presentTask(row, now, timeZone));
}

const load = async (deps: Deps, db: Db, actor: Actor, id: string) =>
  visibleTask(actor, await repo.findTask(db, id), id);

export async function getTask(deps: Deps, actor: Actor, id: string): Promise<Task> {
  return presentTask(await load(deps, deps.db, actor, id), deps.clock.now(), deps.config.timeZone);
}

/** A due time given as an instant or a bare business day (all-day); an all-day task is due at its day's start. */
function dueOf(
  dueAt: string | null,
  allDay: boolean | undefined,
  timeZone: string,
): { dueAt: Date | null; allDay: boolean } {
  if (dueAt === null) return { dueAt: null, allDay: false };
  if (dueAt.length === 10) return { dueAt: dayStart(dueAt, timeZone), allDay: allDay ?? true };
  const instant = new Date(dueAt);
  return allDay
    ? { dueAt: dayStart(calendarDay(instant, timeZone), timeZone), allDay: true }
    : { dueAt: instant, allDay: false };
}

/**
 * The records a task is about, each one the actor may see (customers.access.ts, sales.access.ts); an opportunity
 * brings its customer along when none is given.
 */
async function checkRelated(
  tx: Db,
  actor: Actor,
  related: { customerId: string | null; leadId: string | null; opportunityId: string | null },
) {
  let { customerId } = related;
  if (related.opportunityId) {
    const opportunity = await requireOpportunity(tx, actor, related.opportunityId, 'read');
    customerId ??= opportunity.customer_id;
  }
  if (related.leadId) await requireLead(tx, actor, related.leadId, 'read');
  if (customerId) await requireCustomer(tx, actor, customerId, 'read');
  return { customerId, leadId: related.leadId, opportunityId: related.opportunityId };
}

/**
 * The owner and team of a new task, or of a task given to `ownerId`: the actor by default; someone else only by
 * an assignment (managers their team, admins anyone). Resolved before the transaction opens: the staff lookup
 * goes through the users service on its own connection.
 */
async function ownerOf(deps: Deps, actor: Actor, ownerId: string | undefined) {
  const id = ownerId ?? actor.userId;
  if (!id) return { ownerId: null, teamId: null };
  const owner = await resolveOwner(deps, id);
  if (id !== actor.userId) checkAssignment(actor, owner);
  return { ownerId: owner.id, teamId: owner.teamId };
}

async function audited(
  tx: Db,
  actor: Actor,
  at: Date,
  action: 'create' | 'update' | 'delete' | 'complete' | 'reopen',
  id: string,
  before: Task | null,
  after: Task | null,
) {
  await recordAudit(tx, actor, { at, action, entity: 'task', entityId: id, before, after });
}

/** Creates a task; audited. */
export async function createTask(deps: Deps, actor: Actor, input: TaskCreateInput): Promise<Task> {
  const id = newId();
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  const owner = await ownerOf(deps, actor, input.ownerId);
  return deps.db.transaction().execute(async (tx) => {
    const related = await checkRelated(tx, actor, {
      customerId: input.customerId ?? null,
      leadId: input.leadId ?? null,
      opportunityId: input.opportunityId ?? null,
    });
    await repo.insertTask(tx, {
      id,
      kind: input.kind,
      subject: input.subject,
      notes: input.notes || null,
      ...dueOf(input.dueAt ?? null, input.allDay, timeZone),
      remindAt: input.remindAt ? new Date(input.remindAt) : null,
      ...related,
      ...owner,
      createdBy: actor.userId,
      now,
    });
    const created = presentTask((await repo.findTask(tx, id))!, now, timeZone);
    await audited(tx, actor, now, 'create', id, null, created);
    return created;
  });
}

/** Changes a task at its version; a moved reminder fires again. */
export async function updateTask(
  deps: Deps,
  actor: Actor,
  id: string,
  input: TaskUpdateInput,
): Promise<Task> {
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  const newOwner = input.ownerId === undefined ? null : await ownerOf(deps, actor, input.ownerId);
  return deps.db.transaction().execute(async (tx) => {
    const current = await load(deps, tx, actor, id);
    requireChangeable(actor, current);
    if (current.version !== input.version) throw versionConflict('task', current.version);
    const before = presentTask(current, now, timeZone);
    const owner = newOwner ?? { ownerId: current.owner_id, teamId: current.team_id };
    const related = await checkRelated(tx, actor, {
      customerId: input.customerId === undefined ? current.customer_id : input.customerId,
      leadId: input.leadId === undefined ? current.lead_id : input.leadId,
      opportunityId: input.opportunityId === undefined ? current.opportunity_id : input.opportunityId,
    });
    const due =
      input.dueAt === undefined && input.allDay === undefined
        ? { dueAt: current.due_at, allDay: current.all_day }
        : input.dueAt === undefined
          ? dueOf(current.due_at?.toISOString() ?? null, input.allDay, timeZone)
          : dueOf(input.dueAt, input.allDay, timeZone);
    const remindAt =
      input.remindAt === undefined ? current.remind_at : input.remindAt ? new Date(input.remindAt) : null;
    const remindAgain = (remindAt?.getTime() ?? null) !== (current.remind_at?.getTime() ?? null);
    const changed = await repo.updateTask(
      tx,
      id,
      input.version,
      {
        kind: input.kind ?? current.kind,
        subject: input.subject ?? current.subject,
        notes: input.notes === undefined ? current.notes : input.notes || null,
        ...due,
        remindAt,
        ...related,
        ...owner,
      },
      remindAgain,
      now,
    );
    if (!changed) throw versionConflict('task', current.version);
    const after = presentTask((await repo.findTask(tx, id))!, now, timeZone);
    await audited(tx, actor, now, 'update', id, before, after);
    return after;
  });
}

export async function deleteTask(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await load(deps, tx, actor, id);
    requireChangeable(actor, current);
    if (version !== undefined && current.version !== version) throw versionConflict('task', current.version);
    if (!(await repo.deleteTask(tx, id, current.version))) throw versionConflict('task', current.version);
    await audited(tx, actor, now, 'delete', id, presentTask(current, now, deps.config.timeZone), null);
  });
}

/** The channel a completed contact task is logged on (interactions' channels). */
const contactChannel: Partial<Record<TaskKind, InteractionChannel>> = {
  call: 'phone',
  visit: 'visit',
  meeting: 'visit',
};

/**
 * Completes an open task with its outcome (a done task cannot be completed again: 409 task.state). A call, visit or
 * meeting about a customer is also logged on the customer's timeline, so every contact is recorded.
 */
export async function completeTask(
  deps: Deps,
  actor: Actor,
  id: string,
  input: TaskCompleteInput,
): Promise<Task> {
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  return deps.db.transaction().execute(async (tx) => {
    const current = await load(deps, tx, actor, id);
    requireChangeable(actor, current);
    if (input.version !== undefined && current.version !== input.version)
      throw versionConflict('task', current.version);
    if (current.status !== 'open')
      throw new AppError('task.state', `the task is ${current.status}; only an open task can be completed`);
    const outcome = input.outcome || null;
    if (!(await repo.setStatus(tx, id, current.version, { status: 'done', completedAt: now, outcome }, now)))
      throw versionConflict('task', current.version);
    const channel = contactChannel[current.kind as TaskKind];
    if (channel && current.customer_id)
      await logContactIn(tx, deps, actor, {
        customerId: current.customer_id,
        channel,
        direction: 'outbound',
        subject: current.subject,
        notes: current.notes,
        outcome: outcome?.slice(0, 200) ?? null,
        occurredAt: now.toISOString(),
        staffId: current.owner_id ?? actor.userId,
      });
    const after = presentTask((await repo.findTask(tx, id))!, now, timeZone);
    await audited(tx, actor, now, 'complete', id, presentTask(current, now, timeZone), after);
    return after;
  });
}

/** Opens a done or cancelled task again (its outcome is kept for the record until it is completed anew). */
export async function reopenTask(deps: Deps, actor: Actor, id: string, version?: number): Promise<Task> {
  const now = deps.clock.now();
  const { timeZone } = deps.config;
  return deps.db.transaction().execute(async (tx) => {
    const current = await load(deps, tx, actor, id);
    requireChangeable(actor, current);
    if (version !== undefined && current.version !== version) throw versionConflict('task', current.version);
    if (current.status === 'open') throw new AppError('task.state', 'the task is already open');
    const values = { status: 'open' as const, completedAt: null, outcome: current.outcome };
    if (!(await repo.setStatus(tx, id, current.version, values, now)))
      throw versionConflict('task', current.version);
    const after = presentTask((await repo.findTask(tx, id))!, now, timeZone);
    await audited(tx, actor, now, 'reopen', id, presentTask(current, now, timeZone), after);
    return after;
  });
}
