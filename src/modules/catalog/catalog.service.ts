import { isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits, toMajorUnits, toMinorUnits } from '#src/shared/money.ts';
import * as repo from '#src/modules/catalog/catalog.repo.ts';
import type {
  Product,
  ProductCreateInput,
  ProductListQuery,
  ProductUpdateInput,
} from '#src/modules/catalog/catalog.schema.ts';

export type { ProductRow } from '#src/modules/catalog/catalog.repo.ts';

const sortColumns = {
  name: 'name',
  sku: 'sku',
  createdAt: { column: 'created_at', type: 'timestamptz' },
} as const;

export const presentProduct = (row: repo.ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  category: row.category,
  price: toMajorUnits(row.price, row.currency),
  currency: row.currency,
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** A price in major units as minor units; decimals finer than the currency's minor unit are refused, not rounded. */
function priceInMinorUnits(price: string, currency: string): number {
  const digits = minorDigits(currency);
  const fraction = price.split('.')[1] ?? '';
  if (/[1-9]/.test(fraction.slice(digits)))
    throw invalid('price', `has more decimal places than ${currency} has (${digits})`);
  const minor = toMinorUnits(price, currency);
  if (minor === null) throw invalid('price', 'is too large');
  return Math.abs(minor);
}

const skuTaken = () => invalid('sku', 'is already used by another product', 'product.sku_taken');

export async function listProducts(deps: Deps, query: ProductListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const rows = await repo.listProducts(deps.db, query, keyset);
  return toPage(rows, query.limit, keyset, presentProduct);
}

export async function getProduct(deps: Deps, id: string): Promise<Product> {
  const row = await repo.findProduct(deps.db, id);
  if (!row) throw notFound('product.not_found', id);
  return presentProduct(row);
}

/** The products named by id or SKU (order lines refer to products either way). */
export const findProductsByIdOrSku = (db: Db, ids: readonly string[], skus: readonly string[]) =>
  repo.findProductsByIdOrSku(db, ids, skus);

export async function createProduct(deps: Deps, actor: Actor, input: ProductCreateInput): Promise<Product> {
  const id = newId();
  const now = deps.clock.now();
  const currency = input.currency ?? deps.config.currency;
  const price = priceInMinorUnits(input.price ?? '0', currency);
  return deps.db.transaction().execute(async (tx) => {
    try {
      await repo.insertProduct(tx, {
        id,
        sku: input.sku,
        name: input.name,
        category: input.category ?? null,
        price,
        currency,
        active: input.active ?? true,
        now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw skuTaken();
      throw error;
    }
    const created = presentProduct((await repo.findProduct(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'product',
      entityId: id,
      after: created,
    });
    return created;
  });
}

/** Changes a product at the given version. A new currency needs the price in it: minor units differ. */
export async function updateProduct(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ProductUpdateInput,
): Promise<Product> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findProduct(tx, id);
    if (!current) throw notFound('product.not_found', id);
    if (current.version !== input.version) throw versionConflict('product', current.version);
    const currency = input.currency ?? current.currency;
    if (currency !== current.currency && input.price === undefined)
      throw invalid('price', `is required when the currency changes (it was in ${current.currency})`);
    const price = input.price === undefined ? undefined : priceInMinorUnits(input.price, currency);
    let updated: boolean;
    try {
      updated = await repo.updateProduct(
        tx,
        id,
        input.version,
        {
          ...(input.sku !== undefined && { sku: input.sku }),
          ...(input.name !== undefined && { name: input.name }),
          ...(input.category !== undefined && { category: input.category }),
          ...(price !== undefined && { price }),
          ...(input.currency !== undefined && { currency }),
          ...(input.active !== undefined && { active: input.active }),
        },
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw skuTaken();
      throw error;
    }
    if (!updated) throw versionConflict('product', current.version);
    const after = presentProduct((await repo.findProduct(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'product',
      entityId: id,
      before: presentProduct(current),
      after,
    });
    return after;
  });
}

/** Deletes a product (at `version` when given); orders keep the SKU and name their lines copied. */
export async function deleteProduct(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findProduct(tx, id);
    if (!current) throw notFound('product.not_found', id);
    if (version !== undefined && current.version !== version)
      throw versionConflict('product', current.version);
    if (!(await repo.deleteProduct(tx, id, current.version)))
      throw versionConflict('product', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'product',
      entityId: id,
      before: presentProduct(current),
    });
  });
}
