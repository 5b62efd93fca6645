import { findProductsByIdOrSku } from '#src/modules/catalog/catalog.service.ts';
import type { Db } from '#src/shared/context.ts';
import { AppError, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits, parseDecimal } from '#src/shared/money.ts';
import type { OpportunityItemInput } from '#src/modules/sales/opportunities.schema.ts';

/** Scale of exact quantities and discounts (the decimal input allows 10 decimal places). */
const SCALE = 10;
const ONE = 10n ** BigInt(SCALE);

export interface PricedItem {
  id: string;
  line: number;
  productId: string;
  quantity: string;
  /** Minor units. */
  unitPrice: number;
  discount: string;
  /** Minor units: quantity × unit price × (1 − discount), rounded half-up. */
  amount: number;
}

/** Rounds a non-negative scaled value half-up to an integer. */
const roundHalfUp = (value: bigint, divisor: bigint) => (value * 2n + divisor) / (2n * divisor);

/**
 * Prices an opportunity's line items from the catalogue: each line names a product (an unknown one is a 400 on
 * `items.N.productId`); the unit price defaults to the product's when it is in the opportunity's currency.
 */
export async function priceItems(
  db: Db,
  items: readonly OpportunityItemInput[],
  currency: string,
): Promise<{ items: PricedItem[]; amount: number }> {
  const products = await findProductsByIdOrSku(
    db,
    items.map((item) => item.productId),
    [],
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const errors: FieldError[] = [];
  const digits = minorDigits(currency);
  const priced = items.map((item, index): PricedItem => {
    const at = (field: string) => `items.${index}.${field}`;
    const product = byId.get(item.productId);
    if (!product) errors.push({ field: at('productId'), message: 'names no product' });
    let unitPrice = 0;
    if (item.unitPrice !== undefined) {
      const minor = parseDecimal(item.unitPrice, digits);
      if (minor === null || parseDecimal(item.unitPrice, digits + SCALE)! !== minor * 10n ** BigInt(SCALE))
        errors.push({
          field: at('unitPrice'),
          message: `must fit ${currency}'s minor unit (${digits} decimal places)`,
        });
      else unitPrice = Number(minor);
    } else if (product && product.currency !== currency) {
      errors.push({
        field: at('unitPrice'),
        message: `is required: the product is priced in ${product.currency}, the opportunity in ${currency}`,
      });
    } else if (product) unitPrice = Number(product.price);
    const quantity = parseDecimal(item.quantity, SCALE) ?? 0n;
    const discount = parseDecimal((item.discount ?? 0).toFixed(SCALE), SCALE) ?? 0n;
    const amount = roundHalfUp(quantity * BigInt(unitPrice) * (ONE - discount), ONE * ONE);
    return {
      id: newId(),
      line: index + 1,
      productId: item.productId,
      quantity: item.quantity,
      unitPrice,
      discount: String(item.discount ?? 0),
      amount: Number(amount),
    };
  });
  const amount = priced.reduce((sum, item) => sum + item.amount, 0);
  if (!errors.length && !Number.isSafeInteger(amount))
    errors.push({ field: 'items', message: 'add up to an amount too large to store' });
  if (errors.length)
    throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  return { items: priced, amount };
}
