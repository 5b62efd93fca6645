import { sql, type RawBuilder } from 'kysely';
import { unnestRows, type ColumnArray } from '#src/modules/imports/bulk.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** Interactions and products as the import writes them, in batches (SQL only; rules in rows-*.ts). */

export interface InteractionWrite {
  id: string;
  ref: string | null;
  customer_id: string;
  channel: string;
  direction: string;
  occurred_at: Date;
  subject: string | null;
  notes: string | null;
}

/** Columns the file may leave out; a stored value is then kept. */
export type OptionalInteractionColumn = 'subject' | 'notes';

const interactionArrays = (rows: readonly InteractionWrite[], staffId: string | null): ColumnArray[] => [
  { name: 'id', type: 'uuid', values: rows.map((r) => r.id) },
  { name: 'ref', type: 'text', values: rows.map((r) => r.ref) },
  { name: 'customer_id', type: 'uuid', values: rows.map((r) => r.customer_id) },
  { name: 'channel', type: 'text', values: rows.map((r) => r.channel) },
  { name: 'direction', type: 'text', values: rows.map((r) => r.direction) },
  { name: 'occurred_at', type: 'timestamptz', values: rows.map((r) => r.occurred_at) },
  { name: 'subject', type: 'text', values: rows.map((r) => r.subject) },
  { name: 'notes', type: 'text', values: rows.map((r) => r.notes) },
  { name: 'staff_id', type: 'uuid', values: rows.map(() => staffId) },
];

/**
 * Stored interactions by ref, with their customer's ownership, for the scope check and last-contact updates: one
 * index probe per ref (see storedRefs in bulk.repo.ts), so a first import's new refs cost a probe each.
 */
export async function findInteractionsByRef(db: Db, refs: readonly string[]) {
  if (refs.length === 0) return [];
  const { rows } = await sql<{
    ref: string;
    customer_id: string;
    owner_id: string | null;
    team_id: string | null;
  }>`
    select s.ref, s.customer_id, s.owner_id, s.team_id
    from unnest(${[...refs]}::text[]) as k(ref)
    cross join lateral (
      select i.ref, i.customer_id, c.owner_id, c.team_id
      from interactions i
      join customers c on c.id = i.customer_id
      where i.ref = k.ref
      limit 1
    ) s`.execute(db);
  return rows;
}

/**
 * Inserts interactions whose refs findInteractionsByRef did not find: a plain insert, a fifth cheaper than the
 * upsert's speculative one. A concurrent import of the same ref makes it a unique violation, and the batch is written again
 * record by record (import-run.ts), the upsert then finding the ref.
 */
export async function insertInteractions(
  db: Db,
  rows: readonly InteractionWrite[],
  staffId: string | null,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into interactions (id, ref, customer_id, channel, direction, occurred_at, subject, notes, staff_id,
                              created_by, created_at, updated_at)
    select t.*, ${staffId}::uuid, ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', interactionArrays(rows, staffId))}`.execute(db);
}

/**
 * Upserts interactions that have a ref; unchanged ones are not returned (skipped). The staff member is the
 * importer on insert; a re-import changes the contact's facts, not who had it.
 */
export async function upsertInteractions(
  db: Db,
  rows: readonly InteractionWrite[],
  optional: readonly OptionalInteractionColumn[],
  staffId: string | null,
  now: Date,
): Promise<{ ref: string; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const compared = ['customer_id', 'channel', 'direction', ...optional];
  const stored = (column: string): RawBuilder<unknown> => sql.ref(`interactions.${column}`);
  const { rows: result } = await sql<{ ref: string; inserted: boolean }>`
    insert into interactions (id, ref, customer_id, channel, direction, occurred_at, subject, notes, staff_id,
                              created_by, created_at, updated_at)
    select t.*, ${staffId}::uuid, ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', interactionArrays(rows, staffId))}
    on conflict (ref) where ref is not null do update
    set ${sql.join([...compared, 'occurred_at'].map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))},
        version = interactions.version + 1, updated_at = excluded.updated_at
    where date_trunc('milliseconds', interactions.occurred_at) <> excluded.occurred_at
       or ${sql.join(
         compared.map((c) => sql`${stored(c)} is distinct from excluded.${sql.id(c)}`),
         sql` or `,
       )}
    returning ref, (xmax = 0) as inserted`.execute(db);
  return result;
}

/**
 * Inserts interactions without a ref unless the same contact (customer, channel, direction, time, subject and
 * notes) is stored already without a ref: re-importing a file, or an export of contacts logged in Guanxi, adds
 * nothing. Returns the ids inserted.
 */
export async function insertNewInteractions(
  db: Db,
  rows: readonly InteractionWrite[],
  staffId: string | null,
  now: Date,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: result } = await sql<{ id: string }>`
    insert into interactions (id, ref, customer_id, channel, direction, occurred_at, subject, notes, staff_id,
                              created_by, created_at, updated_at)
    select t.*, ${staffId}::uuid, ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', interactionArrays(rows, staffId))}
    where not exists (
      select 1 from interactions x
      where x.customer_id = t.customer_id and x.ref is null
        and x.occurred_at >= t.occurred_at and x.occurred_at < t.occurred_at + interval '1 millisecond'
        and x.channel = t.channel and x.direction = t.direction
        and x.subject is not distinct from t.subject and x.notes is not distinct from t.notes)
    returning id`.execute(db);
  return new Set(result.map((row) => row.id));
}

/**
 * Moves each customer's last contact forward to its latest new interaction, where that is later: exact for
 * interactions just inserted, and safe beside a concurrent writer (the upsert re-checks a row another transaction
 * changed, so the later time wins). Customers whose interactions changed or moved go through refreshLastContact
 * (interactions.repo.ts).
 */
export async function advanceLastContact(
  db: Db,
  contacts: readonly { customer_id: string; occurred_at: Date }[],
): Promise<void> {
  if (contacts.length === 0) return;
  await sql`
    insert into customer_last_contact (customer_id, last_contact_at)
    select t.customer_id, max(t.occurred_at)
    from unnest(${contacts.map((r) => r.customer_id)}::uuid[], ${contacts.map((r) => r.occurred_at)}::timestamptz[])
      as t(customer_id, occurred_at)
    group by t.customer_id
    order by t.customer_id
    on conflict (customer_id) do update set last_contact_at = excluded.last_contact_at
    where customer_last_contact.last_contact_at < excluded.last_contact_at`.execute(db);
}

export interface ProductWrite {
  id: string;
  sku: string;
  name: string;
  category: string | null;
  price: number | null;
  currency: string;
}

export type OptionalProductColumn = 'category' | 'price' | 'currency';

/** Upserts products by SKU; unchanged ones are not returned (skipped). */
export async function upsertProducts(
  db: Db,
  rows: readonly ProductWrite[],
  optional: readonly OptionalProductColumn[],
  now: Date,
): Promise<{ sku: string; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const compared = ['name', ...optional];
  const { rows: result } = await sql<{ sku: string; inserted: boolean }>`
    insert into products (id, sku, name, category, price, currency, created_at, updated_at)
    select t.id, t.sku, t.name, t.category, coalesce(t.price, 0), t.currency,
           ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', [
      { name: 'id', type: 'uuid', values: rows.map((r) => r.id) },
      { name: 'sku', type: 'text', values: rows.map((r) => r.sku) },
      { name: 'name', type: 'text', values: rows.map((r) => r.name) },
      { name: 'category', type: 'text', values: rows.map((r) => r.category) },
      { name: 'price', type: 'bigint', values: rows.map((r) => r.price) },
      { name: 'currency', type: 'text', values: rows.map((r) => r.currency) },
    ])}
    on conflict (sku) do update
    set ${sql.join(compared.map((c) => sql`${sql.id(c)} = excluded.${sql.id(c)}`))},
        version = products.version + 1, updated_at = excluded.updated_at
    where ${sql.join(
      compared.map((c) => sql`${sql.ref(`products.${c}`)} is distinct from excluded.${sql.id(c)}`),
      sql` or `,
    )}
    returning sku, (xmax = 0) as inserted`.execute(db);
  return result;
}
