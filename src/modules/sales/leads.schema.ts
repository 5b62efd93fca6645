import { z } from 'zod';
import { listParam } from '#src/modules/interactions/interactions.schema.ts';
import { page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';

/**
 * Leads (issue 6 item 1): people or companies that may become customers. A lead moves new → contacted →
 * qualified or unqualified (with a reason); only a conversion makes it `converted`, and then it cannot change.
 */

export const leadStatuses = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
export const leadStatusSchema = z.enum(leadStatuses);
export type LeadStatus = z.infer<typeof leadStatusSchema>;
/** The statuses a person may set; `converted` comes only from a conversion. */
export const settableLeadStatuses = ['new', 'contacted', 'qualified', 'unqualified'] as const;

const timestamp = z.iso.datetime({ offset: true });
const optionalText = (max: number) => text(max).nullable().optional();

/** A scoring rule the lead matched when it was last scored: why it has its score. */
export const scoreReasonSchema = z.object({ ruleId: uuid, name: z.string(), points: z.number().int() });
export type ScoreReason = z.infer<typeof scoreReasonSchema>;

/** Extra facts a form or an import brought (industry, budget, ...): short keys, text or number values. */
export const leadFactsSchema = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, 'must be a short key of letters, digits and _'),
  z.union([z.string().max(2000), z.number(), z.boolean()]),
);

export const leadSchema = z.object({
  id: uuid,
  ref: z.string().nullable(),
  name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.string(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  notes: z.string().nullable(),
  facts: z.record(z.string(), z.unknown()),
  status: leadStatusSchema,
  unqualifiedReason: z.string().nullable(),
  score: z.number().int(),
  scoreReasons: z.array(scoreReasonSchema),
  formId: uuid.nullable(),
  submittedIp: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  teamId: uuid.nullable(),
  convertedAt: timestamp.nullable(),
  convertedCustomerId: uuid.nullable(),
  convertedOrganizationId: uuid.nullable(),
  convertedOpportunityId: uuid.nullable(),
  lastActivityAt: timestamp.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Lead = z.infer<typeof leadSchema>;

const leadFields = {
  company: optionalText(200),
  title: optionalText(100),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullable().optional(),
  phone: optionalText(40),
  source: text(50).optional(),
  province: optionalText(50),
  city: optionalText(50),
  notes: z.string().trim().max(10_000).nullable().optional(),
  facts: leadFactsSchema.optional(),
  /** Who works the lead; sales staff always get their own leads, without it the assignment rules decide. */
  ownerId: uuid.nullable().optional(),
};

export const leadCreateInput = z
  .object({
    name: text(200),
    /** The lead's key in other systems (imports update by it). */
    ref: text(100).optional(),
    ...leadFields,
  })
  .strict();
export type LeadCreateInput = z.infer<typeof leadCreateInput>;

export const leadUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: text(200).optional(),
    ref: text(100).nullable().optional(),
    ...leadFields,
    status: z.enum(settableLeadStatuses).optional(),
    /** Required when the status becomes `unqualified`. */
    unqualifiedReason: optionalText(500),
  })
  .strict();
export type LeadUpdateInput = z.infer<typeof leadUpdateInput>;

export const leadSorts = ['createdAt', '-createdAt', 'name', '-name', 'score', '-score'] as const;
export const leadListQuery = pageQuery
  .extend({
    /** Searches name, company, email and phone. */
    q: queryText(200).optional(),
    status: listParam(leadStatusSchema).optional(),
    source: queryText(50).optional(),
    /** An owner's id, `me`, or `none` for unassigned leads. */
    ownerId: z.union([uuid, z.enum(['me', 'none'])]).optional(),
    sort: z.enum(leadSorts).default('-createdAt'),
  })
  .strict();
export type LeadListQuery = z.infer<typeof leadListQuery>;
export const leadPage = page(leadSchema);

/** A customer that may be the same as the lead, found before converting it. */
export const leadDuplicateSchema = z.object({
  customerId: uuid,
  kind: z.enum(['person', 'organization']),
  name: z.string(),
  ref: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  /** What they share with the lead. */
  reasons: z.array(z.enum(['email', 'phone', 'name', 'company'])),
});
export type LeadDuplicate = z.infer<typeof leadDuplicateSchema>;
export const leadDuplicatesSchema = z.object({ items: z.array(leadDuplicateSchema) });

export const leadConvertInput = z
  .object({
    version: z.number().int().min(1),
    /** The person: a new customer from the lead (`create`), an existing one, or none. */
    person: z.union([
      z.object({ mode: z.literal('create') }).strict(),
      z.object({ mode: z.literal('existing'), customerId: uuid }).strict(),
      z.object({ mode: z.literal('none') }).strict(),
    ]),
    /** The organization (the lead's company): new, existing, or none. */
    organization: z.union([
      z.object({ mode: z.literal('create'), name: text(200).optional() }).strict(),
      z.object({ mode: z.literal('existing'), customerId: uuid }).strict(),
      z.object({ mode: z.literal('none') }).strict(),
    ]),
    /** An opportunity on the organization (or the person when there is none). */
    opportunity: z
      .object({
        name: text(200),
        /** Major units of `currency`. */
        amount: z.number().min(0).max(1e13),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/)
          .optional(),
        expectedCloseDate: z.iso.date().optional(),
        pipelineId: uuid.optional(),
        stageId: uuid.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((value) => value.person.mode !== 'none' || value.organization.mode !== 'none', {
    message: 'a conversion makes or links at least one customer',
    path: ['person'],
  });
export type LeadConvertInput = z.infer<typeof leadConvertInput>;

export const leadConversionSchema = z.object({
  lead: leadSchema,
  customerId: uuid.nullable(),
  organizationId: uuid.nullable(),
  opportunityId: uuid.nullable(),
});
export type LeadConversion = z.infer<typeof leadConversionSchema>;
