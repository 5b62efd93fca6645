import { findProductsByIdOrSku } from '#src/modules/catalog/catalog.service.ts';
import type { Db } from '#src/shared/context.ts';
import { AppError, invalid, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits } from '#src/shared/money.ts';
import type { QuoteLineInsert } from '#src/modules/sales/quotes.repo.ts';
import { DEFAULT_TAX_RATE, type QuoteItemInput } from '#src/modules/sales/quotes.schema.ts';
import {
  exactMinor,
  priceQuoteLine,
  quoteTotals,
  type QuoteTotals,
} from '#src/modules/sales/quote-totals.ts';

export interface PricedQuote {
  lines: QuoteLineInsert[];
  totals: QuoteTotals;
}

/** Past this a total no longer fits JavaScript's safe integers (minor units are JSON numbers). */
const tooLarge = () => invalid('items', 'add up to an amount too large to store');

/**
 * Resolves each line's product (an unknown one is a 400 naming `items.N.productId`), takes the catalogue price when
 * the line gives none and the product is priced in the quote's currency, and prices the lines exactly.
 */
export async function priceQuoteItems(
  db: Db,
  items: readonly QuoteItemInput[],
  currency: string,
): Promise<PricedQuote> {
  const products = await findProductsByIdOrSku(
    db,
    items.map((item) => item.productId),
    [],
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const errors: FieldError[] = [];
  const lines = items.map((item, index): QuoteLineInsert | null => {
    const at = (field: string) => `items.${index}.${field}`;
    const product = byId.get(item.productId);
    if (!product) {
      errors.push({ field: at('productId'), message: 'names no product' });
      return null;
    }
    let unitPrice: number | null;
    if (item.unitPrice === undefined) {
      unitPrice = product.currency === currency ? product.price : null;
      if (unitPrice === null)
        errors.push({
          field: at('unitPrice'),
          message: `is required: the product is priced in ${product.currency}, the quote in ${currency}`,
        });
    } else {
      unitPrice = exactMinor(item.unitPrice, currency);
      if (unitPrice === null)
        errors.push({
          field: at('unitPrice'),
          message: `must fit ${currency}'s minor unit (${minorDigits(currency)} decimal places)`,
        });
    }
    if (unitPrice === null) return null;
    const values = {
      quantity: item.quantity,
      unitPrice,
      discount: item.discount ?? '0',
      taxRate: item.taxRate ?? DEFAULT_TAX_RATE,
    };
    const priced = priceQuoteLine(values);
    return {
      id: newId(),
      line: index + 1,
      productId: product.id,
      sku: product.sku,
      name: product.name,
      ...values,
      amount: priced.amount,
      tax: priced.tax,
    };
  });
  if (errors.length)
    throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  const resolved = lines as QuoteLineInsert[];
  const totals = quoteTotals(resolved.map((line) => priceQuoteLine(line)));
  if (!Object.values(totals).every(Number.isSafeInteger)) throw tooLarge();
  return { lines: resolved, totals };
}
