import { isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer } from '#src/modules/customers/customers.access.ts';
import { periodBounds } from '#src/shared/period.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits } from '#src/shared/money.ts';
import { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import { exactMinorUnits } from '#src/modules/orders/decimal.ts';
import { priceOrderItems, pricedFrom, type PricedOrder } from '#src/modules/orders/orders.lines.ts';
import { presentOrder, presentOrderDetail } from '#src/modules/orders/orders.presenter.ts';
import * as repo from '#src/modules/orders/orders.repo.ts';
import type {
  Order,
  OrderCreateInput,
  OrderDetail,
  OrderListQuery,
  OrderStatus,
  OrderUpdateInput,
} from '#src/modules/orders/orders.schema.ts';

export { rebuildStats, purchaseSummaries } from '#src/modules/orders/customer-stats.service.ts';
/** For other writers of orders (imports, merges): call it in the transaction that changed the customers' orders. */
export { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
export { priceLines } from '#src/modules/orders/decimal.ts';

const sortColumns = {
  orderedAt: { column: 'ordered_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
} as const;

/** Whether the actor may see this order: it follows its customer, and a deleted customer hides it. */
const visible = (actor: Actor, row: repo.OrderRow) =>
  row.customer_deleted_at === null &&
  inScope(readScope(actor), { owner_id: row.customer_owner_id, team_id: row.customer_team_id });

async function findVisible(db: Db, actor: Actor, id: string): Promise<repo.OrderRow> {
  const row = await repo.findOrder(db, id);
  if (!row || !visible(actor, row)) throw notFound('order.not_found', id);
  return row;
}

async function loadDetail(db: Db, id: string): Promise<OrderDetail> {
  const row = (await repo.findOrder(db, id))!;
  return presentOrderDetail(row, await repo.findOrderLines(db, id));
}

/** Major units given for `field` as minor units of the currency, refusing decimals the currency does not have. */
function minorUnits(field: string, major: string, currency: string): number {
  const minor = exactMinorUnits(major, currency);
  if (minor === null)
    throw invalid(field, `must fit ${currency}'s minor unit (${minorDigits(currency)} decimal places)`);
  return minor;
}

/** A return lowers revenue and is no purchase (DESIGN §4): an order whose amount is negative is `returned`. */
const statusFor = (amount: number, status: OrderStatus): OrderStatus => (amount < 0 ? 'returned' : status);

/** `O` + the business day + a fragment of the order's (time-ordered, random-tailed) id: unique and readable. */
const generatedRef = (id: string, day: string) =>
  `O${day.replaceAll('-', '')}-${id.replaceAll('-', '').slice(-10).toUpperCase()}`;

const refTaken = () => invalid('ref', 'is already used by another order', 'order.ref_taken');

export async function listOrders(
  deps: Deps,
  actor: Actor,
  query: OrderListQuery,
): Promise<{ items: Order[]; nextCursor: string | null }> {
  const keyset = parseSort(query.sort, sortColumns);
  const period = periodBounds(query.from, query.to, deps.config.timeZone);
  const rows = await repo.listOrders(deps.db, readScope(actor), query, keyset, period);
  return toPage(rows, query.limit, keyset, presentOrder);
}

export async function getOrder(deps: Deps, actor: Actor, id: string): Promise<OrderDetail> {
  const row = await findVisible(deps.db, actor, id);
  return presentOrderDetail(row, await repo.findOrderLines(deps.db, id));
}

/** Books an order on a customer the actor may change; the customer's summary follows in the same transaction. */
export async function createOrder(deps: Deps, actor: Actor, input: OrderCreateInput): Promise<OrderDetail> {
  return deps.db.transaction().execute((tx) => createOrderIn(tx, deps, actor, input));
}

/**
 * `createOrder` inside the caller's transaction, for another module's write that books an order as part of its own
 * change (an accepted quote): the order, its lines, the customer's summary and the audit entry commit or roll back
 * with the caller's change.
 */
export async function createOrderIn(
  tx: Db,
  deps: Deps,
  actor: Actor,
  input: OrderCreateInput,
): Promise<OrderDetail> {
  const id = newId();
  const now = deps.clock.now();
  const currency = input.currency ?? deps.config.currency;
  const orderedAt = input.orderedAt ? new Date(input.orderedAt) : now;
  const orderDay = calendarDay(orderedAt, deps.config.timeZone);
  await requireCustomer(tx, actor, input.customerId, 'write');
  const priced = input.items ? await priceOrderItems(tx, input.items, currency) : null;
  const amount = priced ? priced.amount : minorUnits('amount', input.amount!, currency);
  try {
    await repo.insertOrder(tx, {
      id,
      ref: input.ref ?? generatedRef(id, orderDay),
      customerId: input.customerId,
      orderedAt,
      orderDay,
      amount,
      currency,
      quantity: priced ? priced.quantity : (input.quantity ?? null),
      margin:
        input.margin === undefined || input.margin === null
          ? null
          : minorUnits('margin', input.margin, currency),
      status: statusFor(amount, input.status ?? 'completed'),
      channel: input.channel ?? null,
      notes: input.notes || null,
      ownerId: actor.userId,
      now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw refTaken();
    throw error;
  }
  if (priced) await repo.replaceOrderItems(tx, id, input.customerId, priced.items);
  await refreshCustomerStats(tx, [input.customerId]);
  const created = await loadDetail(tx, id);
  await recordAudit(tx, actor, {
    at: now,
    action: 'create',
    entity: 'order',
    entityId: id,
    after: created,
  });
  return created;
}

/**
 * The order's lines and amount after a change: new lines replace the old; a new amount applies to an order
 * without lines; a new currency re-prices the stored lines (exact quantities and prices) in it.
 */
async function repriced(
  tx: Db,
  current: repo.OrderRow,
  storedLines: Awaited<ReturnType<typeof repo.findOrderLines>>,
  input: OrderUpdateInput,
  currency: string,
): Promise<{ priced: PricedOrder | null; amount: number; quantity: string | null }> {
  if (input.items) {
    const priced = await priceOrderItems(tx, input.items, currency);
    return { priced, amount: priced.amount, quantity: priced.quantity };
  }
  if (storedLines.length > 0) {
    if (input.amount !== undefined || input.quantity !== undefined)
      throw invalid('amount', 'is the sum of the order’s items: change the items instead');
    if (currency === current.currency)
      return { priced: null, amount: current.amount, quantity: current.quantity };
    const priced = pricedFrom(
      storedLines.map((line) => ({
        productId: line.product_id,
        sku: line.sku,
        productName: line.product_name,
        quantity: line.quantity,
        unitPrice: line.unit_price,
      })),
      currency,
    );
    return { priced, amount: priced.amount, quantity: priced.quantity };
  }
  if (input.amount === undefined && currency !== current.currency)
    throw invalid('amount', `is required when the currency changes (it was in ${current.currency})`);
  return {
    priced: null,
    amount: input.amount === undefined ? current.amount : minorUnits('amount', input.amount, currency),
    quantity: input.quantity === undefined ? current.quantity : input.quantity,
  };
}

/** The margin after a change: given, kept, or dropped when the currency changes without a new one. */
function marginAfter(current: repo.OrderRow, margin: string | null | undefined, currency: string) {
  if (margin === null) return null;
  if (margin !== undefined) return minorUnits('margin', margin, currency);
  return currency === current.currency ? current.margin : null;
}

/**
 * Changes an order at the given version. Moving it to another customer needs write access to both, and both
 * customers' summaries are recomputed in the same transaction.
 */
export async function updateOrder(
  deps: Deps,
  actor: Actor,
  id: string,
  input: OrderUpdateInput,
): Promise<OrderDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await findVisible(tx, actor, id);
    await requireCustomer(tx, actor, current.customer_id, 'write');
    const customerId = input.customerId ?? current.customer_id;
    const moved = customerId !== current.customer_id;
    if (moved) await requireCustomer(tx, actor, customerId, 'write');
    if (current.version !== input.version) throw versionConflict('order', current.version);
    const storedLines = await repo.findOrderLines(tx, id);
    const before = presentOrderDetail(current, storedLines);
    const currency = input.currency ?? current.currency;
    const { priced, amount, quantity } = await repriced(tx, current, storedLines, input, currency);
    const orderedAt = input.orderedAt ? new Date(input.orderedAt) : current.ordered_at;
    let updated: boolean;
    try {
      updated = await repo.updateOrder(
        tx,
        id,
        input.version,
        {
          ref: input.ref ?? current.ref,
          customerId,
          orderedAt,
          orderDay: calendarDay(orderedAt, deps.config.timeZone),
          amount,
          currency,
          quantity,
          margin: marginAfter(current, input.margin, currency),
          status: statusFor(amount, input.status ?? (current.status as OrderStatus)),
          channel: input.channel === undefined ? current.channel : input.channel,
          notes: input.notes === undefined ? current.notes : input.notes || null,
        },
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw refTaken();
      throw error;
    }
    if (!updated) throw versionConflict('order', current.version);
    if (priced) await repo.replaceOrderItems(tx, id, customerId, priced.items);
    else if (moved) await repo.moveOrderItems(tx, id, customerId);
    await refreshCustomerStats(tx, moved ? [current.customer_id, customerId] : [customerId]);
    const after = await loadDetail(tx, id);
    await recordAudit(tx, actor, { at: now, action: 'update', entity: 'order', entityId: id, before, after });
    return after;
  });
}

/** Deletes an order (at `version` when given) and its lines; the customer's summary follows. */
export async function deleteOrder(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await findVisible(tx, actor, id);
    await requireCustomer(tx, actor, current.customer_id, 'write');
    if (version !== undefined && current.version !== version) throw versionConflict('order', current.version);
    const before = presentOrderDetail(current, await repo.findOrderLines(tx, id));
    if (!(await repo.deleteOrder(tx, id, current.version))) throw versionConflict('order', current.version);
    await refreshCustomerStats(tx, [current.customer_id]);
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'order', entityId: id, before });
  });
}
