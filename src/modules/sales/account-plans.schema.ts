import { z } from 'zod';
import { currencyCode, nonNegativeDecimalInput } from '#src/modules/catalog/catalog.schema.ts';
import { page, pageQuery, text, uuid } from '#src/shared/schema.ts';

/**
 * Key-account plans (issue 6, item 7): one plan per customer, with goals, strategy, the estimated wallet (what the
 * customer spends in our category a year) and the decision-making unit (DMU): the people who decide, influence,
 * buy, use, guard access or champion us, by relationship layer (executive 高层 / management 中层 / operational
 * 执行层). Share of wallet = our revenue from the customer over the last 12 months ÷ the estimated wallet.
 */
export const dmuRoles = ['decision_maker', 'influencer', 'buyer', 'user', 'gatekeeper', 'champion'] as const;
export const dmuLayers = ['executive', 'management', 'operational'] as const;
export const dmuAttitudes = ['supporter', 'neutral', 'opponent'] as const;

const longText = z.string().trim().max(10_000);
const strength = z.number().int().min(1).max(5);

export const planContactSchema = z.object({
  id: uuid,
  planId: uuid,
  /** The person customer this contact is, when linked. */
  contactId: uuid.nullable(),
  name: z.string(),
  title: z.string().nullable(),
  role: z.enum(dmuRoles),
  layer: z.enum(dmuLayers),
  strength: z.number().int(),
  attitude: z.enum(dmuAttitudes).nullable(),
  nextContactOn: z.iso.date().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
});
export type PlanContact = z.infer<typeof planContactSchema>;

export const plannedContactSchema = z.object({
  /** A DMU contact's next planned contact, or one of the customer's open tasks. */
  kind: z.enum(['contact', 'task']),
  id: uuid,
  /** The business day it is planned for; null for a task without a due time. */
  on: z.iso.date().nullable(),
  /** The contact's name or the task's subject. */
  label: z.string(),
});
export type PlannedContact = z.infer<typeof plannedContactSchema>;

export const accountPlanSchema = z.object({
  id: uuid,
  customerId: uuid,
  customerName: z.string(),
  keyAccount: z.boolean(),
  goals: z.string().nullable(),
  strategy: z.string().nullable(),
  /** Major units of `currency` a year; null when not estimated. */
  estimatedWallet: z.number().nullable(),
  currency: z.string(),
  relationshipStrength: z.number().int().nullable(),
  nextReviewOn: z.iso.date().nullable(),
  ownerId: uuid.nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type AccountPlan = z.infer<typeof accountPlanSchema>;

export const accountPlanDetailSchema = accountPlanSchema.extend({
  /** Our revenue from the customer over the last 12 months (orders in `currency`, returns subtracted). */
  revenueLast12Months: z.number(),
  /** revenueLast12Months ÷ estimatedWallet; null without a positive wallet. */
  shareOfWallet: z.number().nullable(),
  contacts: z.array(planContactSchema),
  plannedContacts: z.array(plannedContactSchema),
});
/** A customer's plan, or null while it has none (so the customer page asks without a 404). */
export const customerAccountPlanSchema = z.object({ plan: accountPlanDetailSchema.nullable() });
export type CustomerAccountPlan = z.infer<typeof customerAccountPlanSchema>;
export type AccountPlanDetail = z.infer<typeof accountPlanDetailSchema>;

const planFields = {
  goals: longText.nullable().optional(),
  strategy: longText.nullable().optional(),
  /** Major units. */
  estimatedWallet: nonNegativeDecimalInput.nullable().optional(),
  relationshipStrength: strength.nullable().optional(),
  nextReviewOn: z.iso.date().nullable().optional(),
};

export const accountPlanCreateInput = z
  .object({
    customerId: uuid,
    /** Default: the business currency. */
    currency: currencyCode.optional(),
    ...planFields,
  })
  .strict();
export type AccountPlanCreateInput = z.infer<typeof accountPlanCreateInput>;

export const accountPlanUpdateInput = z
  .object({ version: z.number().int().min(1), currency: currencyCode.optional(), ...planFields })
  .strict();
export type AccountPlanUpdateInput = z.infer<typeof accountPlanUpdateInput>;

export const accountPlanListQuery = pageQuery
  .extend({ sort: z.enum(['createdAt', '-createdAt']).default('-createdAt') })
  .strict();
export type AccountPlanListQuery = z.infer<typeof accountPlanListQuery>;
export const accountPlanPage = page(accountPlanSchema);

const contactFields = {
  contactId: uuid.nullable().optional(),
  title: text(200).nullable().optional(),
  attitude: z.enum(dmuAttitudes).nullable().optional(),
  nextContactOn: z.iso.date().nullable().optional(),
  notes: longText.nullable().optional(),
};

export const planContactCreateInput = z
  .object({
    name: text(200),
    role: z.enum(dmuRoles),
    layer: z.enum(dmuLayers),
    strength,
    ...contactFields,
  })
  .strict();
export type PlanContactCreateInput = z.infer<typeof planContactCreateInput>;

export const planContactUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: text(200).optional(),
    role: z.enum(dmuRoles).optional(),
    layer: z.enum(dmuLayers).optional(),
    strength: strength.optional(),
    ...contactFields,
  })
  .strict();
export type PlanContactUpdateInput = z.infer<typeof planContactUpdateInput>;

export const planContactParams = z.object({ id: uuid, contactId: uuid }).strict();
export const planContactList = z.object({ items: z.array(planContactSchema), nextCursor: z.null() });
