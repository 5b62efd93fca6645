import { sql } from 'kysely';
import { unnestRows, type ColumnArray, type PgType } from '#src/modules/imports/bulk.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** Customers as the import reads and writes them, in batches (SQL only; rules in rows-customers.ts). */

const lookupColumns = [
  'id',
  'ref',
  'kind',
  'name',
  'email',
  'phone',
  'owner_id',
  'team_id',
  'deleted_at',
  'merged_into',
] as const;

export type CustomerLookup = Awaited<ReturnType<typeof findCustomersByRef>>[number];

export const findCustomersByRef = (db: Db, refs: readonly string[]) =>
  refs.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('customers')
        .select(lookupColumns)
        .where('ref', '=', sql<string>`any(${[...refs]}::text[])`)
        .execute();

export const findCustomersById = (db: Db, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('customers')
        .select(lookupColumns)
        .where('id', '=', sql<string>`any(${[...ids]}::uuid[])`)
        .execute();

/**
 * New refs for customers imported without one, as the API makes them (`C` and eight digits from
 * `customer_ref_seq`), skipping any a customer already has (an earlier import may have brought such refs).
 */
export async function nextCustomerRefs(db: Db, count: number): Promise<string[]> {
  const refs: string[] = [];
  while (refs.length < count) {
    const { rows } = await sql<{ ref: string }>`
      select r.ref from (
        select 'C' || lpad(nextval('customer_ref_seq')::text, 8, '0') as ref
        from generate_series(1, ${count - refs.length})
      ) r
      where not exists (select 1 from customers c where c.ref = r.ref)`.execute(db);
    refs.push(...rows.map((row) => row.ref));
  }
  return refs;
}

/** The columns an import may set on a customer, with their types. */
export const customerColumnTypes = {
  kind: 'text',
  name: 'text',
  email: 'text',
  phone: 'text',
  gender: 'text',
  birthday: 'date',
  province: 'text',
  city: 'text',
  industry: 'text',
  tags: 'text[]',
  created_at: 'timestamptz',
  credit_code: 'text',
} as const satisfies Record<string, PgType>;
export type CustomerColumn = keyof typeof customerColumnTypes;

export interface CustomerUpsert {
  id: string;
  ref: string;
  /** The file's columns; `tags` as an array literal (bulk.repo.ts textArrayLiteral). */
  values: Partial<Record<CustomerColumn, unknown>>;
  name_pinyin: string;
  name_initials: string;
  search_text: string;
  owner_id: string | null;
  team_id: string | null;
  source: string | null;
}

/**
 * Inserts new customers and updates existing ones (by `ref`) in one statement. Only the file's columns are set on
 * an existing customer, and only when one of them differs from what is stored: an unchanged row keeps its version
 * and is not returned, so the caller counts it as skipped. Owner, team and source are set on insert only.
 */
export async function upsertCustomers(
  db: Db,
  rows: readonly CustomerUpsert[],
  columns: readonly CustomerColumn[],
  now: Date,
): Promise<{ ref: string; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const arrays: ColumnArray[] = [
    { name: 'id', type: 'uuid', values: rows.map((r) => r.id) },
    { name: 'ref', type: 'text', values: rows.map((r) => r.ref) },
    ...columns.map((column) => ({
      name: column,
      type: customerColumnTypes[column],
      values: rows.map((r) => r.values[column] ?? null),
    })),
    { name: 'name_pinyin', type: 'text', values: rows.map((r) => r.name_pinyin) },
    { name: 'name_initials', type: 'text', values: rows.map((r) => r.name_initials) },
    { name: 'search_text', type: 'text', values: rows.map((r) => r.search_text) },
    { name: 'owner_id', type: 'uuid', values: rows.map((r) => r.owner_id) },
    { name: 'team_id', type: 'uuid', values: rows.map((r) => r.team_id) },
    { name: 'source', type: 'text', values: rows.map((r) => r.source) },
  ];
  const value = (column: string) =>
    column === 'tags' ? sql`coalesce(t.tags::text[], '{}')` : sql.ref(`t.${column}`);
  const inserted = [
    'id',
    'ref',
    ...columns,
    'name_pinyin',
    'name_initials',
    'search_text',
    'owner_id',
    'team_id',
    'source',
  ];
  const withCreatedAt = columns.includes('created_at') ? [] : ['created_at'];
  // a stored time keeps microseconds, an imported one has milliseconds: compare at the file's precision
  const stored = (column: string) =>
    column === 'created_at'
      ? sql`date_trunc('milliseconds', customers.created_at)`
      : sql.ref(`customers.${column}`);
  const changed = sql.join(
    columns.map((column) => sql`${stored(column)} is distinct from excluded.${sql.id(column)}`),
    sql` or `,
  );
  const updates = [...columns, 'name_pinyin', 'name_initials', 'search_text'].map(
    (column) => sql`${sql.id(column)} = excluded.${sql.id(column)}`,
  );
  const { rows: result } = await sql<{ ref: string; inserted: boolean }>`
    insert into customers (${sql.join([...inserted, ...withCreatedAt, 'updated_at'].map((c) => sql.id(c)))})
    select ${sql.join(inserted.map(value))}${withCreatedAt.length ? sql`, ${now}::timestamptz` : sql``}, ${now}::timestamptz
    from ${unnestRows('t', arrays)}
    on conflict (ref) do update set ${sql.join(updates)},
      version = customers.version + 1, updated_at = excluded.updated_at
    where ${columns.length ? changed : sql`false`}
    returning ref, (xmax = 0) as inserted`.execute(db);
  return result;
}

/** Creates people for unknown `customer_ref`s of orders (DESIGN §4: a person named by the ref, source `import`). */
export async function insertCustomersForRefs(
  db: Db,
  rows: readonly {
    id: string;
    ref: string;
    name_pinyin: string;
    name_initials: string;
    search_text: string;
    owner_id: string | null;
    team_id: string | null;
  }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into customers (id, ref, kind, name, name_pinyin, name_initials, search_text, owner_id, team_id,
                           source, created_at, updated_at)
    select t.id, t.ref, 'person', t.ref, t.name_pinyin, t.name_initials, t.search_text, t.owner_id, t.team_id,
           'import', ${now}::timestamptz, ${now}::timestamptz
    from ${unnestRows('t', [
      { name: 'id', type: 'uuid', values: rows.map((r) => r.id) },
      { name: 'ref', type: 'text', values: rows.map((r) => r.ref) },
      { name: 'name_pinyin', type: 'text', values: rows.map((r) => r.name_pinyin) },
      { name: 'name_initials', type: 'text', values: rows.map((r) => r.name_initials) },
      { name: 'search_text', type: 'text', values: rows.map((r) => r.search_text) },
      { name: 'owner_id', type: 'uuid', values: rows.map((r) => r.owner_id) },
      { name: 'team_id', type: 'uuid', values: rows.map((r) => r.team_id) },
    ])}
    on conflict (ref) do nothing`.execute(db);
}
