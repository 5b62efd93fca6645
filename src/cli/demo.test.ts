import os from 'node:os';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { childEnv, databasesForProcesses, runGuanxi, testAdmin } from '#test/support/process.ts';
import { testEngine } from '#test/support/db.ts';

/** `guanxi demo` without --out loads the demo into the database through the import (DESIGN §4). */
const fresh = databasesForProcesses();

describe(`guanxi demo into the database on ${testEngine}`, { timeout: 180_000 }, () => {
  it('imports products, customers, orders with their lines and interactions, audited as CLI import runs', async () => {
    const location = await fresh();
    const result = await runGuanxi(
      ['demo', '--customers', '40', '--orders', '300', '--seed', '5', '--data', location.dataDir],
      {
        env: childEnv({
          ...location.env,
          GUANXI_ADMIN_EMAIL: testAdmin.email,
          GUANXI_ADMIN_PASSWORD: testAdmin.password,
        }),
        timeoutMs: 150_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const summary =
      /^Loaded (\d+) products, 40 customers, 300 orders \((\d+) lines\), (\d+) interactions into .+ in [\d.]+ s\.\n$/.exec(
        result.stdout,
      );
    expect(summary, result.stdout).not.toBeNull();
    const [, products, lines, interactions] = summary!.map(Number);
    for (const file of ['products.csv', 'customers.csv', 'order_items.csv', 'interactions.csv'])
      expect(result.stderr).toMatch(new RegExp(`^demo: ${file}: imported \\d+, skipped 0, errors 0$`, 'm'));

    const database = await location.open();
    try {
      const count = async (table: string, where = sql`true`) =>
        Number(
          (
            await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(
              database.db,
            )
          ).rows[0]!.n,
        );
      expect(await count('products')).toBe(products);
      expect(await count('customers')).toBe(40);
      expect(await count('orders')).toBe(300);
      expect(await count('order_items')).toBe(lines);
      expect(await count('interactions')).toBe(interactions);
      // every order line names a product of the catalogue; returns are stored as returned orders
      expect(await count('order_items', sql`product_id is null`)).toBe(0);
      expect(await count('orders', sql`amount < 0 and status <> 'returned'`)).toBe(0);
      // customer_stats was kept as the orders came in: one row per buyer, purchases net of returns
      const stats = await sql<{ buyers: number; purchases: number }>`
        select count(*) as buyers, sum(orders) as purchases from customer_stats`.execute(database.db);
      const buyers = await sql<{ n: number }>`select count(distinct customer_id) as n from orders`.execute(
        database.db,
      );
      expect(Number(stats.rows[0]!.buyers)).toBe(Number(buyers.rows[0]!.n));
      expect(Number(stats.rows[0]!.purchases)).toBe(await count('orders', sql`status = 'completed'`));
      const audit = await sql<{ actor: string; entity: string }>`
        select actor, after->>'entity' as entity from audit_log where entity = 'import' and action = 'run' order by id`.execute(
        database.db,
      );
      expect(audit.rows).toEqual(
        ['products', 'customers', 'orders', 'interactions'].map((entity) => ({
          actor: `cli:${os.userInfo().username}`,
          entity,
        })),
      );
    } finally {
      await database.close();
    }
  });
});
