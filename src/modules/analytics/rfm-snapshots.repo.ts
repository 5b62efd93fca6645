import { sql } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import { visibleCustomer } from '#src/modules/analytics/facts.repo.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/** Stored RFM snapshots (rfm.snapshots.service.ts): one row per snapshot, one per customer scored in it. */

const snapshotColumns = ['id', 'as_of', 'currency', 'customers', 'created_by', 'created_at'] as const;

export const snapshotKeyset: Keyset = { column: 'created_at', direction: 'desc', type: 'timestamptz' };

export const insertSnapshot = (
  db: Db,
  row: { id: string; as_of: string; currency: string; created_by: string; created_at: Date },
) =>
  db
    .insertInto('rfm_snapshots')
    .values({ ...row, customers: 0 })
    .execute();

export const setSnapshotCustomers = (db: Db, id: string, customers: number) =>
  db.updateTable('rfm_snapshots').set({ customers }).where('id', '=', id).execute();

export const findSnapshot = (db: Db, id: string) =>
  db.selectFrom('rfm_snapshots').select(snapshotColumns).where('id', '=', id).executeTakeFirst();

/** The newest snapshot, or the newest taken before the given one. */
export const findLatestSnapshot = (db: Db, before?: { created_at: Date; id: string }) =>
  db
    .selectFrom('rfm_snapshots')
    .select(snapshotColumns)
    .$if(before !== undefined, (q) =>
      q.where(sql<boolean>`(created_at, id) < (${before!.created_at}, ${before!.id}::uuid)`),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export const listSnapshots = (db: Db, limit: number, cursor: string | undefined) =>
  db
    .selectFrom('rfm_snapshots')
    .select([...snapshotColumns, cursorValue(snapshotKeyset, 'rfm_snapshots')])
    .$if(cursor !== undefined, (q) => q.where(afterCursor(snapshotKeyset, 'rfm_snapshots', cursor!)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();

/** Deletes a snapshot with its customers (on delete cascade); false when there was none. */
export async function deleteSnapshot(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('rfm_snapshots').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** How many customers went from each segment of one snapshot to each of another (null: not in that snapshot). */
export async function segmentMovements(db: Db, fromId: string, toId: string) {
  const { rows } = await sql<{ from_segment: string | null; to_segment: string | null; customers: number }>`
    select a.segment as from_segment, b.segment as to_segment, count(*)::int as customers
    from (select customer_id, segment from rfm_snapshot_customers where snapshot_id = ${fromId}) a
    full join (select customer_id, segment from rfm_snapshot_customers where snapshot_id = ${toId}) b
      on a.customer_id = b.customer_id
    group by a.segment, b.segment`.execute(db);
  return rows;
}

/** One side of a movement cell: a snapshot and the customer's segment in it (null: not in that snapshot). */
export interface MovementSide {
  snapshotId: string;
  segment: string | null;
}

/**
 * The customers of one movement cell the scope may see, by customer id after `after`, with their ref and name now
 * (null when the record is gone: snapshot rows have no foreign key). The side with a segment drives, read in id
 * order through the primary key (snapshot_id, customer_id), and the other side is probed by the same key, so a page
 * reads only as far as it needs, however large the snapshot. At least one side has a segment.
 */
export async function movementCellCustomers(
  db: Db,
  from: MovementSide,
  to: MovementSide,
  filter: { scope: CustomerScope; after?: string | undefined; limit: number },
) {
  const [drive, other] = from.segment === null ? [to, from] : [from, to];
  const visible = visibleCustomer(filter.scope, sql`d.customer_id`);
  const inOther = sql`select 1 from rfm_snapshot_customers o
                      where o.snapshot_id = ${other.snapshotId} and o.customer_id = d.customer_id`;
  const { rows } = await sql<{ customer_id: string; ref: string | null; name: string | null }>`
    select d.customer_id, c.ref, c.name
    from rfm_snapshot_customers d
    left join customers c on c.id = d.customer_id
    where d.snapshot_id = ${drive.snapshotId} and d.segment = ${drive.segment}
      and ${other.segment === null ? sql`not exists (${inOther})` : sql`exists (${inOther} and o.segment = ${other.segment})`}
      ${visible ? sql`and ${visible}` : sql``}
      ${filter.after ? sql`and d.customer_id > ${filter.after}::uuid` : sql``}
    order by d.customer_id
    limit ${filter.limit}`.execute(db);
  return rows;
}
