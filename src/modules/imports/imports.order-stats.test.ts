import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '#src/modules/imports/import-file.ts';
import { BATCH_ROWS } from '#src/modules/imports/import-run.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';
import { rebuildAllCustomerStats, refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { insertCustomerRow, setupActor } from '#test/support/factories.ts';

/**
 * An orders import adds a batch's new orders to the summaries of customers whose history they extend, and
 * recomputes the others (customer-stats.repo.ts): either way the summaries must be what `guanxi stats rebuild`
 * computes from every order.
 */
const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const header = ['ref', 'customer_ref', 'ordered_at', 'amount', 'currency', 'quantity'];
type Row = [ref: string, customer: string, at: string, amount: string, currency: string];

let fileNumber = 0;
async function importOrders(rows: Row[]) {
  const path = files.csv(`orders-${++fileNumber}.csv`, [header, ...rows.map((row) => [...row, '1'])]);
  const result = await importFile(t.deps, setupActor, {
    entity: 'orders',
    path,
    errorsPath: `${path}.errors.csv`,
  });
  expect(result.errors, 'rows rejected').toBe(0);
  return result;
}

const summaries = () =>
  t.deps.db
    .selectFrom('customer_stats')
    .select([
      'customer_id',
      'currency',
      'first_order_day',
      'last_order_day',
      'orders',
      'purchase_days',
      'revenue',
      'repeat_revenue',
      'margin',
      'returns',
    ])
    .orderBy('customer_id')
    .orderBy('currency')
    .execute();

/** The summaries as the imports left them, then as a rebuild from every order computes them: they must agree. */
async function expectRebuildToAgree(step: string) {
  const kept = await summaries();
  await rebuildAllCustomerStats(t.deps.db, t.deps.config.timeZone);
  expect(kept, step).toEqual(await summaries());
  return kept;
}

const summaryOf = async (customerRef: string) =>
  t.deps.db
    .selectFrom('customer_stats')
    .innerJoin('customers', 'customers.id', 'customer_stats.customer_id')
    .select([
      'customer_stats.currency',
      'customer_stats.first_order_day',
      'customer_stats.last_order_day',
      'customer_stats.orders',
      'customer_stats.purchase_days',
      'customer_stats.revenue',
      'customer_stats.repeat_revenue',
      'customer_stats.returns',
    ])
    .where('customers.ref', '=', customerRef)
    .orderBy('customer_stats.currency')
    .execute();

/** A deterministic stream of numbers in [0, 1) (a linear congruential generator), so failures repeat. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const day = (offset: number) => new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);

describe('customer summaries kept by orders imports', () => {
  it('equal a rebuild after files that extend, straddle, precede, interleave with and change the history', async () => {
    await importOrders([
      ['SB-1', 'SC-1', '2024-05-01 10:00', '100.00', 'CNY'],
      ['SB-2', 'SC-1', '2024-05-01 18:00', '20.00', 'CNY'],
      ['SB-3', 'SC-1', '2024-05-03 10:00', '30.00', 'CNY'],
      // a return only: no purchase, so no summary
      ['SB-4', 'SC-2', '2024-05-02 10:00', '-15.00', 'CNY'],
      ['SB-5', 'SC-3', '2024-05-02 10:00', '50.00', 'CNY'],
      ['SB-6', 'SC-3', '2024-05-04 10:00', '7.25', 'USD'],
      ['SB-7', 'SC-4', '2024-05-05 10:00', '0', 'CNY'],
    ]);
    await expectRebuildToAgree('a first file');
    expect(await summaryOf('SC-2')).toEqual([]);

    await importOrders([
      // on the last purchase day (already counted as a purchase day) and after it
      ['SB-8', 'SC-1', '2024-05-03 20:00', '5.00', 'CNY'],
      ['SB-9', 'SC-1', '2024-05-06 10:00', '40.00', 'CNY'],
      ['SB-10', 'SC-1', '2024-05-06 11:00', '-40.00', 'CNY'],
      // a first purchase after a stored return
      ['SB-11', 'SC-2', '2024-05-07 10:00', '60.00', 'CNY'],
      // only a return, dated before the last purchase
      ['SB-12', 'SC-3', '2024-05-01 10:00', '-2.00', 'USD'],
      ['SB-13', 'SC-5', '2024-05-07 10:00', '80.00', 'CNY'],
    ]);
    await expectRebuildToAgree('a second file that goes on where the first stopped');
    expect(await summaryOf('SC-1')).toEqual([
      {
        currency: 'CNY',
        first_order_day: '2024-05-01',
        last_order_day: '2024-05-06',
        orders: 5,
        purchase_days: 3,
        revenue: 15500,
        repeat_revenue: 7500,
        returns: 1,
      },
    ]);
    expect(await summaryOf('SC-2')).toMatchObject([{ orders: 1, revenue: 4500, returns: 1 }]);

    await importOrders([
      // before the first purchase, and between the first and the last
      ['SB-14', 'SC-1', '2024-04-20 10:00', '10.00', 'CNY'],
      ['SB-15', 'SC-3', '2024-05-03 10:00', '3.00', 'USD'],
      ['SB-16', 'SC-4', '2024-05-09 10:00', '12.00', 'CNY'],
    ]);
    await expectRebuildToAgree('a file with orders before what is stored');

    await importOrders([
      // changed: a new amount, and an order moved to another customer, next to a new order of the same customer
      ['SB-3', 'SC-1', '2024-05-03 10:00', '31.00', 'CNY'],
      ['SB-13', 'SC-1', '2024-05-07 10:00', '80.00', 'CNY'],
      ['SB-17', 'SC-1', '2024-05-10 10:00', '1.00', 'CNY'],
      ['SB-18', 'SC-5', '2024-05-11 10:00', '9.00', 'CNY'],
    ]);
    await expectRebuildToAgree('a file that changes stored orders');
    expect(await summaryOf('SC-5')).toMatchObject([{ orders: 1, first_order_day: '2024-05-11' }]);

    // orders written in Guanxi between imports: a cancelled one after the last purchase, and one for a customer
    // who has no summary yet
    const cancelledFor = async (customerRef: string, customerId: string, orderedAt: string) => {
      await t.deps.db
        .insertInto('orders')
        .values({
          id: newId(),
          ref: `SB-${customerRef}-cancelled`,
          customer_id: customerId,
          ordered_at: new Date(orderedAt),
          order_day: orderedAt.slice(0, 10),
          amount: 999_00,
          currency: 'CNY',
          status: 'cancelled',
          margin: 100,
        })
        .execute();
      await refreshCustomerStats(t.deps.db, [customerId]);
    };
    const four = await t.deps.db
      .selectFrom('customers')
      .select('id')
      .where('ref', '=', 'SC-4')
      .executeTakeFirstOrThrow();
    await cancelledFor('SC-4', four.id, '2024-05-12T02:00:00Z');
    const six = await insertCustomerRow(t.deps.db, { ref: 'SC-6' });
    await cancelledFor('SC-6', six.id, '2024-05-12T02:00:00Z');
    await importOrders([
      ['SB-19', 'SC-4', '2024-05-13 10:00', '4.00', 'CNY'],
      ['SB-20', 'SC-6', '2024-05-13 10:00', '6.00', 'CNY'],
    ]);
    await expectRebuildToAgree('after orders written in Guanxi');
    expect(await summaryOf('SC-6')).toMatchObject([{ orders: 1, revenue: 600 }]);
  });

  it('equal a rebuild after files of several batches, in time order and then in no order', async () => {
    const next = sequence(4);
    const customers = Array.from({ length: 40 }, (_, i) => `SR-${i + 1}`);
    const row = (ref: string, offset: number): Row => {
      const roll = next();
      const money = `${1 + Math.floor(next() * 500)}.${String(Math.floor(next() * 100)).padStart(2, '0')}`;
      const hour = String(8 + Math.floor(next() * 12)).padStart(2, '0');
      return [
        ref,
        customers[Math.floor(next() * customers.length)]!,
        `${day(offset)} ${hour}:00`,
        // returns and free orders among the purchases
        roll < 0.08 ? `-${money}` : roll < 0.1 ? '0' : money,
        next() < 0.1 ? 'USD' : 'CNY',
      ];
    };
    // several orders a day, so that a customer's day often straddles two batches
    const inOrder = Array.from({ length: BATCH_ROWS * 2 + 300 }, (_, i) =>
      row(`SR-A${i}`, Math.floor(i / 25)),
    );
    expect(await importOrders(inOrder)).toMatchObject({ imported: inOrder.length });
    const kept = await expectRebuildToAgree('a file in time order');
    expect(kept.length).toBeGreaterThan(40);

    const anyOrder = Array.from({ length: BATCH_ROWS + 500 }, (_, i) =>
      row(`SR-B${i}`, Math.floor(next() * 400) - 100),
    );
    expect(await importOrders(anyOrder)).toMatchObject({ imported: anyOrder.length });
    await expectRebuildToAgree('a file in no order');
  });
});
