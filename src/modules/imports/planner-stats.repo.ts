import { sql } from 'kysely';
import type { ImportEntity } from '#src/modules/imports/imports.schema.ts';
import type { Db } from '#src/shared/context.ts';

/** The tables an import of each kind writes to (orders create customers for unknown refs, and their summaries). */
const writtenTables: Record<ImportEntity, readonly string[]> = {
  customers: ['customers'],
  orders: ['orders', 'order_items', 'customer_stats', 'customers'],
  interactions: ['interactions', 'customers'],
  products: ['products'],
  leads: ['leads'],
};

/**
 * Refreshes the planner's statistics of the tables an import wrote. Right after a million customers arrive, the
 * planner still believes the tables empty or small and picks plans that read every row (measured: a city filter
 * at 1M customers took 550 ms instead of 10 ms until the next ANALYZE). PostgreSQL's autovacuum would analyze
 * within minutes; the embedded engine has no autovacuum at all. ANALYZE samples a fixed number of rows, so it
 * takes about a second however large the table.
 */
export async function analyzeImportedTables(db: Db, entity: ImportEntity): Promise<void> {
  for (const table of writtenTables[entity]) await sql`analyze ${sql.table(table)}`.execute(db);
}
