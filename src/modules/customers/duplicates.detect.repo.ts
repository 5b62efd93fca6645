import { sql, type RawBuilder } from 'kysely';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { DuplicateCandidate } from '#src/modules/customers/customers.schema.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * SQL of duplicate detection (issue 4, item 8). Detection is set-based and bounded at a million customers: no
 * pair of customers is compared unless a blocking key brings them together.
 * - Exact keys (same lower-case email, same E.164 phone, same credit code, the same name's pinyin in the same
 *   city, the same normalised organisation name) group customers into blocks by one hash aggregate; each member
 *   of a block is paired with the block's first members only, so a key shared by thousands (a placeholder
 *   email) yields a bounded number of pairs.
 * - Similar names (pg_trgm similarity of the pinyin ≥ 0.8) use the sorted-neighbourhood method (Hernández &
 *   Stolfo 1995): names sorted within their city (organisations: over all) are compared with their next few
 *   neighbours only. Names that similar share their first letters, so they sort close together; the work is
 *   linear instead of a self-join over every pair in a city.
 * Only customers of the same kind are paired: a person and an organisation cannot be merged. Each reason is one
 * pass (one statement); the scan records the pairs of all passes at the end (`recordScan`). `matchCustomer`
 * applies the same rules to one customer through indexes.
 */

type DuplicateReason = DuplicateCandidate['reason'];

/** pg_trgm similarity from which two names count as similar. */
const SIMILAR_NAME = 0.8;
/** Members of an exact-key block each later member is paired with. */
const BLOCK_LEADERS = 5;
/** Neighbours each name is compared with in the sorted-neighbourhood pass. */
const NEIGHBOURS = 5;

/** Confidence of each reason: a legal id or an email says more than a name. */
const reasonScore = {
  credit_code: 1,
  email: 0.95,
  phone: 0.9,
  organization_name: 0.85,
  name_city: 0.8,
} as const;
/** A same-sounding name written with other characters (or differently) counts a little less. */
const OTHER_SPELLING = 0.95;

// constants of the SQL below, inlined as float8 literals (never user input)
const float = (value: number) => sql<number>`${sql.lit(value)}::float8`;
const base = (reason: keyof typeof reasonScore) => float(reasonScore[reason]);
const otherSpelling = float(OTHER_SPELLING);
const similarName = float(SIMILAR_NAME);

/** Legal-form words an organisation's name may carry or omit: 有限公司, 股份有限公司, 集团, Co., Ltd., Inc. … */
const legalForms =
  '股份|有限|责任|集团|控股|公司|\\m(co|ltd|inc|corp|corporation|llc|limited|company|gmbh|plc|group|holdings?)\\M';
const punctuation = '[[:space:][:punct:]（）【】《》「」『』，。、；：·＆＋－—　]';
/** The pinyin of Chinese legal forms at the end of a name (有限公司 → youxiangongsi …). */
const pinyinLegalForms = '(gufen|youxian|zeren|gongsi|jituan|konggu)+$';
const han = '[㐀-鿿]';

/** An organisation's name without legal forms, case, spaces and punctuation: exact matches by this key. */
const organizationKey = (name: RawBuilder<string>) =>
  sql<string>`regexp_replace(regexp_replace(lower(${name}), ${legalForms}, '', 'g'), ${punctuation}, '', 'g')`;

/**
 * What similar organisation names are compared on: for a Chinese name its pinyin without the legal form
 * (trigrams see Latin letters on every engine, whatever its locale), else the organisation key.
 */
const organizationSimilarityKey = (name: RawBuilder<string>, pinyin: RawBuilder<string>) =>
  sql<string>`case when ${name} ~ ${han} then regexp_replace(${pinyin}, ${pinyinLegalForms}, '')
    else ${organizationKey(name)} end`;

/** Live customers (not deleted, merged or erased) the actor may see. */
const liveCustomers = (db: Db, scope: CustomerScope) =>
  db
    .selectFrom('customers')
    .select(['id', 'kind', 'email', 'phone', 'credit_code', 'city', 'name', 'name_pinyin'])
    .where('deleted_at', 'is', null)
    .where('merged_into', 'is', null)
    .where('erased_at', 'is', null)
    .where(customerVisible(scope));

const neighbours = Array.from({ length: NEIGHBOURS }, (_, i) => i + 1);
const leadColumns = sql.raw(
  neighbours
    .map(
      (k) =>
        `lead(id, ${k}) over w as id${k}, lead(k, ${k}) over w as k${k}, lead(nm, ${k}) over w as nm${k}`,
    )
    .join(', '),
);
const neighbourValues = sql.raw(neighbours.map((k) => `(id${k}, k${k}, nm${k})`).join(', '));

/** A pair found by one detection pass: ids in stored order (the smaller first), its reason and score. */
export interface FoundPair {
  customer_id: string;
  other_id: string;
  reason: DuplicateReason;
  score: number;
}

/** Gives a pass enough memory to sort and hash a million customers' keys in memory (default: 4 MB). */
export const allowLargeSorts = (db: Db) => sql`set local work_mem = '64MB'`.execute(db);

/** The blocking key of each exact-match reason, with the filter that leaves out customers without one. */
const exactKeys = {
  email: { kind: null, key: sql`lower(email)`, where: sql`email <> ''` },
  phone: { kind: null, key: sql`phone`, where: sql`phone <> ''` },
  credit_code: { kind: 'organization', key: sql`upper(credit_code)`, where: sql`credit_code <> ''` },
  name_city: {
    kind: 'person',
    key: sql`city || chr(31) || name_pinyin`,
    where: sql`city <> '' and name_pinyin <> ''`,
  },
  organization_name: { kind: 'organization', key: organizationKey(sql.ref('name')), where: sql`true` },
} as const;

export const exactReasons = Object.keys(exactKeys) as (keyof typeof exactKeys)[];

/**
 * Pairs of live customers (the actor may see) of one kind that share the exact key of `reason`. Keys held by
 * one customer only drop out in a hash aggregate; in each shared key's block every member is paired with the
 * block's first members (see the module comment). A name spelt differently (other characters, same pinyin)
 * scores a little less.
 */
export async function findExactPairs(
  db: Db,
  scope: CustomerScope,
  reason: keyof typeof exactKeys,
): Promise<FoundPair[]> {
  const { kind, key, where } = exactKeys[reason];
  const live = liveCustomers(db, scope);
  const spelling =
    reason === 'name_city' || reason === 'organization_name'
      ? sql`case when a.nm <> b.nm then ${otherSpelling} else 1 end`
      : sql`1`;
  const result = await sql<FoundPair>`
    with keyed as (
      select id, kind, ${key} as k, lower(name) as nm from ${live} as live
      where ${where} ${kind ? sql`and kind = ${kind}` : sql``}
    ),
    shared as (select kind, k from keyed where k <> '' group by kind, k having count(*) > 1),
    members as (
      select id, kind, k, nm, row_number() over (partition by kind, k order by id) as rn
      from keyed join shared using (kind, k)
    )
    select a.id as customer_id, b.id as other_id, ${reason}::text as reason,
           round((${base(reason)} * ${spelling})::numeric, 3)::float8 as score
    from members a join members b on b.kind = a.kind and b.k = a.k and b.rn > a.rn
    where a.rn <= ${sql.lit(BLOCK_LEADERS)}`.execute(db);
  return result.rows;
}

/**
 * Pairs of live customers with similar names by the sorted-neighbourhood method (see the module comment): people
 * within their city, organisations over all by the pinyin of their name without its legal form.
 */
export async function findSimilarNamePairs(
  db: Db,
  scope: CustomerScope,
  reason: 'name_city' | 'organization_name',
): Promise<FoundPair[]> {
  const live = liveCustomers(db, scope);
  const names =
    reason === 'name_city'
      ? sql`select id, city as grp, name_pinyin as k, lower(name) as nm from ${live} as live
            where kind = 'person' and city <> '' and name_pinyin <> ''`
      : sql`select id, '' as grp, ${organizationSimilarityKey(sql.ref('name'), sql.ref('name_pinyin'))} as k,
                   lower(name) as nm
            from ${live} as live where kind = 'organization'`;
  const result = await sql<FoundPair>`
    with sn as (
      select id, k, nm, ${leadColumns}
      from (${names}) names
      where k <> ''
      window w as (partition by grp order by k, id)
    )
    select least(sn.id, nb.id) as customer_id, greatest(sn.id, nb.id) as other_id, ${reason}::text as reason,
           round((${base(reason)} * nb.sim * case when nb.nm = sn.nm then 1 else ${otherSpelling} end)::numeric, 3)::float8
             as score
    from sn cross join lateral (
      select v.id, v.nm, case when v.k = sn.k then 1 else similarity(sn.k, v.k) end as sim
      from (values ${neighbourValues}) as v(id, k, nm)
      where v.id is not null
    ) nb
    where nb.sim >= ${similarName}`.execute(db);
  return result.rows;
}

/**
 * Records what a scan found, in one statement: one candidate per pair, by its strongest reason. Pairs a reviewer
 * dismissed (or merged) are left as they are; open candidates between customers in the actor's scope that the
 * scan no longer finds are removed. Returns how many pairs were found.
 */
export async function recordScan(
  db: Db,
  scope: CustomerScope,
  pairs: FoundPair[],
  now: Date,
): Promise<{ found: number }> {
  const inScope = (column: 'd.customer_id' | 'd.other_id') =>
    db
      .selectFrom('customers')
      .select('customers.id')
      .where('customers.id', '=', sql.ref<string>(column))
      .where(customerVisible(scope));
  const result = await sql<{ found: number }>`
    with found as (
      select * from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb)
        as p(customer_id uuid, other_id uuid, reason text, score real)
    ),
    best as materialized (
      select distinct on (customer_id, other_id) customer_id, other_id, reason, score
      from found order by customer_id, other_id, score desc, reason
    ),
    recorded as (
      insert into duplicate_candidates (id, customer_id, other_id, reason, score, status, detected_at)
      select gen_random_uuid(), b.customer_id, b.other_id, b.reason, b.score, 'open', ${now} from best b
      where not exists (
        select 1 from duplicate_candidates d
        where d.customer_id = b.customer_id and d.other_id = b.other_id and d.status <> 'open')
      on conflict (customer_id, other_id, reason) do update set score = excluded.score
        where duplicate_candidates.status = 'open' and duplicate_candidates.score <> excluded.score
      returning 1
    ),
    stale as (
      delete from duplicate_candidates d
      where d.status = 'open' and exists ${inScope('d.customer_id')} and exists ${inScope('d.other_id')}
        and not exists (
          select 1 from best b
          where b.customer_id = d.customer_id and b.other_id = d.other_id and b.reason = d.reason)
      returning 1
    )
    select (select count(*) from best) as found, (select count(*) from recorded) as recorded,
           (select count(*) from stale) as removed`.execute(db);
  return { found: Number(result.rows[0]!.found) };
}

/** What one customer is matched on when its duplicates are looked up live. */
export const findMatchFacts = (db: Db, id: string) =>
  db
    .selectFrom('customers')
    .select(['id', 'kind', 'name', 'name_pinyin', 'email', 'phone', 'credit_code', 'province', 'city'])
    .where('id', '=', id)
    .executeTakeFirst();
export type MatchFacts = NonNullable<Awaited<ReturnType<typeof findMatchFacts>>>;

/** Similar names share their first letters (see the module comment); the prefix index finds them. */
const prefixOf = (key: string) => `${key.slice(0, 3).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The live customers the actor may see that may be the same as `target`, with the strongest reason each, by the
 * rules of the scan; every branch is an index lookup (email, phone, credit code, name prefix with the place).
 * Pairs a reviewer dismissed are left out.
 */
export async function matchCustomer(db: Db, scope: CustomerScope, target: MatchFacts, limit: number) {
  const branches: RawBuilder<unknown>[] = [];
  const same = (reason: keyof typeof reasonScore, where: RawBuilder<unknown>) =>
    sql`select id, ${reason}::text as reason, ${base(reason)} as score from customers
        where kind = ${target.kind} and ${where}`;
  if (target.email) branches.push(same('email', sql`lower(email) = ${target.email.toLowerCase()}`));
  if (target.phone) branches.push(same('phone', sql`phone = ${target.phone}`));
  if (target.credit_code && target.kind === 'organization')
    branches.push(same('credit_code', sql`credit_code = ${target.credit_code}`));
  if (target.kind === 'person' && target.city && target.name_pinyin) {
    // (province, city) is indexed; a record without a province is still in the same city
    const place = target.province
      ? sql`(province = ${target.province} or province is null) and city = ${target.city}`
      : sql`city = ${target.city}`;
    branches.push(sql`
      select id, 'name_city' as reason, ${base('name_city')} * sim
             * case when lower(name) = ${target.name.toLowerCase()} then 1 else ${otherSpelling} end as score
      from (select id, name, similarity(name_pinyin, ${target.name_pinyin}) as sim from customers
            where kind = 'person' and ${place} and name_pinyin like ${prefixOf(target.name_pinyin)}) c
      where sim >= ${similarName}`);
  }
  if (target.kind === 'organization') {
    // the target's keys first, so the lookup below has them as constants for the trigram index
    const { rows } = await sql<{ org_key: string; org_sim: string }>`
      select ${organizationKey(sql`${target.name}::text`)} as org_key,
             ${organizationSimilarityKey(sql`${target.name}::text`, sql`${target.name_pinyin}::text`)} as org_sim`.execute(
      db,
    );
    const keys = rows[0]!;
    // a similar name's pinyin holds most of the target's trigrams, so word similarity over the stored search
    // text (pg_trgm's default threshold 0.6, lower than ours) finds every candidate through its GIN index
    if (keys.org_sim)
      branches.push(sql`
        select id, 'organization_name' as reason,
               ${base('organization_name')}
               * case when org_key = ${keys.org_key} and org_key <> '' then 1 else similarity(org_sim, ${keys.org_sim}) end
               * case when lower(name) = ${target.name.toLowerCase()} then 1 else ${otherSpelling} end as score
        from (select id, name, ${organizationKey(sql.ref('name'))} as org_key,
                     ${organizationSimilarityKey(sql.ref('name'), sql.ref('name_pinyin'))} as org_sim
              from customers
              where kind = 'organization' and ${keys.org_sim} <% search_text) c
        where (org_key = ${keys.org_key} and org_key <> '') or similarity(org_sim, ${keys.org_sim}) >= ${similarName}`);
  }
  if (!branches.length) return [];
  const live = liveCustomers(db, scope).clearSelect().select('id');
  const result = await sql<{ other_id: string; reason: string; score: number }>`
    select other_id, reason, score from (
      select distinct on (m.id) m.id as other_id, m.reason, round(m.score::numeric, 3)::real as score
      from (${sql.join(branches, sql` union all `)}) m
      where m.id <> ${target.id} and m.id in ${live}
        and not exists (
          select 1 from duplicate_candidates d
          where d.customer_id = least(m.id, ${target.id}::uuid) and d.other_id = greatest(m.id, ${target.id}::uuid)
            and d.status <> 'open')
      order by m.id, m.score desc, m.reason
    ) best
    order by score desc, other_id
    limit ${sql.lit(limit)}`.execute(db);
  return result.rows;
}
