import { sql } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import { inPeriod, type Period } from '#src/shared/period.ts';
import type { Db } from '#src/shared/context.ts';
import type { OrderListQuery } from '#src/modules/orders/orders.schema.ts';

const orderColumns = [
  'orders.id',
  'orders.ref',
  'orders.customer_id',
  'orders.ordered_at',
  'orders.order_day',
  'orders.amount',
  'orders.currency',
  'orders.quantity',
  'orders.margin',
  'orders.status',
  'orders.channel',
  'orders.notes',
  'orders.owner_id',
  'orders.version',
  'orders.created_at',
  'orders.updated_at',
] as const;

/** An order with its customer's name and the ownership facts that decide who may see it. */
const baseQuery = (db: Db) =>
  db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      ...orderColumns,
      'customers.name as customer_name',
      'customers.owner_id as customer_owner_id',
      'customers.team_id as customer_team_id',
      'customers.deleted_at as customer_deleted_at',
    ]);

export const findOrder = (db: Db, id: string) => baseQuery(db).where('orders.id', '=', id).executeTakeFirst();

export type OrderRow = Awaited<ReturnType<typeof findOrder>> & {};

/** An order's lines in line order, quantities and prices as exact decimal text. */
export const findOrderLines = (db: Db, orderId: string) =>
  db
    .selectFrom('order_items')
    .select(['id', 'line', 'product_id', 'sku', 'product_name', 'quantity', 'unit_price', 'amount'])
    .where('order_id', '=', orderId)
    .orderBy('line')
    .execute();

export async function listOrders(
  db: Db,
  scope: CustomerScope,
  query: OrderListQuery,
  keyset: Keyset,
  period: Period,
) {
  let q = baseQuery(db)
    .select(cursorValue(keyset, 'orders'))
    .where(customerVisible(scope))
    .where('customers.deleted_at', 'is', null)
    .orderBy(`orders.${keyset.column}` as 'orders.ordered_at', keyset.direction)
    .orderBy('orders.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.customerId) q = q.where('orders.customer_id', '=', query.customerId);
  if (query.status) q = q.where('orders.status', 'in', query.status);
  if (query.currency) q = q.where('orders.currency', '=', query.currency);
  q = q.where(inPeriod('orders.ordered_at', period));
  if (query.cursor) q = q.where(afterCursor(keyset, 'orders', query.cursor));
  return q.execute();
}

export interface OrderValues {
  ref: string;
  customerId: string;
  orderedAt: Date;
  orderDay: string;
  amount: number;
  currency: string;
  quantity: string | null;
  margin: number | null;
  status: string;
  channel: string | null;
  notes: string | null;
}

export async function insertOrder(
  db: Db,
  order: OrderValues & { id: string; ownerId: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('orders')
    .values({
      id: order.id,
      ref: order.ref,
      customer_id: order.customerId,
      ordered_at: order.orderedAt,
      order_day: order.orderDay,
      amount: order.amount,
      currency: order.currency,
      quantity: order.quantity,
      margin: order.margin,
      status: order.status,
      channel: order.channel,
      notes: order.notes,
      owner_id: order.ownerId,
      created_at: order.now,
      updated_at: order.now,
    })
    .execute();
}

/** Replaces every column of the order at `version`; returns false when it was stale. */
export async function updateOrder(
  db: Db,
  id: string,
  version: number,
  order: OrderValues,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({
      ref: order.ref,
      customer_id: order.customerId,
      ordered_at: order.orderedAt,
      order_day: order.orderDay,
      amount: order.amount,
      currency: order.currency,
      quantity: order.quantity,
      margin: order.margin,
      status: order.status,
      channel: order.channel,
      notes: order.notes,
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export const deleteOrder = async (db: Db, id: string, version: number): Promise<boolean> =>
  (await db.deleteFrom('orders').where('id', '=', id).where('version', '=', version).executeTakeFirst())
    .numDeletedRows === 1n;

export interface OrderItemValues {
  id: string;
  line: number;
  productId: string | null;
  sku: string | null;
  productName: string | null;
  quantity: string;
  unitPrice: string;
  amount: string;
}

/** Replaces the order's lines (none given: the order keeps none). */
export async function replaceOrderItems(
  db: Db,
  orderId: string,
  customerId: string,
  items: readonly OrderItemValues[],
): Promise<void> {
  await db.deleteFrom('order_items').where('order_id', '=', orderId).execute();
  // in slices, so one statement never carries more parameters than PostgreSQL accepts
  for (let start = 0; start < items.length; start += 500) {
    await db
      .insertInto('order_items')
      .values(
        items.slice(start, start + 500).map((item) => ({
          id: item.id,
          order_id: orderId,
          customer_id: customerId,
          line: item.line,
          product_id: item.productId,
          sku: item.sku,
          product_name: item.productName,
          quantity: item.quantity,
          unit_price: item.unitPrice,
          amount: item.amount,
        })),
      )
      .execute();
  }
}

/** Keeps the lines' `customer_id` (the distribution key, DESIGN §3) with their order's. */
export async function moveOrderItems(db: Db, orderId: string, customerId: string): Promise<void> {
  await db
    .updateTable('order_items')
    .set({ customer_id: customerId })
    .where('order_id', '=', orderId)
    .execute();
}
