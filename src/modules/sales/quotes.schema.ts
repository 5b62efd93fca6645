import { z } from 'zod';
import { currencyCode, decimalInput } from '#src/modules/catalog/catalog.schema.ts';
import { listParam } from '#src/modules/interactions/interactions.schema.ts';
import { page, pageQuery, queryText, uuid } from '#src/shared/schema.ts';

/**
 * Quotes with versions (issue 6, item 3). Money in JSON is a number in major units with `currency` beside it; the
 * database keeps integer minor units. A line's amount is round(quantity × unit price × (1 − discount)) and its tax
 * round(amount × tax rate), each rounded half-up once per line; the quote's totals add those up exactly.
 */

export const quoteStatuses = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'superseded'] as const;
export const quoteStatusSchema = z.enum(quoteStatuses);
export type QuoteStatus = z.infer<typeof quoteStatusSchema>;

/** China's standard VAT rate for goods: a line's tax rate unless it says otherwise. */
export const DEFAULT_TAX_RATE = '0.13';

const timestamp = z.iso.datetime({ offset: true });

/** A decimal with at most four places (quantities, fractions), so the lines' exact arithmetic stays bounded. */
const fourPlaces = (value: string) => !/\.\d{5,}$/.test(value);
const isNegative = (value: string) => value.startsWith('-') && !/^-0*(\.0*)?$/.test(value);

const fraction = decimalInput
  .refine(fourPlaces, 'must have at most 4 decimal places')
  .refine((value) => Number(value) >= 0 && Number(value) <= 1, 'must be a fraction from 0 to 1');

export const quoteItemInput = z
  .object({
    /** A catalogue product: quote lines always name one. */
    productId: uuid,
    quantity: decimalInput
      .refine(fourPlaces, 'must have at most 4 decimal places')
      .refine((value) => Number(value) > 0, 'must be more than 0'),
    /** Major units; default the product's price when the product is priced in the quote's currency. */
    unitPrice: decimalInput.refine((value) => !isNegative(value), 'must not be negative').optional(),
    /** A fraction off the line, 0..1 (0.05 is 5 % off). */
    discount: fraction.optional(),
    /** A fraction, 0..1; default 0.13. */
    taxRate: fraction.optional(),
  })
  .strict();
export type QuoteItemInput = z.infer<typeof quoteItemInput>;

const longText = z.string().trim().max(10_000);

export const quoteCreateInput = z
  .object({
    /** Required unless the opportunity gives it. */
    customerId: uuid.optional(),
    /** The deal the quote belongs to: its customer and currency become the quote's. */
    opportunityId: uuid.optional(),
    /** Default: the opportunity's, else the business currency. */
    currency: currencyCode.optional(),
    /** The last day the offer stands, in the business time zone; not before today. */
    validUntil: z.iso.date(),
    items: z.array(quoteItemInput).min(1).max(200),
    terms: longText.nullable().optional(),
    notes: longText.nullable().optional(),
  })
  .strict()
  .refine((value) => value.customerId ?? value.opportunityId, {
    message: 'is required (or give opportunityId)',
    path: ['customerId'],
  });
export type QuoteCreateInput = z.infer<typeof quoteCreateInput>;

export const quoteUpdateInput = z
  .object({
    version: z.number().int().min(1),
    customerId: uuid.optional(),
    opportunityId: uuid.nullable().optional(),
    currency: currencyCode.optional(),
    validUntil: z.iso.date().optional(),
    /** Replace the lines; required when the currency changes (prices are in the currency). */
    items: z.array(quoteItemInput).min(1).max(200).optional(),
    terms: longText.nullable().optional(),
    notes: longText.nullable().optional(),
  })
  .strict();
export type QuoteUpdateInput = z.infer<typeof quoteUpdateInput>;

export const quoteVersionInput = z.object({ version: z.number().int().min(1) }).strict();
export type QuoteVersionInput = z.infer<typeof quoteVersionInput>;

export const quoteReviseInput = z
  .object({
    version: z.number().int().min(1),
    /** The new revision's validity; default the old one while it lasts, else 30 days from today. */
    validUntil: z.iso.date().optional(),
  })
  .strict();
export type QuoteReviseInput = z.infer<typeof quoteReviseInput>;

export const quoteRejectInput = z
  .object({
    version: z.number().int().min(1),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type QuoteRejectInput = z.infer<typeof quoteRejectInput>;

export const quoteItemSchema = z.object({
  id: uuid,
  line: z.number().int(),
  productId: uuid,
  sku: z.string(),
  name: z.string(),
  quantity: z.number(),
  /** Major units, before discount and tax. */
  unitPrice: z.number(),
  discount: z.number(),
  taxRate: z.number(),
  /** Net of discount, before tax. */
  amount: z.number(),
  tax: z.number(),
});
export type QuoteItem = z.infer<typeof quoteItemSchema>;

export const quoteSchema = z.object({
  id: uuid,
  number: z.string(),
  revision: z.number().int(),
  customerId: uuid,
  customerName: z.string(),
  opportunityId: uuid.nullable(),
  opportunityName: z.string().nullable(),
  /** `expired` when a draft or sent quote is past `validUntil` in the business time zone. */
  status: quoteStatusSchema,
  currency: z.string(),
  validUntil: z.iso.date(),
  /** Quantity × unit price over the lines, before discounts. */
  subtotal: z.number(),
  discountTotal: z.number(),
  taxTotal: z.number(),
  /** What the customer pays: subtotal − discounts + tax. */
  total: z.number(),
  terms: z.string().nullable(),
  notes: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** The order an accepted quote became. */
  orderId: uuid.nullable(),
  orderRef: z.string().nullable(),
  sentAt: timestamp.nullable(),
  decidedAt: timestamp.nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  teamId: uuid.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Quote = z.infer<typeof quoteSchema>;

export const quoteRevisionSchema = z.object({
  id: uuid,
  revision: z.number().int(),
  status: quoteStatusSchema,
  total: z.number(),
  createdAt: timestamp,
});
export type QuoteRevision = z.infer<typeof quoteRevisionSchema>;

export const quoteDetailSchema = quoteSchema.extend({
  items: z.array(quoteItemSchema),
  /** Every revision of this quote number, oldest first. */
  revisions: z.array(quoteRevisionSchema),
});
export type QuoteDetail = z.infer<typeof quoteDetailSchema>;

export const quoteSorts = ['createdAt', '-createdAt', 'number', '-number'] as const;
export const quoteListQuery = pageQuery
  .extend({
    /** Part of the quote number. */
    q: queryText(100).optional(),
    customerId: uuid.optional(),
    opportunityId: uuid.optional(),
    /** Without a status filter superseded revisions are left out. */
    status: listParam(quoteStatusSchema).optional(),
    sort: z.enum(quoteSorts).default('-createdAt'),
  })
  .strict();
export type QuoteListQuery = z.infer<typeof quoteListQuery>;
export const quotePage = page(quoteSchema);

export const pdfLanguages = ['zh-CN', 'zh-TW', 'en'] as const;
export const quotePdfQuery = z.object({ lang: z.enum(pdfLanguages).optional() }).strict();
