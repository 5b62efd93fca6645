import { sql } from 'kysely';
import { updateAtVersion } from '#src/db/versioned.ts';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';
import type { InteractionListQuery } from '#src/modules/interactions/interactions.schema.ts';
import { inPeriod, type Period } from '#src/shared/period.ts';

const interactionColumns = [
  'interactions.id',
  'interactions.ref',
  'interactions.customer_id',
  'interactions.channel',
  'interactions.direction',
  'interactions.subject',
  'interactions.notes',
  'interactions.outcome',
  'interactions.occurred_at',
  'interactions.staff_id',
  'interactions.created_by',
  'interactions.version',
  'interactions.created_at',
  'interactions.updated_at',
] as const;

/** An interaction with its customer's name and the ownership facts that decide who may see it. */
const baseQuery = (db: Db) =>
  db
    .selectFrom('interactions')
    .innerJoin('customers', 'customers.id', 'interactions.customer_id')
    .leftJoin('users as staff', 'staff.id', 'interactions.staff_id')
    .select([
      ...interactionColumns,
      'customers.name as customer_name',
      'customers.owner_id as customer_owner_id',
      'customers.team_id as customer_team_id',
      'customers.deleted_at as customer_deleted_at',
      'staff.name as staff_name',
    ]);

export type InteractionRow = Awaited<ReturnType<typeof findInteraction>> & {};

export const findInteraction = (db: Db, id: string) =>
  baseQuery(db).where('interactions.id', '=', id).executeTakeFirst();

export async function listInteractions(
  db: Db,
  scope: CustomerScope,
  query: InteractionListQuery,
  keyset: Keyset,
  period: Period,
) {
  let q = baseQuery(db)
    .select(cursorValue(keyset, 'interactions'))
    .where(customerVisible(scope))
    .where('customers.deleted_at', 'is', null)
    .orderBy(`interactions.${keyset.column}` as 'interactions.occurred_at', keyset.direction)
    .orderBy('interactions.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.customerId) q = q.where('interactions.customer_id', '=', query.customerId);
  if (query.channel) q = q.where('interactions.channel', 'in', query.channel);
  if (query.direction) q = q.where('interactions.direction', '=', query.direction);
  if (query.staffId) q = q.where('interactions.staff_id', '=', query.staffId);
  q = q.where(inPeriod('interactions.occurred_at', period));
  if (query.cursor) q = q.where(afterCursor(keyset, 'interactions', query.cursor));
  return q.execute();
}

export interface InteractionInsert {
  id: string;
  ref: string | null;
  customerId: string;
  channel: string;
  direction: string;
  subject: string | null;
  notes: string | null;
  outcome: string | null;
  occurredAt: Date;
  staffId: string | null;
  createdBy: string | null;
  now: Date;
}

export async function insertInteraction(db: Db, row: InteractionInsert): Promise<void> {
  await db
    .insertInto('interactions')
    .values({
      id: row.id,
      ref: row.ref,
      customer_id: row.customerId,
      channel: row.channel,
      direction: row.direction,
      subject: row.subject,
      notes: row.notes,
      outcome: row.outcome,
      occurred_at: row.occurredAt,
      staff_id: row.staffId,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export interface InteractionChanges {
  customerId?: string;
  channel?: string;
  direction?: string;
  subject?: string | null;
  notes?: string | null;
  outcome?: string | null;
  occurredAt?: Date;
  staffId?: string | null;
}

/** Applies changes when the stored version is `version`; returns false when it was stale. */
export async function updateInteraction(
  db: Db,
  id: string,
  version: number,
  changes: InteractionChanges,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(
    db,
    'interactions',
    id,
    version,
    {
      ...(changes.customerId !== undefined && { customer_id: changes.customerId }),
      ...(changes.channel !== undefined && { channel: changes.channel }),
      ...(changes.direction !== undefined && { direction: changes.direction }),
      ...(changes.subject !== undefined && { subject: changes.subject }),
      ...(changes.notes !== undefined && { notes: changes.notes }),
      ...(changes.outcome !== undefined && { outcome: changes.outcome }),
      ...(changes.occurredAt !== undefined && { occurred_at: changes.occurredAt }),
      ...(changes.staffId !== undefined && { staff_id: changes.staffId }),
    },
    now,
  );
}

/** Deletes at `version` (any version when none is given); returns false when nothing matched. */
export async function deleteInteraction(db: Db, id: string, version?: number): Promise<boolean> {
  let q = db.deleteFrom('interactions').where('id', '=', id);
  if (version !== undefined) q = q.where('version', '=', version);
  return (await q.executeTakeFirst()).numDeletedRows === 1n;
}

/**
 * Sets each customer's last contact (customer_last_contact) to its latest interaction, and removes it when none is
 * left. Derived data: the customer's version and updated_at stay, so logging a call never makes someone's open
 * customer form stale.
 */
export async function refreshLastContact(db: Db, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  // first lock the customers in id order: what follows then sees every contact committed meanwhile, and two
  // writers of one customer's contacts take turns
  await db
    .selectFrom('customers')
    .select('id')
    .where('id', 'in', ids)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  await sql`
    delete from customer_last_contact l
    where l.customer_id = any(${ids}::uuid[])
      and not exists (select 1 from interactions i where i.customer_id = l.customer_id)`.execute(db);
  await sql`
    insert into customer_last_contact (customer_id, last_contact_at)
    select i.customer_id, max(i.occurred_at) from interactions i
    where i.customer_id = any(${ids}::uuid[])
    group by i.customer_id
    on conflict (customer_id) do update set last_contact_at = excluded.last_contact_at
    where customer_last_contact.last_contact_at <> excluded.last_contact_at`.execute(db);
}

/** How many contacts a customer has had, and the latest. */
export const contactSummary = (db: Db, customerId: string) =>
  db
    .selectFrom('interactions')
    .select((eb) => [
      eb.fn.countAll<number>().as('interactions'),
      eb.fn.max('interactions.occurred_at').as('last_contact_at'),
    ])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
