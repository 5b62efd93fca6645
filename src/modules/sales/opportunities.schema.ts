import { z } from 'zod';
import { currencyCode, decimalInput, nonNegativeDecimalInput } from '#src/modules/catalog/catalog.schema.ts';
import { listParam } from '#src/modules/interactions/interactions.schema.ts';
import { pipelineSchema, stageSchema } from '#src/modules/sales/pipelines.schema.ts';
import { page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';

/**
 * Opportunities (issue 6, item 2): a deal with a customer moving through a pipeline's stages. Money in JSON is a
 * number in major units with `currency` alongside; probabilities and discounts are fractions from 0 to 1.
 */

const timestamp = z.iso.datetime({ offset: true });
const fraction = z.number().min(0).max(1);

export const opportunityStatuses = ['open', 'won', 'lost'] as const;
export const opportunityStatusSchema = z.enum(opportunityStatuses);
export type OpportunityStatus = z.infer<typeof opportunityStatusSchema>;

export const forecastCategories = ['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const;
export const forecastCategorySchema = z.enum(forecastCategories);
export type ForecastCategory = z.infer<typeof forecastCategorySchema>;
/** What staff may set on an open opportunity; `closed` and `omitted` follow from winning and losing. */
export const editableForecastCategorySchema = z.enum(['pipeline', 'best_case', 'commit']);

export const opportunitySchema = z.object({
  id: uuid,
  ref: z.string().nullable(),
  name: z.string(),
  customerId: uuid,
  customerName: z.string(),
  contactId: uuid.nullable(),
  contactName: z.string().nullable(),
  leadId: uuid.nullable(),
  pipelineId: uuid,
  stageId: uuid,
  stageName: z.string(),
  /** The built-in stage's key (the web shows its translated name until someone renames the stage). */
  stageKey: z.string().nullable(),
  status: opportunityStatusSchema,
  /** Major units of `currency`. */
  amount: z.number(),
  currency: z.string(),
  probability: z.number(),
  /** amount × probability, major units. */
  weightedAmount: z.number(),
  forecastCategory: forecastCategorySchema,
  expectedCloseDate: z.iso.date().nullable(),
  nextStep: z.string().nullable(),
  competitors: z.array(z.string()),
  source: z.string().nullable(),
  closeReason: z.string().nullable(),
  closedAt: timestamp.nullable(),
  /** The business day it was won or lost. */
  closedDay: z.iso.date().nullable(),
  stageEnteredAt: timestamp,
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  teamId: uuid.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Opportunity = z.infer<typeof opportunitySchema>;

export const opportunityItemSchema = z.object({
  id: uuid,
  line: z.number().int(),
  productId: uuid,
  sku: z.string(),
  productName: z.string(),
  quantity: z.number(),
  /** Major units. */
  unitPrice: z.number(),
  /** A fraction from 0 to 1 off the line. */
  discount: z.number(),
  /** quantity × unitPrice × (1 − discount), major units rounded to the minor unit. */
  amount: z.number(),
});
export type OpportunityItem = z.infer<typeof opportunityItemSchema>;

export const stageHistorySchema = z.object({
  id: uuid,
  fromStageId: uuid.nullable(),
  fromStageName: z.string().nullable(),
  fromStageKey: z.string().nullable(),
  toStageId: uuid,
  toStageName: z.string(),
  toStageKey: z.string().nullable(),
  status: opportunityStatusSchema,
  /** What the opportunity was worth when it entered the stage, major units. */
  amount: z.number(),
  probability: z.number(),
  changedBy: uuid.nullable(),
  changedByName: z.string().nullable(),
  changedAt: timestamp,
});
export type StageHistoryEntry = z.infer<typeof stageHistorySchema>;

export const opportunityDetailSchema = opportunitySchema.extend({
  items: z.array(opportunityItemSchema),
  history: z.array(stageHistorySchema),
});
export type OpportunityDetail = z.infer<typeof opportunityDetailSchema>;

export const opportunityItemInput = z
  .object({
    productId: uuid,
    quantity: decimalInput.refine((value) => Number(value) > 0, 'must be more than 0'),
    /** Major units; default the product's price (which must then be in the opportunity's currency). */
    unitPrice: nonNegativeDecimalInput.optional(),
    /** A fraction from 0 to 1 off the line; default 0. */
    discount: fraction.optional(),
  })
  .strict();
export type OpportunityItemInput = z.infer<typeof opportunityItemInput>;

const opportunityFields = {
  name: text(200),
  contactId: uuid.nullable().optional(),
  /** Major units, ≥ 0; with items it is their sum and must not be given. */
  amount: nonNegativeDecimalInput.optional(),
  /** Default: the stage's probability. */
  probability: fraction.optional(),
  expectedCloseDate: z.iso.date().nullable().optional(),
  /** Default: the actor. */
  ownerId: uuid.optional(),
  source: text(50).nullable().optional(),
  nextStep: text(500).nullable().optional(),
  competitors: z.array(text(100)).max(20).optional(),
  forecastCategory: editableForecastCategorySchema.optional(),
  /** The line items (products); the amount becomes their sum. */
  items: z.array(opportunityItemInput).max(200).optional(),
};

const itemsOrAmount = (value: { items?: unknown; amount?: unknown }) =>
  !(value.items !== undefined && value.amount !== undefined);
const itemsOrAmountIssue = {
  message: 'is the sum of the items: give items or amount, not both',
  path: ['amount'],
};

/** What other modules (lead conversion, quotes) pass to `createOpportunityIn` as well as the HTTP body. */
export const opportunityCreateInput = z
  .object({
    ...opportunityFields,
    customerId: uuid,
    leadId: uuid.nullable().optional(),
    /** Default: the default pipeline. */
    pipelineId: uuid.optional(),
    /** Default: the pipeline's first open stage; must be an open stage. */
    stageId: uuid.optional(),
    /** Default: the business currency. */
    currency: currencyCode.optional(),
    ref: text(100).optional(),
  })
  .strict()
  .refine(itemsOrAmount, itemsOrAmountIssue);
export type OpportunityCreateInput = z.input<typeof opportunityCreateInput>;

export const opportunityUpdateInput = z
  .object({
    version: z.number().int().min(1),
    ...opportunityFields,
    name: text(200).optional(),
    customerId: uuid.optional(),
    currency: currencyCode.optional(),
    ref: text(100).nullable().optional(),
  })
  .strict()
  .refine(itemsOrAmount, itemsOrAmountIssue);
export type OpportunityUpdateInput = z.infer<typeof opportunityUpdateInput>;

export const moveInput = z
  .object({
    version: z.number().int().min(1),
    stageId: uuid,
    /** Overrides the stage's probability. */
    probability: fraction.optional(),
  })
  .strict();
export type MoveInput = z.infer<typeof moveInput>;

export const winInput = z.object({ version: z.number().int().min(1), reason: text(500).optional() }).strict();
export type WinInput = z.infer<typeof winInput>;

export const loseInput = z.object({ version: z.number().int().min(1), reason: text(500) }).strict();
export type LoseInput = z.infer<typeof loseInput>;

export const reopenInput = z
  .object({
    version: z.number().int().min(1),
    /** An open stage of the opportunity's pipeline. */
    stageId: uuid,
    probability: fraction.optional(),
  })
  .strict();
export type ReopenInput = z.infer<typeof reopenInput>;

export const opportunitySorts = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'name',
  '-name',
] as const;
export const ownerFilters = ['mine', 'team', 'all'] as const;
export const ownerFilterSchema = z.enum(ownerFilters);
export type OwnerFilter = z.infer<typeof ownerFilterSchema>;

export const opportunityListQuery = pageQuery
  .extend({
    q: queryText(100).optional(),
    pipelineId: uuid.optional(),
    stageId: uuid.optional(),
    status: listParam(opportunityStatusSchema).optional(),
    ownerId: uuid.optional(),
    /** mine: the actor's own; team: the actor's team's; all: everything the actor may see (default). */
    owner: ownerFilterSchema.optional(),
    customerId: uuid.optional(),
    /** Expected close date range, inclusive. */
    closeFrom: z.iso.date().optional(),
    closeTo: z.iso.date().optional(),
    sort: z.enum(opportunitySorts).default('-createdAt'),
  })
  .strict();
export type OpportunityListQuery = z.infer<typeof opportunityListQuery>;
export const opportunityPage = page(opportunitySchema);

export const boardQuery = z
  .object({
    owner: ownerFilterSchema.optional(),
    q: queryText(100).optional(),
    /** Cards per column in the first page. */
    limit: z.coerce.number().int().min(1).max(200).default(30),
  })
  .strict();
export type BoardQuery = z.infer<typeof boardQuery>;
export const boardColumnQuery = boardQuery.extend({ cursor: z.string().max(500).optional() }).strict();
export type BoardColumnQuery = z.infer<typeof boardColumnQuery>;

export const boardSchema = z.object({
  pipeline: pipelineSchema,
  /** The business currency the sums are in. */
  currency: z.string(),
  columns: z.array(
    z.object({
      stage: stageSchema,
      /** Opportunities in the stage in the business currency. */
      count: z.number().int(),
      amount: z.number(),
      weightedAmount: z.number(),
      /** Opportunities in the stage in other currencies: on the board, left out of the sums. */
      otherCurrencyCount: z.number().int(),
      /** The first page of cards, newest first. */
      cards: z.array(opportunitySchema),
      nextCursor: z.string().nullable(),
    }),
  ),
});
export type Board = z.infer<typeof boardSchema>;
