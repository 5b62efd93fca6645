import { inScope } from '#src/modules/customers/customers.access.ts';
import {
  compareOrders,
  deleteOrderItems,
  findProductIds,
  insertOrderItems,
  insertOrders,
  updateOrders,
  type NewOrderWrite,
  type OrderLineWrite,
  type OrderWrite,
} from '#src/modules/imports/bulk-orders.repo.ts';
import type { Columns } from '#src/modules/imports/columns.ts';
import { resolveCustomerRefs } from '#src/modules/imports/customer-refs.ts';
import {
  add,
  decimalText,
  multiply,
  roundToUnits,
  ZERO,
  type Decimal,
} from '#src/modules/imports/decimal.ts';
import type { Importer, ImportItem, Outcome, WriteContext } from '#src/modules/imports/importer.ts';
import type { MappedRow, RowProblem } from '#src/modules/imports/values.ts';
import { refreshCustomerStatsForBatch } from '#src/modules/orders/customer-stats.repo.ts';
import type { Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits } from '#src/shared/money.ts';

/**
 * Orders files (DESIGN §4): plain (`ref, customer_ref, ordered_at, amount, currency, quantity`, one row an order)
 * or line items (with `sku, product, quantity, unit_price`: the rows sharing a `ref` are one order's lines).
 */
export interface OrderItem extends ImportItem {
  ref: string;
  customerRef: string;
  orderedAt: Date;
  orderDay: string;
  amount: number;
  currency: string;
  quantity: string | null;
  lines: Omit<OrderLineWrite, 'product_id'>[] | null;
}

/** A row of a plain orders file. */
export function parsePlainOrder(row: MappedRow, context: WriteContext): OrderItem | null {
  const ref = row.required('ref');
  const customerRef = row.required('customer_ref');
  const time = row.dateTime('ordered_at', context.timeZone, true);
  const currency = row.currency(context);
  const amount = row.money('amount', currency, true);
  const quantity = row.decimal('quantity', false);
  if (!row.ok || !time || amount === null) return null;
  return {
    sources: [row.row],
    ref,
    customerRef,
    orderedAt: time.at,
    orderDay: time.day,
    amount,
    currency,
    quantity: quantity ? decimalText(quantity) : null,
    lines: null,
  };
}

/** One line of a line-item file, checked on its own; its order is decided once all its lines are read. */
export interface OrderLine {
  row: MappedRow;
  /** Null when the line itself has problems (they are on `row`). */
  value: {
    customerRef: string;
    at: Date;
    day: string;
    currency: string;
    quantity: Decimal;
    unitPrice: Decimal;
    sku: string | null;
    product: string | null;
  } | null;
}

export function parseOrderLine(row: MappedRow, context: WriteContext): OrderLine {
  const customerRef = row.required('customer_ref');
  const time = row.dateTime('ordered_at', context.timeZone, true);
  const currency = row.currency(context);
  const quantity = row.decimal('quantity', true);
  const unitPrice = row.decimal('unit_price', true);
  const sku = row.optionalText('sku', 100);
  const product = row.optionalText('product', 500);
  if (!row.ok || !time || !quantity || !unitPrice) return { row, value: null };
  return {
    row,
    value: { customerRef, at: time.at, day: time.day, currency, quantity, unitPrice, sku, product },
  };
}

/** The problems to report for every line of a rejected order, each on the line's own row. */
export type LineProblems = { line: OrderLine; problems: RowProblem[] }[];

/**
 * An order from all its lines (DESIGN §4): the lines must agree on customer, time and currency, and any bad line
 * rejects the whole order. The amount is Σ quantity × unit_price, exact, rounded half-up once to the currency's
 * minor unit; exact duplicate lines stay separate lines.
 */
export function orderFromLines(
  ref: string,
  lines: OrderLine[],
): { order: OrderItem } | { rejected: LineProblems } {
  const bad = lines.find((line) => !line.value);
  const rejectAll = (column: string, reason: string): { rejected: LineProblems } => ({
    rejected: lines.map((line) => ({
      line,
      problems: line.value ? [{ column, reason }] : line.row.problems,
    })),
  });
  if (bad) {
    const first = bad.row.problems[0]!;
    return rejectAll(
      first.column,
      `order ${ref} is rejected with its line ${bad.row.row.line}: ${first.column} ${first.reason}`,
    );
  }
  const values = lines.map((line) => line.value!);
  const disagree = (field: string, key: (v: (typeof values)[number]) => string) => {
    const seen = new Map<string, number>();
    lines.forEach((line, i) => {
      const k = key(values[i]!);
      if (!seen.has(k)) seen.set(k, line.row.row.line);
    });
    if (seen.size <= 1) return null;
    const described = [...seen]
      .slice(0, 3)
      .map(([value, at]) => `"${value}" on line ${at}`)
      .join(', ');
    return rejectAll(
      lines[0]!.row.column(field),
      `the lines of order ${ref} disagree on ${field} (${described}); all lines of an order must agree`,
    );
  };
  const conflict =
    disagree('customer_ref', (v) => v.customerRef) ??
    disagree('ordered_at', (v) => v.at.toISOString()) ??
    disagree('currency', (v) => v.currency);
  if (conflict) return conflict;

  const first = values[0]!;
  let total = ZERO;
  let quantity = ZERO;
  const written = values.map((v, i) => {
    const amount = multiply(v.quantity, v.unitPrice);
    total = add(total, amount);
    quantity = add(quantity, v.quantity);
    return {
      line: i + 1,
      sku: v.sku,
      product_name: v.product,
      quantity: decimalText(v.quantity),
      unit_price: decimalText(v.unitPrice),
      amount: decimalText(amount),
    };
  });
  const amount = Number(roundToUnits(total, minorDigits(first.currency)));
  if (!Number.isSafeInteger(amount))
    return rejectAll(lines[0]!.row.column('unit_price'), `the total of order ${ref} is too large`);
  return {
    order: {
      sources: lines.map((line) => line.row.row),
      ref,
      customerRef: first.customerRef,
      orderedAt: first.at,
      orderDay: first.day,
      amount,
      currency: first.currency,
      quantity: decimalText(quantity),
      lines: written,
    },
  };
}

/** A new order from a file is a return when its amount is negative (DESIGN §4), else completed. */
const newOrderStatus = (amount: number) => (amount < 0 ? 'returned' : 'completed');

/**
 * Writes a batch of orders: resolves (or creates) their customers, compares them with what is stored, inserts the
 * new, replaces the changed (lines included), leaves the identical alone, then brings the summaries of every
 * customer touched current, in the same transaction (DESIGN §6).
 */
async function writeOrders(
  tx: Db,
  items: OrderItem[],
  context: WriteContext,
  columns: Columns,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(items.length);
  const customers = await resolveCustomerRefs(
    tx,
    context,
    items.map((item) => item.customerRef),
    !context.noCreate,
  );
  const skus = [
    ...new Set(items.flatMap((item) => (item.lines ?? []).map((l) => l.sku).filter((s) => s !== null))),
  ];
  const products = await findProductIds(tx, skus);
  const writes: { index: number; order: OrderWrite }[] = [];
  items.forEach((item, index) => {
    const customer = customers.get(item.customerRef)!;
    if ('reason' in customer) {
      outcomes[index] = { column: columns.header('customer_ref'), reason: customer.reason };
      return;
    }
    writes.push({
      index,
      order: {
        ref: item.ref,
        customer_id: customer.id,
        ordered_at: item.orderedAt,
        order_day: item.orderDay,
        amount: item.amount,
        currency: item.currency,
        quantity: item.quantity,
        lines: item.lines
          ? item.lines.map((line) => ({
              ...line,
              product_id: line.sku ? (products.get(line.sku) ?? null) : null,
            }))
          : null,
      },
    });
  });
  const states = new Map(
    (
      await compareOrders(
        tx,
        writes.map((w) => w.order),
      )
    ).map((s) => [s.ref, s]),
  );
  const inserts: NewOrderWrite[] = [];
  const updates: (OrderWrite & { id: string })[] = [];
  // customers with a changed order have their summaries recomputed; new orders alone are added to them
  const changed = new Set<string>();
  for (const { index, order } of writes) {
    const state = states.get(order.ref)!;
    if (state.id === null) {
      inserts.push({ ...order, id: newId(), status: newOrderStatus(order.amount) });
      outcomes[index] = 'inserted';
      continue;
    }
    if (!inScope(context.scope, { owner_id: state.owner_id, team_id: state.team_id })) {
      outcomes[index] = {
        column: columns.header('ref'),
        reason: `order "${order.ref}" belongs to a customer you may not change`,
      };
      continue;
    }
    if (!state.changed) {
      outcomes[index] = 'skipped';
      continue;
    }
    updates.push({ ...order, id: state.id });
    outcomes[index] = 'updated';
    changed.add(order.customer_id);
    changed.add(state.customer_id!);
  }
  await insertOrders(tx, inserts, context.now);
  await updateOrders(tx, updates, context.now);
  // a changed order is replaced whole: its old lines go, and a line-item order's new lines come in
  await deleteOrderItems(
    tx,
    updates.map((o) => o.id),
  );
  await insertOrderItems(
    tx,
    [...inserts, ...updates].flatMap((order) =>
      (order.lines ?? []).map((line) => ({
        ...line,
        id: newId(),
        order_id: order.id,
        customer_id: order.customer_id,
      })),
    ),
  );
  await refreshCustomerStatsForBatch(
    tx,
    inserts.map((order) => ({
      id: order.id,
      customer_id: order.customer_id,
      currency: order.currency,
      order_day: order.order_day,
      amount: order.amount,
      margin: null,
      status: order.status,
    })),
    [...changed],
  );
  return outcomes;
}

export function orderImporter(context: WriteContext, columns: Columns): Importer<OrderItem> {
  return {
    parse: (row) => parsePlainOrder(row, context),
    keyField: 'ref',
    key: (item) => item.ref,
    write: (tx, items) => writeOrders(tx, items, context, columns),
  };
}
