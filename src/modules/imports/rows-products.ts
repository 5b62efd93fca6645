import {
  upsertProducts,
  type OptionalProductColumn,
  type ProductWrite,
} from '#src/modules/imports/bulk-activity.repo.ts';
import type { Columns } from '#src/modules/imports/columns.ts';
import type { Importer, ImportItem, Outcome, WriteContext } from '#src/modules/imports/importer.ts';
import type { MappedRow } from '#src/modules/imports/values.ts';
import type { Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

/** Products files (DESIGN §4): `sku, name, category, price, currency`; the SKU is the key, prices in major units. */
export interface ProductItem extends ImportItem {
  product: ProductWrite;
}

export function parseProduct(row: MappedRow, context: WriteContext): ProductItem | null {
  const sku = row.required('sku');
  const name = row.required('name');
  if (sku.length > 100) row.fail('sku', `is ${sku.length} characters long; at most 100 are allowed`);
  if (name.length > 200) row.fail('name', `is ${name.length} characters long; at most 200 are allowed`);
  const category = row.optionalText('category', 100);
  const currency = row.currency(context);
  const price = row.money('price', currency, false);
  if (price !== null && price < 0) row.fail('price', 'must not be negative');
  if (!row.ok) return null;
  return { sources: [row.row], product: { id: newId(), sku, name, category, price, currency } };
}

async function writeProducts(
  tx: Db,
  items: ProductItem[],
  context: WriteContext,
  columns: Columns,
): Promise<Outcome[]> {
  const optional = (['category', 'price', 'currency'] as const).filter((field) =>
    columns.index.has(field),
  ) satisfies OptionalProductColumn[];
  // a price in another currency than the stored one changes both
  if (optional.includes('price') && !optional.includes('currency')) optional.push('currency');
  const written = new Map(
    (
      await upsertProducts(
        tx,
        items.map((item) => item.product),
        optional,
        context.now,
      )
    ).map((r) => [r.sku, r.inserted]),
  );
  return items.map((item) => {
    const inserted = written.get(item.product.sku);
    return inserted === undefined ? 'skipped' : inserted ? 'inserted' : 'updated';
  });
}

export function productImporter(context: WriteContext, columns: Columns): Importer<ProductItem> {
  return {
    parse: (row) => parseProduct(row, context),
    keyField: 'sku',
    key: (item) => item.product.sku,
    write: (tx, items) => writeProducts(tx, items, context, columns),
  };
}
