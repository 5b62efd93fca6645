import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import { newId } from '#src/shared/ids.ts';
import { TEST_TZ, testEngine } from '#test/support/db.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { childEnv, databasesForProcesses, runGuanxi, testAdmin } from '#test/support/process.ts';

/** `guanxi stats rebuild` (DESIGN §4: changing GUANXI_TZ needs it). */
const fresh = databasesForProcesses();

describe(`guanxi stats rebuild on ${testEngine}`, { timeout: 120_000 }, () => {
  it("recomputes every order's calendar day in the new GUANXI_TZ and every customer summary", async () => {
    const location = await fresh();
    const database = await location.open();
    let customerId: string;
    try {
      customerId = (await insertCustomerRow(database.db)).id;
      const order = (orderedAt: string, orderDay: string, amount: number) => ({
        id: newId(),
        ref: `R-${amount}`,
        customer_id: customerId,
        ordered_at: orderedAt,
        order_day: orderDay,
        amount,
        currency: 'CNY',
      });
      // order days as the business time zone of the tests (Asia/Shanghai) saw them
      await database.db
        .insertInto('orders')
        .values([
          // 02:00 on 1 March in Shanghai is still 28 February in New York
          order('2026-02-28T18:00:00Z', '2026-03-01', 1000),
          order('2026-03-05T12:00:00Z', '2026-03-05', 2000),
        ])
        .execute();
      await refreshCustomerStats(database.db, [customerId]);
      // a summary gone stale (or lost) is rebuilt as well
      await database.db.updateTable('customer_stats').set({ revenue: 1 }).execute();
    } finally {
      await database.close();
    }
    expect(TEST_TZ).toBe('Asia/Shanghai');

    const result = await runGuanxi(['stats', 'rebuild', '--data', location.dataDir], {
      timeoutMs: 90_000,
      env: childEnv({
        ...location.env,
        GUANXI_TZ: 'America/New_York',
        GUANXI_ADMIN_EMAIL: testAdmin.email,
        GUANXI_ADMIN_PASSWORD: testAdmin.password,
      }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'Rebuilt customer_stats: 1 customer with purchases (time zone America/New_York).\n',
    );

    const after = await location.open();
    try {
      const days = await after.db.selectFrom('orders').select('order_day').orderBy('ordered_at').execute();
      expect(days.map((d) => d.order_day)).toEqual(['2026-02-28', '2026-03-05']);
      const stats = await after.db
        .selectFrom('customer_stats')
        .select([
          'customer_id',
          'first_order_day',
          'last_order_day',
          'purchase_days',
          'revenue',
          'repeat_revenue',
        ])
        .execute();
      expect(stats).toEqual([
        {
          customer_id: customerId,
          first_order_day: '2026-02-28',
          last_order_day: '2026-03-05',
          purchase_days: 2,
          revenue: 3000,
          repeat_revenue: 2000,
        },
      ]);
      const audit = await after.db
        .selectFrom('audit_log')
        .select(['actor', 'action', 'after'])
        .where('entity', '=', 'customer_stats')
        .execute();
      expect(audit).toEqual([
        {
          actor: `cli:${os.userInfo().username}`,
          action: 'rebuild',
          after: { customers: 1, timeZone: 'America/New_York' },
        },
      ]);
    } finally {
      await after.close();
    }
  });
});
