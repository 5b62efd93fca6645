import { findProductsByIdOrSku, type ProductRow } from '#src/modules/catalog/catalog.service.ts';
import type { Db } from '#src/shared/context.ts';
import { AppError, invalid, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { formatMajorUnits } from '#src/shared/money.ts';
import { priceLines } from '#src/modules/orders/decimal.ts';
import type { OrderItemValues } from '#src/modules/orders/orders.repo.ts';
import type { OrderItemInput } from '#src/modules/orders/orders.schema.ts';

export interface PricedOrder {
  items: OrderItemValues[];
  /** Minor units: the exact sum of the lines rounded half-up once (DESIGN §4). */
  amount: number;
  /** The lines' total quantity, exact. */
  quantity: string;
}

const tooLarge = () => invalid('items', 'add up to an amount too large to store');

/**
 * Resolves each line's product (by id or SKU; an unknown one is a 400 naming the line's field), fills in the SKU,
 * name and — in the order's currency — the unit price the catalogue has, and prices the lines exactly.
 */
export async function priceOrderItems(
  db: Db,
  items: readonly OrderItemInput[],
  currency: string,
): Promise<PricedOrder> {
  const products = await findProductsByIdOrSku(
    db,
    items.flatMap((item) => (item.productId ? [item.productId] : [])),
    items.flatMap((item) => (item.sku && !item.productId ? [item.sku] : [])),
  );
  const byId = new Map(products.map((p) => [p.id, p]));
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const errors: FieldError[] = [];
  const lines = items.map((item, index) => {
    const at = (field: string) => `items.${index}.${field}`;
    let product: ProductRow | undefined;
    if (item.productId) {
      product = byId.get(item.productId);
      if (!product) errors.push({ field: at('productId'), message: 'names no product' });
      else if (item.sku !== undefined && item.sku !== product.sku)
        errors.push({ field: at('sku'), message: `is not the SKU of productId (${product.sku})` });
    } else if (item.sku) {
      product = bySku.get(item.sku);
      if (!product) errors.push({ field: at('sku'), message: 'names no product' });
    }
    let unitPrice = item.unitPrice;
    if (unitPrice === undefined) {
      if (product && product.currency === currency) unitPrice = formatMajorUnits(product.price, currency);
      else if (product || (!item.productId && !item.sku))
        errors.push({
          field: at('unitPrice'),
          message: product
            ? `is required: the product is priced in ${product.currency}, the order in ${currency}`
            : 'is required for a product outside the catalogue',
        });
    }
    return {
      productId: product?.id ?? null,
      sku: item.sku ?? product?.sku ?? null,
      productName: item.productName ?? product?.name ?? null,
      quantity: item.quantity,
      unitPrice: unitPrice ?? '0',
    };
  });
  if (errors.length) {
    throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
      errors,
    });
  }
  return pricedFrom(lines, currency);
}

/** Prices lines already resolved (e.g. an order's stored lines in a new currency). */
export function pricedFrom(
  lines: readonly {
    productId: string | null;
    sku: string | null;
    productName: string | null;
    quantity: string;
    unitPrice: string;
  }[],
  currency: string,
): PricedOrder {
  const priced = priceLines(lines, currency);
  if (priced.amount === null) throw tooLarge();
  return {
    items: lines.map((line, index) => ({
      id: newId(),
      line: index + 1,
      productId: line.productId,
      sku: line.sku,
      productName: line.productName,
      quantity: priced.lines[index]!.quantity,
      unitPrice: priced.lines[index]!.unitPrice,
      amount: priced.lines[index]!.amount,
    })),
    amount: priced.amount,
    quantity: priced.quantity,
  };
}
