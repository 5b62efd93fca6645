import { z } from 'zod';
import { currencyCode, decimalInput } from '#src/modules/catalog/catalog.schema.ts';
import { listParam, periodBound } from '#src/modules/interactions/interactions.schema.ts';
import { page, pageQuery, text, uuid } from '#src/shared/schema.ts';

/**
 * Orders with line items (issue 4, DESIGN §3–§4). Money in JSON is a number in major units with `currency`
 * alongside; line quantities and unit prices are exact decimals, and an order's amount is the exact sum of its lines
 * rounded half-up once to the currency's minor unit.
 */

export const orderStatuses = ['pending', 'paid', 'shipped', 'completed', 'cancelled', 'returned'] as const;
export const orderStatusSchema = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

const timestamp = z.iso.datetime({ offset: true });

export const orderItemSchema = z.object({
  id: uuid,
  line: z.number().int(),
  productId: uuid.nullable(),
  sku: z.string().nullable(),
  productName: z.string().nullable(),
  quantity: z.number(),
  /** Major units, exact as given (may be finer than the minor unit). */
  unitPrice: z.number(),
  /** quantity × unitPrice, exact. */
  amount: z.number(),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

export const orderSchema = z.object({
  id: uuid,
  ref: z.string(),
  customerId: uuid,
  customerName: z.string(),
  orderedAt: timestamp,
  /** The calendar day of `orderedAt` in the business time zone. */
  orderDay: z.iso.date(),
  /** Major units of `currency`; negative for a return. */
  amount: z.number(),
  currency: z.string(),
  quantity: z.number().nullable(),
  margin: z.number().nullable(),
  status: orderStatusSchema,
  channel: z.string().nullable(),
  notes: z.string().nullable(),
  ownerId: uuid.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Order = z.infer<typeof orderSchema>;

export const orderDetailSchema = orderSchema.extend({ items: z.array(orderItemSchema) });
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export const orderItemInput = z
  .object({
    /** The catalogue product, by id or by SKU; a line may also name a product the catalogue lacks. */
    productId: uuid.optional(),
    sku: text(64).optional(),
    productName: text(200).optional(),
    /** Negative for a returned line. */
    quantity: decimalInput,
    /** Major units; default the product's price when the line names a product in the order's currency. */
    unitPrice: decimalInput.optional(),
  })
  .strict()
  .refine((line) => line.productId ?? line.sku ?? line.productName, {
    message: 'give productId, sku or productName',
    path: ['productName'],
  });
export type OrderItemInput = z.infer<typeof orderItemInput>;

const orderFields = {
  /** With its zone; default now. */
  orderedAt: timestamp.optional(),
  /** Default: the business currency. */
  currency: currencyCode.optional(),
  /** Default completed; an order whose amount is negative is always `returned`. */
  status: orderStatusSchema.optional(),
  channel: text(50).nullable().optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
  /** The lines; the amount is computed from them. */
  items: z.array(orderItemInput).min(1).max(1000).optional(),
  /** Major units, for an order without lines. */
  amount: decimalInput.optional(),
  /** Units bought, for an order without lines (with lines: their sum). */
  quantity: decimalInput.nullable().optional(),
  /** Major units. */
  margin: decimalInput.nullable().optional(),
};

const itemsOrAmount = (value: { items?: unknown; amount?: unknown; quantity?: unknown }) =>
  !(value.items !== undefined && (value.amount !== undefined || value.quantity !== undefined));
const itemsOrAmountIssue = {
  message: 'give either items or amount (and quantity), not both',
  path: ['amount'],
};

export const orderCreateInput = z
  .object({
    customerId: uuid,
    /** The order's key (unique); generated when omitted. */
    ref: text(100).optional(),
    ...orderFields,
  })
  .strict()
  .refine(itemsOrAmount, itemsOrAmountIssue)
  .refine((value) => value.items !== undefined || value.amount !== undefined, {
    message: 'is required for an order without items',
    path: ['amount'],
  });
export type OrderCreateInput = z.infer<typeof orderCreateInput>;

export const orderUpdateInput = z
  .object({
    version: z.number().int().min(1),
    /** Moves the order to another customer (both must be yours to change). */
    customerId: uuid.optional(),
    ref: text(100).optional(),
    ...orderFields,
  })
  .strict()
  .refine(itemsOrAmount, itemsOrAmountIssue);
export type OrderUpdateInput = z.infer<typeof orderUpdateInput>;

export const orderSorts = ['orderedAt', '-orderedAt', 'createdAt', '-createdAt'] as const;
export const orderListQuery = pageQuery
  .extend({
    customerId: uuid.optional(),
    status: listParam(orderStatusSchema).optional(),
    currency: currencyCode.optional(),
    from: periodBound.optional(),
    to: periodBound.optional(),
    sort: z.enum(orderSorts).default('-orderedAt'),
  })
  .strict();
export type OrderListQuery = z.infer<typeof orderListQuery>;
export const orderPage = page(orderSchema);
