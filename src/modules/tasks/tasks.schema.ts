import { z } from 'zod';
import { listParam, periodBound } from '#src/modules/interactions/interactions.schema.ts';
import { page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';

/**
 * Tasks (issue 6): calls, meetings, visits, to-dos and mails to do, due at a time (or on a day, `allDay`), with an
 * optional reminder, about a customer, lead or opportunity. Ownership follows owner and team as customers' does.
 */

export const taskKinds = ['call', 'meeting', 'visit', 'todo', 'email'] as const;
export const taskKindSchema = z.enum(taskKinds);
export type TaskKind = z.infer<typeof taskKindSchema>;

export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

const timestamp = z.iso.datetime({ offset: true });

export const taskSchema = z.object({
  id: uuid,
  kind: taskKindSchema,
  subject: z.string(),
  notes: z.string().nullable(),
  status: taskStatusSchema,
  dueAt: timestamp.nullable(),
  /** The business day of `dueAt` (DESIGN §4), for calendars; null without a due time. */
  dueDay: z.iso.date().nullable(),
  /** Due on a day rather than at a time: `dueAt` is that day's start in the business time zone. */
  allDay: z.boolean(),
  remindAt: timestamp.nullable(),
  remindedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  outcome: z.string().nullable(),
  /** Open and past due (a day task: past its day). */
  overdue: z.boolean(),
  customerId: uuid.nullable(),
  customerName: z.string().nullable(),
  leadId: uuid.nullable(),
  leadName: z.string().nullable(),
  opportunityId: uuid.nullable(),
  opportunityName: z.string().nullable(),
  /** The follow-up rule that created it, if one did. */
  followUpRuleId: uuid.nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  teamId: uuid.nullable(),
  createdBy: uuid.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Task = z.infer<typeof taskSchema>;

const notes = z.string().trim().max(10_000).nullable().optional();
/** A due time with its zone, or a bare date (an all-day task on that business day). */
const dueInput = periodBound.nullable().optional();

export const taskCreateInput = z
  .object({
    kind: taskKindSchema,
    subject: text(200),
    notes,
    dueAt: dueInput,
    /** Default: true when `dueAt` is a bare date. */
    allDay: z.boolean().optional(),
    remindAt: timestamp.nullable().optional(),
    customerId: uuid.nullable().optional(),
    leadId: uuid.nullable().optional(),
    opportunityId: uuid.nullable().optional(),
    /** Default: you. Someone else: managers (their team) and admins only. */
    ownerId: uuid.optional(),
  })
  .strict();
export type TaskCreateInput = z.infer<typeof taskCreateInput>;

export const taskUpdateInput = z
  .object({
    version: z.number().int().min(1),
    kind: taskKindSchema.optional(),
    subject: text(200).optional(),
    notes,
    dueAt: dueInput,
    allDay: z.boolean().optional(),
    remindAt: timestamp.nullable().optional(),
    customerId: uuid.nullable().optional(),
    leadId: uuid.nullable().optional(),
    opportunityId: uuid.nullable().optional(),
    ownerId: uuid.optional(),
  })
  .strict();
export type TaskUpdateInput = z.infer<typeof taskUpdateInput>;

export const taskCompleteInput = z
  .object({
    outcome: z.string().trim().max(2000).nullable().optional(),
    /** With a version, a stale one is a 409. */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type TaskCompleteInput = z.infer<typeof taskCompleteInput>;

export const taskReopenInput = z.object({ version: z.number().int().min(1).optional() }).strict();

export const taskSorts = ['dueAt', '-dueAt', 'createdAt', '-createdAt'] as const;
export const taskListQuery = pageQuery
  .extend({
    q: queryText(200).optional(),
    /** Only your own tasks. */
    mine: z.enum(['true', 'false']).optional(),
    ownerId: uuid.optional(),
    status: listParam(taskStatusSchema).optional(),
    kind: listParam(taskKindSchema).optional(),
    /** Due from / through (an instant, or a bare business day), for the calendar. */
    from: periodBound.optional(),
    to: periodBound.optional(),
    /** Open tasks past due. */
    overdue: z.enum(['true', 'false']).optional(),
    /** Tasks without a due time (true) or with one (false). */
    undated: z.enum(['true', 'false']).optional(),
    customerId: uuid.optional(),
    leadId: uuid.optional(),
    opportunityId: uuid.optional(),
    sort: z.enum(taskSorts).default('dueAt'),
  })
  .strict();
export type TaskListQuery = z.infer<typeof taskListQuery>;
export const taskPage = page(taskSchema);

export const followUpTriggers = ['order_created', 'opportunity_won', 'quote_accepted'] as const;
export const followUpTriggerSchema = z.enum(followUpTriggers);
export type FollowUpTrigger = z.infer<typeof followUpTriggerSchema>;

export const followUpRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  trigger: followUpTriggerSchema,
  delayDays: z.number().int(),
  taskKind: taskKindSchema,
  /** May contain `{{customer}}`, replaced by the customer's name. */
  subject: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type FollowUpRule = z.infer<typeof followUpRuleSchema>;

const ruleFields = {
  name: text(200),
  trigger: followUpTriggerSchema,
  delayDays: z.number().int().min(0).max(3650),
  taskKind: taskKindSchema,
  subject: text(200),
  active: z.boolean(),
};

export const followUpRuleCreateInput = z
  .object({ ...ruleFields, active: ruleFields.active.optional() })
  .strict();
export type FollowUpRuleCreateInput = z.infer<typeof followUpRuleCreateInput>;

export const followUpRuleUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: ruleFields.name.optional(),
    delayDays: ruleFields.delayDays.optional(),
    taskKind: ruleFields.taskKind.optional(),
    subject: ruleFields.subject.optional(),
    active: ruleFields.active.optional(),
  })
  .strict();
export type FollowUpRuleUpdateInput = z.infer<typeof followUpRuleUpdateInput>;

export const followUpRuleList = z.object({ items: z.array(followUpRuleSchema) });
