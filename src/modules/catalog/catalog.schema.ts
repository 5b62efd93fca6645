import { z } from 'zod';
import { isCurrency } from '#src/shared/money.ts';
import { page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';

/** Products (issue 4): the catalogue orders refer to. Money in JSON is a number in major units with its currency. */

const timestamp = z.iso.datetime({ offset: true });

/** An ISO 4217 code (`cny` is read as CNY). */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCurrency, 'must be an ISO 4217 currency code such as CNY');

/**
 * An exact decimal given as a JSON number (`0.335`) or a string (`"0.335"`), read as decimal text: no exponent,
 * at most 18 digits before the point and 10 after.
 */
export const decimalInput = z
  .union([z.number(), z.string().max(40)])
  .transform((value) => (typeof value === 'number' ? String(value) : value.trim()))
  .pipe(
    z
      .string()
      .regex(
        /^[+-]?\d{1,18}(\.\d{1,10})?$/,
        'must be a decimal number such as 2, -1 or 0.335 (at most 10 decimal places)',
      ),
  );

/** A money amount in major units; whether its decimals fit the currency is checked with the currency. */
export const nonNegativeDecimalInput = decimalInput.refine(
  (value) => !value.startsWith('-') || /^-0*(\.0*)?$/.test(value),
  'must not be negative',
);

export const productSchema = z.object({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  /** Major units of `currency`. */
  price: z.number(),
  currency: z.string(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Product = z.infer<typeof productSchema>;

export const productCreateInput = z
  .object({
    sku: text(64),
    name: text(200),
    category: text(100).nullable().optional(),
    price: nonNegativeDecimalInput.optional(),
    /** Default: the business currency. */
    currency: currencyCode.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ProductCreateInput = z.infer<typeof productCreateInput>;

export const productUpdateInput = z
  .object({
    version: z.number().int().min(1),
    sku: text(64).optional(),
    name: text(200).optional(),
    category: text(100).nullable().optional(),
    price: nonNegativeDecimalInput.optional(),
    currency: currencyCode.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type ProductUpdateInput = z.infer<typeof productUpdateInput>;

export const productSorts = ['name', '-name', 'sku', '-sku', 'createdAt', '-createdAt'] as const;
export const productListQuery = pageQuery
  .extend({
    /** Part of the name or SKU. */
    q: queryText(200).optional(),
    category: queryText(100).optional(),
    active: z.enum(['true', 'false']).optional(),
    sort: z.enum(productSorts).default('name'),
  })
  .strict();
export type ProductListQuery = z.infer<typeof productListQuery>;
export const productPage = page(productSchema);
