import { sql } from 'kysely';
import { storedRefs, unnestRows, type ColumnArray } from '#src/modules/imports/bulk.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** Orders and their lines as the import writes them, in batches (SQL only; rules in rows-orders.ts). */

export interface OrderLineWrite {
  line: number;
  sku: string | null;
  product_name: string | null;
  /** Exact decimals as text. */
  quantity: string;
  unit_price: string;
  amount: string;
  product_id: string | null;
}

export interface OrderWrite {
  ref: string;
  customer_id: string;
  ordered_at: Date;
  order_day: string;
  /** Minor units; negative for a return. */
  amount: number;
  currency: string;
  quantity: string | null;
  /** A line-item order's lines; null for a row of a plain orders file. */
  lines: OrderLineWrite[] | null;
}

const headerArrays = (orders: readonly OrderWrite[]): ColumnArray[] => [
  { name: 'ref', type: 'text', values: orders.map((o) => o.ref) },
  { name: 'customer_id', type: 'uuid', values: orders.map((o) => o.customer_id) },
  { name: 'ordered_at', type: 'timestamptz', values: orders.map((o) => o.ordered_at) },
  { name: 'order_day', type: 'date', values: orders.map((o) => o.order_day) },
  { name: 'amount', type: 'bigint', values: orders.map((o) => o.amount) },
  { name: 'currency', type: 'text', values: orders.map((o) => o.currency) },
  { name: 'quantity', type: 'numeric', values: orders.map((o) => o.quantity) },
];

const lineArrays = (orders: readonly OrderWrite[]): ColumnArray[] => {
  const lines = orders.flatMap((o) => (o.lines ?? []).map((line) => ({ ref: o.ref, ...line })));
  return [
    { name: 'ref', type: 'text', values: lines.map((l) => l.ref) },
    { name: 'line', type: 'integer', values: lines.map((l) => l.line) },
    { name: 'sku', type: 'text', values: lines.map((l) => l.sku) },
    { name: 'product_name', type: 'text', values: lines.map((l) => l.product_name) },
    { name: 'quantity', type: 'numeric', values: lines.map((l) => l.quantity) },
    { name: 'unit_price', type: 'numeric', values: lines.map((l) => l.unit_price) },
    { name: 'product_id', type: 'uuid', values: lines.map((l) => l.product_id) },
  ];
};

export interface StoredOrderState {
  ref: string;
  /** The stored order, or null for a new ref. */
  id: string | null;
  customer_id: string | null;
  owner_id: string | null;
  team_id: string | null;
  /** Whether the file's order differs from the stored one (header, return status, or lines for a line-item file). */
  changed: boolean;
}

/**
 * Compares a batch with what is stored, in one statement: an order is unchanged when its customer, time (to the
 * millisecond, the file's precision), amount, currency, quantity and returned-or-not agree and, for a line-item
 * order, its lines agree in order (numbers compared as numbers, so 6 equals 6.00).
 */
export async function compareOrders(db: Db, all: readonly OrderWrite[]): Promise<StoredOrderState[]> {
  // most refs of a first import are new: index probes find which exist, and only those are compared in full
  const existing = await storedRefs(
    db,
    'orders',
    all.map((o) => o.ref),
  );
  const fresh: StoredOrderState[] = all
    .filter((o) => !existing.has(o.ref))
    .map((o) => ({ ref: o.ref, id: null, customer_id: null, owner_id: null, team_id: null, changed: false }));
  const orders = all.filter((o) => existing.has(o.ref));
  if (orders.length === 0) return fresh;
  const { rows } = await sql<StoredOrderState>`
    with input as (
      select * from ${unnestRows('t', [
        ...headerArrays(orders),
        { name: 'has_lines', type: 'boolean', values: orders.map((o) => o.lines !== null) },
      ])}
    ),
    new_lines as (
      select l.ref, array_agg(row(l.sku, l.product_name, l.quantity, l.unit_price, l.product_id) order by l.line) as items
      from ${unnestRows('l', lineArrays(orders))}
      group by l.ref
    ),
    -- order by order through the indexes (a subquery with a limit or an aggregate is not flattened into a join):
    -- as joins, the planner chose to read whole tables (storedRefs says why; without statistics it also expects a
    -- lookup by order_id to match a share of order_items)
    stored as (
      select i.ref, i.has_lines, s.*
      from input i
      cross join lateral (
        select o.id, o.customer_id, o.ordered_at, o.amount, o.currency, o.quantity, o.status, c.owner_id, c.team_id
        from orders o
        join customers c on c.id = o.customer_id
        where o.ref = i.ref
        limit 1
      ) s
    ),
    stored_lines as (
      select s.id as order_id, l.items
      from stored s
      cross join lateral (
        select array_agg(row(oi.sku, oi.product_name, oi.quantity, oi.unit_price, oi.product_id) order by oi.line)
                 as items
        from order_items oi
        where oi.order_id = s.id
      ) l
      -- only the orders a line-item file brings: a plain row leaves an order's lines alone
      where s.has_lines
    )
    select i.ref, s.id, s.customer_id, s.owner_id, s.team_id,
           s.id is not null and (
             s.customer_id <> i.customer_id
             or date_trunc('milliseconds', s.ordered_at) <> i.ordered_at
             or s.amount <> i.amount
             or s.currency <> i.currency
             or s.quantity is distinct from i.quantity
             or (i.amount < 0) <> (s.status = 'returned')
             or (i.has_lines and sl.items is distinct from nl.items)
           ) as changed
    from input i
    left join stored s on s.ref = i.ref
    left join new_lines nl on nl.ref = i.ref
    left join stored_lines sl on sl.order_id = s.id`.execute(db);
  return [...fresh, ...rows];
}

export type NewOrderWrite = OrderWrite & { id: string; status: string };

/** Inserts new orders, with the status the file's rules gave them (rows-orders.ts). */
export async function insertOrders(db: Db, orders: readonly NewOrderWrite[], now: Date): Promise<void> {
  if (orders.length === 0) return;
  await sql`
    insert into orders (id, ref, customer_id, ordered_at, order_day, amount, currency, quantity, status,
                        created_at, updated_at)
    select t.id, t.ref, t.customer_id, t.ordered_at, t.order_day, t.amount, t.currency, t.quantity, t.status,
           ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', [
      { name: 'id', type: 'uuid', values: orders.map((o) => o.id) },
      ...headerArrays(orders),
      { name: 'status', type: 'text', values: orders.map((o) => o.status) },
    ])}`.execute(db);
}

/**
 * Replaces the header of changed orders. The status follows the amount's sign only: a return becomes `returned`,
 * a former return `completed`, and any other status set in Guanxi (paid, shipped, cancelled) stays.
 */
export async function updateOrders(
  db: Db,
  orders: readonly (OrderWrite & { id: string })[],
  now: Date,
): Promise<void> {
  if (orders.length === 0) return;
  await sql`
    update orders o
    set customer_id = t.customer_id, ordered_at = t.ordered_at, order_day = t.order_day, amount = t.amount,
        currency = t.currency, quantity = t.quantity,
        status = case when t.amount < 0 then 'returned' when o.status = 'returned' then 'completed' else o.status end,
        version = o.version + 1, updated_at = ${now}::timestamptz
    from ${unnestRows('t', [{ name: 'id', type: 'uuid', values: orders.map((o) => o.id) }, ...headerArrays(orders)])}
    where o.id = t.id`.execute(db);
}

export async function deleteOrderItems(db: Db, orderIds: readonly string[]): Promise<void> {
  if (orderIds.length === 0) return;
  await sql`delete from order_items where order_id = any(${[...orderIds]}::uuid[])`.execute(db);
}

export async function insertOrderItems(
  db: Db,
  items: readonly (OrderLineWrite & { id: string; order_id: string; customer_id: string })[],
): Promise<void> {
  if (items.length === 0) return;
  await sql`
    insert into order_items (id, order_id, customer_id, line, product_id, sku, product_name, quantity, unit_price,
                             amount)
    select * from ${unnestRows('t', [
      { name: 'id', type: 'uuid', values: items.map((i) => i.id) },
      { name: 'order_id', type: 'uuid', values: items.map((i) => i.order_id) },
      { name: 'customer_id', type: 'uuid', values: items.map((i) => i.customer_id) },
      { name: 'line', type: 'integer', values: items.map((i) => i.line) },
      { name: 'product_id', type: 'uuid', values: items.map((i) => i.product_id) },
      { name: 'sku', type: 'text', values: items.map((i) => i.sku) },
      { name: 'product_name', type: 'text', values: items.map((i) => i.product_name) },
      { name: 'quantity', type: 'numeric', values: items.map((i) => i.quantity) },
      { name: 'unit_price', type: 'numeric', values: items.map((i) => i.unit_price) },
      { name: 'amount', type: 'numeric', values: items.map((i) => i.amount) },
    ])}`.execute(db);
}

/** Products by SKU, to link order lines to the catalogue. */
export async function findProductIds(db: Db, skus: readonly string[]): Promise<Map<string, string>> {
  if (skus.length === 0) return new Map();
  const rows = await db
    .selectFrom('products')
    .select(['id', 'sku'])
    .where('sku', '=', sql<string>`any(${[...skus]}::text[])`)
    .execute();
  return new Map(rows.map((row) => [row.sku, row.id]));
}
