import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importFile } from '#src/modules/imports/import-file.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { setupActor } from '#test/support/factories.ts';

/** After a large import the planner knows the tables' new sizes (planner-stats.repo.ts); a small one leaves them. */
const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

/** The planner's row estimate for a table: -1 until it was first analyzed or vacuumed. */
const estimatedRows = async (table: string) =>
  (
    await sql<{
      reltuples: number;
    }>`select reltuples::float8 as reltuples from pg_class where relname = ${table}`.execute(t.database.db)
  ).rows[0]!.reltuples;

const customersFile = (prefix: string, count: number) =>
  files.csv(`${prefix}.csv`, [
    ['ref', 'kind', 'name', 'city'],
    ...Array.from({ length: count }, (_, i) => [
      `${prefix}-${i}`,
      'person',
      `客户${i}`,
      i % 2 ? '上海市' : '北京市',
    ]),
  ]);

const run = (path: string) =>
  importFile(t.deps, setupActor, { entity: 'customers', path, errorsPath: `${path}.errors.csv` });

it('leaves the statistics alone after a few rows', async () => {
  expect((await run(customersFile('small', 20))).imported).toBe(20);
  expect(await estimatedRows('customers')).toBeLessThan(20);
});

it('refreshes the statistics of what a large import wrote, with the city values a filter plans by', async () => {
  expect((await run(customersFile('large', 1500))).imported).toBe(1500);
  expect(await estimatedRows('customers')).toBe(1520);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stats where tablename = 'customers' and attname = 'city'`.execute(
    t.database.db,
  );
  expect(rows[0]!.n).toBe(1);
});
