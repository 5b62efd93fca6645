import { updateAtVersion } from '#src/db/versioned.ts';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { Db } from '#src/shared/context.ts';
import type { ProductListQuery } from '#src/modules/catalog/catalog.schema.ts';

const productColumns = [
  'products.id',
  'products.sku',
  'products.name',
  'products.category',
  'products.price',
  'products.currency',
  'products.active',
  'products.version',
  'products.created_at',
  'products.updated_at',
] as const;

export type ProductRow = Awaited<ReturnType<typeof findProduct>> & {};

export const findProduct = (db: Db, id: string) =>
  db.selectFrom('products').select(productColumns).where('id', '=', id).executeTakeFirst();

/** The products named by id or SKU, for pricing order lines. */
export async function findProductsByIdOrSku(db: Db, ids: readonly string[], skus: readonly string[]) {
  if (ids.length === 0 && skus.length === 0) return [];
  return db
    .selectFrom('products')
    .select(productColumns)
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', [...new Set(ids)])] : []),
        ...(skus.length ? [eb('sku', 'in', [...new Set(skus)])] : []),
      ]),
    )
    .execute();
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listProducts(db: Db, query: ProductListQuery, keyset: Keyset) {
  let q = db
    .selectFrom('products')
    .select([...productColumns, cursorValue(keyset, 'products')])
    .orderBy(`products.${keyset.column}` as 'products.name', keyset.direction)
    .orderBy('products.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    q = q.where((eb) => eb.or([eb('products.name', 'ilike', pattern), eb('products.sku', 'ilike', pattern)]));
  }
  if (query.category) q = q.where('products.category', '=', query.category);
  if (query.active) q = q.where('products.active', '=', query.active === 'true');
  if (query.cursor) q = q.where(afterCursor(keyset, 'products', query.cursor));
  return q.execute();
}

export interface ProductInsert {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  price: number;
  currency: string;
  active: boolean;
  now: Date;
}

export async function insertProduct(db: Db, row: ProductInsert): Promise<void> {
  await db
    .insertInto('products')
    .values({
      id: row.id,
      sku: row.sku,
      name: row.name,
      category: row.category,
      price: row.price,
      currency: row.currency,
      active: row.active,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export interface ProductChanges {
  sku?: string;
  name?: string;
  category?: string | null;
  price?: number;
  currency?: string;
  active?: boolean;
}

/** Applies changes when the stored version is `version`; returns false when it was stale. */
export async function updateProduct(
  db: Db,
  id: string,
  version: number,
  changes: ProductChanges,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(
    db,
    'products',
    id,
    version,
    {
      ...(changes.sku !== undefined && { sku: changes.sku }),
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.category !== undefined && { category: changes.category }),
      ...(changes.price !== undefined && { price: changes.price }),
      ...(changes.currency !== undefined && { currency: changes.currency }),
      ...(changes.active !== undefined && { active: changes.active }),
    },
    now,
  );
}

/**
 * Deletes a product at `version`. Order lines that named it keep their own copy of its SKU and name and lose only
 * the reference, so order history survives the catalogue.
 */
export async function deleteProduct(db: Db, id: string, version: number): Promise<boolean> {
  await db.updateTable('order_items').set({ product_id: null }).where('product_id', '=', id).execute();
  const result = await db
    .deleteFrom('products')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}
