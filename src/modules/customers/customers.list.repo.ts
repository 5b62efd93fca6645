import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import type { Keyset } from '#src/db/paginate.ts';
import type { CustomFilter } from '#src/modules/customers/customers.custom-values.ts';
import { listRowQuery, type CustomerFilter } from '#src/modules/customers/customers.repo.ts';
import { likeEscape, type SearchQuery } from '#src/modules/customers/customers.search-keys.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * The customer list's SQL (issue 4 item 6): filters, search and keyset pages over indexed columns, fast at a
 * million customers. No count(*): a list shows pages, not totals.
 */
export interface CustomerListFilter {
  visible: CustomerFilter;
  /** The recycle bin (soft-deleted, not merged) instead of the live customers. */
  deleted: boolean;
  kind?: string | undefined;
  lifecycleStages?: string[] | undefined;
  keyAccount?: boolean | undefined;
  /** The analyses' classes (customer_scores). */
  valueClass?: string | undefined;
  rfmSegments?: string[] | undefined;
  /** Every tag must be present. */
  tags?: string[] | undefined;
  /** An owner's id, or null for the unassigned. */
  ownerId?: string | null | undefined;
  teamId?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  source?: string | undefined;
  /** Calendar days in `timeZone`, both inclusive. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  timeZone: string;
  custom: CustomFilter[];
  search: SearchQuery | null;
}

/** The list's order; `nullable` when the sort column may be null (lastContactAt). */
export type ListKeyset = Keyset & { nullable: boolean };

/** Where a page starts: after the row with this sort value (null: a row without one) and id. */
export interface ListCursor {
  value: string | null;
  id: string;
  /** A search in name order: the part of the matches the row is in (see `searchParts`). */
  part?: SearchPart | undefined;
}

/**
 * A search in name order lists its matches in two parts: first the names that begin with the query's pinyin
 * (`zhang` → 张伟, 章华), then every other match (initials, substrings, email, phone), each part by name. Each part
 * is then one index walk that stops after a page: the first a range of the name order's index, the second the
 * rest, which is either rare (so its own index finds it) or common (so walking the name order finds a page
 * soon). In one order, a common substring would mean sorting every match to show the first fifty.
 */
export type SearchPart = 'begins' | 'other';
export const searchParts: readonly SearchPart[] = ['begins', 'other'];

/** A sort column: a column of customers, or the last contact, kept beside them (customer_last_contact). */
const column = (keyset: Keyset) =>
  sql.ref(
    keyset.column === 'last_contact_at' ? 'last_contact.last_contact_at' : `customers.${keyset.column}`,
  );

/**
 * The id that breaks ties of the sort. For the last contact it is the id in that table, so that a cursor is a
 * range of its index (last_contact_at, customer_id), which is the same id for the rows that have one.
 */
const tieBreaker = (keyset: Keyset) =>
  sql.ref(keyset.column === 'last_contact_at' ? 'last_contact.customer_id' : 'customers.id');

/** The name order's index (C collation) answers this as a range. */
const beginsWith = (search: SearchQuery) =>
  sql<SqlBool>`customers.name_sort like ${`${likeEscape(search.namePrefix)}%`}`;

/**
 * The rows of one part of a search in name order. Initials begin with the pinyin's first letter, so every
 * initials match lies in that letter's range of the name order: saying so lets PostgreSQL walk only that range.
 */
function partConditions(search: SearchQuery, part: SearchPart): RawBuilder<SqlBool>[] {
  const contains = containsCondition(search);
  // a name that begins with the query matches it: its pinyin is in search_text, and so are its initials' start
  if (part === 'begins') return [beginsWith(search), ...(contains ? [contains] : [])];
  // a pinyin beginning with the query is a name beginning with it: only initials and substrings are left
  const rest = [matchCondition(search, false), sql<SqlBool>`not (${beginsWith(search)})`];
  if (contains) rest.push(contains);
  if (search.prefix) {
    const first = String.fromCodePoint(search.prefix.codePointAt(0)!);
    const next = String.fromCodePoint(first.codePointAt(0)! + 1);
    rest.push(sql<SqlBool>`customers.name_sort >= ${first} and customers.name_sort < ${next}`);
  }
  return rest;
}

/**
 * Whether every match begins with the query: a one-letter query matches initials or pinyin beginning with that
 * letter, and both begin the name order's key. Reading the other part would walk that letter's whole range to
 * find nothing.
 */
const beginsCoversAll = (search: SearchQuery): boolean =>
  search.prefix !== null && [...search.prefix].length === 1 && search.substrings.length === 0;

/**
 * Any of the search's keys: a prefix of the pinyin (unless `pinyinPrefix` is false) or initials, or a substring of
 * search_text.
 */
function matchCondition(search: SearchQuery, pinyinPrefix = true): RawBuilder<SqlBool> {
  const any: RawBuilder<SqlBool>[] = [];
  if (search.prefix) {
    // btree indexes in the C collation answer a LIKE prefix; the initials index is on their first two letters
    // and then the name order, so two letters (`zs`) are one range of it already in name order
    const pattern = `${likeEscape(search.prefix)}%`;
    any.push(
      [...search.prefix].length === 2
        ? sql<SqlBool>`left(customers.name_initials, 2) = ${search.prefix}`
        : sql<SqlBool>`left(customers.name_initials, 2) like ${pattern}`,
    );
    if (pinyinPrefix) any.push(sql<SqlBool>`customers.name_pinyin like ${pattern}`);
  }
  // four or more digits in a row: their four-digit grams (migration 2026-11-23T1510), the rows found then checked;
  // else pg_trgm's GIN index answers LIKE '%…%' of three or more characters
  for (const substring of search.substrings) {
    const grams = digitGrams(substring);
    any.push(
      grams
        ? sql<SqlBool>`(customers.digit_grams @> ${grams}::text[] and strpos(customers.search_text, ${substring}) > 0)`
        : sql<SqlBool>`customers.search_text like ${`%${likeEscape(substring)}%`}`,
    );
  }
  return sql<SqlBool>`(${sql.join(any, sql` or `)})`;
}

/**
 * Four-digit grams of a searched substring with four or more digits in a row (`13800138000`, `+86 1380013`,
 * `2024-0001`), as customers.digit_grams holds them; null when it has none. Any four digits in a row of the
 * substring are four digits in a row of every search text that contains it, so each such customer has them all,
 * and any of them narrow the search; the rows found are checked against the substring itself.
 *
 * Only the last four digits of each run and the four before them are used: a GIN containment reads the posting
 * list of every gram it is given, and the start of a number is what numbers share (`8615` is in a quarter of a
 * million Chinese mobile numbers out of a million customers, a number's last four in about a thousand).
 */
export function digitGrams(substring: string): string[] | null {
  const grams = new Set<string>();
  for (const [run] of substring.matchAll(/\d{4,}/g)) {
    grams.add(run.slice(-4));
    if (run.length >= 8) grams.add(run.slice(-8, -4));
    else if (run.length > 4) grams.add(run.slice(0, 4));
  }
  return grams.size ? [...grams] : null;
}

/** Chinese characters are not in the trigrams (C locale): they are checked on the rows the index found. */
const containsCondition = (search: SearchQuery) =>
  search.contains ? sql<SqlBool>`strpos(customers.search_text, ${search.contains}) > 0` : null;

const searchConditions = (search: SearchQuery): RawBuilder<SqlBool>[] => {
  const contains = containsCondition(search);
  return [matchCondition(search), ...(contains ? [contains] : [])];
};

const comparison = { '>=': sql.raw('>='), '<=': sql.raw('<='), '>': sql.raw('>'), '<': sql.raw('<') };

/** A custom field filter; `=` and `!=` are containment (`custom @> …`), which the GIN index answers. */
function customCondition(filter: CustomFilter): RawBuilder<SqlBool> {
  const value = sql`customers.custom -> ${filter.key}`;
  const text = sql`customers.custom ->> ${filter.key}`;
  switch (filter.kind) {
    case 'present':
      return filter.present ? sql<SqlBool>`${value} is not null` : sql<SqlBool>`${value} is null`;
    case 'contains': {
      const contains = sql<SqlBool>`customers.custom @> ${JSON.stringify({ [filter.key]: filter.value })}::jsonb`;
      return filter.negated ? sql<SqlBool>`not (${contains})` : contains;
    }
    case 'compare':
      // values of another JSON type (never written, but the column is jsonb) compare as null: no cast can fail
      return filter.type === 'number'
        ? sql<SqlBool>`(case when jsonb_typeof(${value}) = 'number' then (${text})::numeric end) ${comparison[filter.operator]} ${filter.value}::numeric`
        : sql<SqlBool>`(case when jsonb_typeof(${value}) = 'string' then ${text} end) collate "C" ${comparison[filter.operator]} ${filter.value}`;
    case 'text':
      return sql<SqlBool>`strpos(lower(${filter.asJson ? sql`(${value})::text` : text}), ${filter.value.toLowerCase()}) > 0`;
  }
}

/**
 * The filtered, searched list rows in the keyset's order, before any cursor; with `part`, only that part of a
 * search in name order, whose cursor values then say the part: `begins:…` or `other:…`.
 */
export function filteredRows(db: Db, filter: CustomerListFilter, keyset: ListKeyset, part?: SearchPart) {
  let q = listRowQuery(db, filter.visible);
  // the list in last-contact order walks that table's index
  if (keyset.column === 'last_contact_at')
    q = q.leftJoin('customer_last_contact as last_contact', 'last_contact.customer_id', 'customers.id');
  q = filter.deleted
    ? q.where('customers.deleted_at', 'is not', null).where('customers.merged_into', 'is', null)
    : q.where('customers.deleted_at', 'is', null);
  if (filter.kind) q = q.where('customers.kind', '=', filter.kind);
  if (filter.lifecycleStages?.length) q = q.where('customers.lifecycle_stage', 'in', filter.lifecycleStages);
  if (filter.keyAccount !== undefined) q = q.where('customers.key_account', '=', filter.keyAccount);
  // semi-joins: PostgreSQL walks the list's order and probes the scores, or reads a rare class by its index
  if (filter.valueClass)
    q = q.where(
      sql<SqlBool>`exists (select 1 from customer_scores s where s.customer_id = customers.id and s.value_class = ${filter.valueClass})`,
    );
  if (filter.rfmSegments?.length)
    q = q.where(
      sql<SqlBool>`exists (select 1 from customer_scores s where s.customer_id = customers.id and s.rfm_segment = any(${filter.rfmSegments}::text[]))`,
    );
  if (filter.tags?.length) q = q.where(sql<SqlBool>`customers.tags @> ${filter.tags}::text[]`);
  if (filter.ownerId !== undefined)
    q = q.where('customers.owner_id', filter.ownerId === null ? 'is' : '=', filter.ownerId);
  if (filter.teamId) q = q.where('customers.team_id', '=', filter.teamId);
  if (filter.province) q = q.where('customers.province', '=', filter.province);
  if (filter.city) q = q.where('customers.city', '=', filter.city);
  if (filter.source) q = q.where('customers.source', '=', filter.source);
  if (filter.createdFrom)
    q = q.where(
      sql<SqlBool>`customers.created_at >= (${filter.createdFrom}::date)::timestamp at time zone ${filter.timeZone}`,
    );
  if (filter.createdTo)
    q = q.where(
      sql<SqlBool>`customers.created_at < (${filter.createdTo}::date + 1)::timestamp at time zone ${filter.timeZone}`,
    );
  for (const custom of filter.custom) q = q.where(customCondition(custom));
  if (filter.search)
    for (const condition of part ? partConditions(filter.search, part) : searchConditions(filter.search))
      q = q.where(condition);
  const value = sql<string>`coalesce(${column(keyset)}::text, '')`;
  return q
    .select((part ? sql<string>`${`${part}:`} || ${value}` : value).as('cursor_value'))
    .orderBy(column(keyset), keyset.direction)
    .orderBy('customers.id', keyset.direction);
}

const after = (keyset: Keyset, cursor: ListCursor) => {
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${column(keyset)}, ${tieBreaker(keyset)}) ${op} (${cursor.value}, ${cursor.id}::uuid)`;
};

/**
 * Runs the list's queries. A search runs with sequential scans priced out: PostgreSQL prices a trigram GIN scan
 * for common trigrams (every phone number has `138`) near a full scan, and measured on 50,000 customers it chose
 * the full scan (30–60 ms, growing with the table) over the index (2–3 ms). Walking the sort index and the
 * prefix and trigram indexes stay its choices.
 */
export async function withListSettings<T>(
  db: Kysely<DB>,
  filter: CustomerListFilter,
  run: (db: Db) => Promise<T>,
): Promise<T> {
  if (!filter.search) return run(db);
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    return run(tx);
  });
}

/**
 * One page (up to `limit` rows) after `cursor`. A nullable sort column (lastContactAt) has its nulls where
 * PostgreSQL's btree puts them — last ascending, first descending — and a page may span the boundary: the rows
 * with a value and the rows without are then read one after the other, each part by the same index.
 */
export function listCustomerRows(
  db: Kysely<DB>,
  filter: CustomerListFilter,
  keyset: ListKeyset,
  cursor: ListCursor | null,
  limit: number,
) {
  return withListSettings(db, filter, (db) =>
    inParts(filter, keyset)
      ? searchPageRows(db, filter, keyset, cursor, limit)
      : pageRows(db, filter, keyset, cursor, limit),
  );
}

/** Whether the list is a search in name order, read part by part (`SearchPart`). */
export const inParts = (filter: CustomerListFilter, keyset: Keyset): boolean =>
  filter.search !== null && keyset.column === 'name_sort';

/** One page of a search in name order: the rest of the cursor's part, then the parts after it. */
async function searchPageRows(
  db: Db,
  filter: CustomerListFilter,
  keyset: ListKeyset,
  cursor: ListCursor | null,
  limit: number,
) {
  const rows: Awaited<ReturnType<ReturnType<typeof filteredRows>['execute']>> = [];
  const from = cursor?.part ? searchParts.indexOf(cursor.part) : 0;
  for (const part of searchParts.slice(from)) {
    if (part === 'other' && beginsCoversAll(filter.search!)) break;
    let q = filteredRows(db, filter, keyset, part);
    if (cursor && part === cursor.part) q = q.where(after(keyset, cursor));
    rows.push(...(await q.limit(limit - rows.length).execute()));
    if (rows.length === limit) break;
  }
  return rows;
}

async function pageRows(
  db: Db,
  filter: CustomerListFilter,
  keyset: ListKeyset,
  cursor: ListCursor | null,
  limit: number,
) {
  if (!keyset.nullable) {
    const rows = filteredRows(db, filter, keyset);
    return (cursor ? rows.where(after(keyset, cursor)) : rows).limit(limit).execute();
  }
  // the rows with a value and the rows without, in list order; each part is one index walk (the last contact's
  // index; the customers without one by id, an anti-join), where one query would sort every customer
  const parts: ('valued' | 'nulls')[] =
    keyset.direction === 'asc' ? ['valued', 'nulls'] : ['nulls', 'valued'];
  const rows: Awaited<ReturnType<ReturnType<typeof filteredRows>['execute']>> = [];
  const from = cursor ? parts.indexOf(cursor.value === null ? 'nulls' : 'valued') : 0;
  const idOp = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  for (const part of parts.slice(from)) {
    let q = filteredRows(db, filter, keyset);
    if (part === 'valued') {
      q = q.where(sql<SqlBool>`${column(keyset)} is not null`);
      if (cursor && cursor.value !== null) q = q.where(after(keyset, cursor));
    } else {
      // by id alone: ordered by the (null) contact time too, PostgreSQL would sort every such customer
      q = q
        .where(sql<SqlBool>`last_contact.customer_id is null`)
        .clearOrderBy()
        .orderBy('customers.id', keyset.direction);
      if (cursor && cursor.value === null) q = q.where(sql<SqlBool>`customers.id ${idOp} ${cursor.id}::uuid`);
    }
    rows.push(...(await q.limit(limit - rows.length).execute()));
    if (rows.length === limit) break;
  }
  return rows;
}
