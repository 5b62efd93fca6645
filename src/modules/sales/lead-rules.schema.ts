import { z } from 'zod';
import { text, uuid } from '#src/shared/schema.ts';

/**
 * Lead assignment and scoring rules (issue 6 item 1). Assignment rules are tried in order; the first active one
 * that matches a new lead hands it to the next of its assignees in turn. Scoring rules add their points when
 * their condition holds; a lead's score is the sum.
 */

const timestamp = z.iso.datetime({ offset: true });

export const assignmentKinds = ['round_robin', 'region', 'source'] as const;
export const assignmentKindSchema = z.enum(assignmentKinds);
export type AssignmentKind = z.infer<typeof assignmentKindSchema>;

const names = z.array(text(50)).max(200);

export const assignmentRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  position: z.number().int(),
  kind: assignmentKindSchema,
  provinces: z.array(z.string()),
  cities: z.array(z.string()),
  sources: z.array(z.string()),
  assigneeIds: z.array(uuid),
  /** The index into assigneeIds of the next lead's owner. */
  nextIndex: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AssignmentRule = z.infer<typeof assignmentRuleSchema>;

const assignmentFields = {
  name: text(100),
  position: z.number().int().min(0).max(100_000).optional(),
  kind: assignmentKindSchema,
  provinces: names.optional(),
  cities: names.optional(),
  sources: names.optional(),
  assigneeIds: z.array(uuid).min(1).max(100),
  active: z.boolean().optional(),
};

/** A region rule names provinces or cities, a source rule sources: without them it would match nothing. */
const rulePrerequisite = (value: {
  kind?: AssignmentKind | undefined;
  provinces?: string[] | undefined;
  cities?: string[] | undefined;
  sources?: string[] | undefined;
}) =>
  value.kind === 'region'
    ? Boolean(value.provinces?.length || value.cities?.length)
    : value.kind === 'source'
      ? Boolean(value.sources?.length)
      : true;

export const assignmentRuleCreateInput = z
  .object(assignmentFields)
  .strict()
  .refine(rulePrerequisite, {
    message: 'names the provinces, cities or sources the rule matches',
    path: ['kind'],
  });
export type AssignmentRuleCreateInput = z.infer<typeof assignmentRuleCreateInput>;

export const assignmentRuleUpdateInput = z
  .object({ version: z.number().int().min(1), ...assignmentFields })
  .partial()
  .required({ version: true })
  .strict();
export type AssignmentRuleUpdateInput = z.infer<typeof assignmentRuleUpdateInput>;

/** The lead's own columns a fact condition may test; `facts.<key>` tests what a form or import brought. */
export const scoreFields = [
  'source',
  'province',
  'city',
  'company',
  'title',
  'email',
  'phone',
  'name',
  'notes',
] as const;
const factField = z.union([
  z.enum(scoreFields),
  z.string().regex(/^facts\.[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a lead field or facts.<key>'),
]);

export const scoreConditionSchema = z.discriminatedUnion('kind', [
  /** eq / in / contains compare text (case-insensitive); gte / lte compare numbers; present: not empty. */
  z
    .object({
      kind: z.literal('field'),
      field: factField,
      op: z.enum(['eq', 'in', 'present', 'contains', 'gte', 'lte']),
      value: z.union([z.string().trim().max(200), z.number()]).optional(),
      values: z.array(z.string().trim().max(200)).max(200).optional(),
    })
    .strict(),
  /** Behaviour: form submissions by the lead's email, tasks done on the lead, days since its last activity. */
  z
    .object({
      kind: z.enum(['form_submissions', 'tasks_done', 'days_since_activity']),
      op: z.enum(['gte', 'lte']),
      value: z.number().int().min(0).max(100_000),
    })
    .strict(),
]);
export type ScoreCondition = z.infer<typeof scoreConditionSchema>;

/** The value a field condition needs for its operator. */
export function conditionProblem(condition: ScoreCondition): { field: string; message: string } | null {
  if (condition.kind !== 'field') return null;
  switch (condition.op) {
    case 'present':
      return null;
    case 'in':
      return condition.values?.length
        ? null
        : { field: 'condition.values', message: 'lists at least one value' };
    case 'gte':
    case 'lte':
      return typeof condition.value === 'number'
        ? null
        : { field: 'condition.value', message: 'must be a number for gte and lte' };
    case 'eq':
    case 'contains':
      return condition.value === undefined || condition.value === ''
        ? { field: 'condition.value', message: 'is required' }
        : null;
  }
}

export const scoreRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  condition: scoreConditionSchema,
  points: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type ScoreRule = z.infer<typeof scoreRuleSchema>;

const scoreFieldsInput = {
  name: text(100),
  condition: scoreConditionSchema,
  points: z.number().int().min(-1000).max(1000),
  active: z.boolean().optional(),
};
export const scoreRuleCreateInput = z.object(scoreFieldsInput).strict();
export type ScoreRuleCreateInput = z.infer<typeof scoreRuleCreateInput>;
export const scoreRuleUpdateInput = z
  .object({ version: z.number().int().min(1), ...scoreFieldsInput })
  .partial()
  .required({ version: true })
  .strict();
export type ScoreRuleUpdateInput = z.infer<typeof scoreRuleUpdateInput>;

export const assignmentRuleList = z.object({ items: z.array(assignmentRuleSchema) });
export const scoreRuleList = z.object({ items: z.array(scoreRuleSchema) });
