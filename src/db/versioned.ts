import { sql, type Updateable } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';

/** Tables whose rows carry `version` for optimistic concurrency (DESIGN §4: a stale write is a 409). */
type VersionedTable =
  | 'users'
  | 'products'
  | 'interactions'
  | 'leads'
  | 'lead_forms'
  | 'lead_assignment_rules'
  | 'lead_score_rules'
  | 'opportunities'
  | 'account_plans'
  | 'account_plan_contacts';

/**
 * Applies `values` to the row `id` when its stored version is `version`, bumping the version and `updated_at`;
 * returns false when the version was stale (or the row is gone), for the caller's 409.
 */
export async function updateAtVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  id: string,
  version: number,
  values: Updateable<DB[T]>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable(table as VersionedTable)
    .set(values as Updateable<DB[VersionedTable]>)
    .set({ version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
