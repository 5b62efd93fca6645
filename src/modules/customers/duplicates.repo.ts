import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import { listRowQuery } from '#src/modules/customers/customers.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** SQL of the duplicate review (issue 4, item 8): candidate pairs as detection recorded them. */

/** A customer of a candidate pair the actor may see (and, with `live`, one that is not deleted or merged). */
const visibleCustomer = (
  eb: ExpressionBuilder<DB & { d: DB['duplicate_candidates'] }, 'd'>,
  column: 'd.customer_id' | 'd.other_id',
  scope: CustomerScope,
  live: boolean,
) => {
  let query = eb
    .selectFrom('customers')
    .select('customers.id')
    .whereRef('customers.id', '=', column)
    .where(customerVisible(scope));
  if (live)
    query = query.where('customers.deleted_at', 'is', null).where('customers.merged_into', 'is', null);
  return eb.exists(query);
};

/** Open candidates whose two customers the actor may see and are live. */
export async function countOpen(db: Db, scope: CustomerScope): Promise<number> {
  const row = await db
    .selectFrom('duplicate_candidates as d')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('d.status', '=', 'open')
    .where((eb) => visibleCustomer(eb, 'd.customer_id', scope, true))
    .where((eb) => visibleCustomer(eb, 'd.other_id', scope, true))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const candidateColumns = [
  'd.id',
  'd.customer_id',
  'd.other_id',
  'd.reason',
  'd.score',
  'd.status',
  'd.detected_at',
] as const;

/**
 * A page of candidates by score (highest first) and id, both customers visible to the actor; open candidates
 * also need both customers live. `after` is the last row's score (PostgreSQL's text of a real) and id.
 */
export function listCandidates(
  db: Db,
  scope: CustomerScope,
  query: { status: string; limit: number },
  after: [string, string] | null,
) {
  let q = db
    .selectFrom('duplicate_candidates as d')
    .select([...candidateColumns, sql<string>`d.score::text`.as('cursor_value')])
    .where('d.status', '=', query.status)
    .where((eb) => visibleCustomer(eb, 'd.customer_id', scope, query.status === 'open'))
    .where((eb) => visibleCustomer(eb, 'd.other_id', scope, query.status === 'open'))
    // the order of the (status, score desc, id) index
    .orderBy('d.score', 'desc')
    .orderBy('d.id', 'asc')
    .limit(query.limit + 1);
  if (after) {
    const [score, id] = after;
    q = q.where(
      sql<boolean>`(d.score < ${score}::real or (d.score = ${score}::real and d.id > ${id}::uuid))`,
    );
  }
  return q.execute();
}

export const findCandidate = (db: Db, id: string) =>
  db
    .selectFrom('duplicate_candidates as d')
    .select(candidateColumns)
    .where('d.id', '=', id)
    .executeTakeFirst();
export type CandidateRow = NonNullable<Awaited<ReturnType<typeof findCandidate>>>;

/** A reviewer's verdict: these two are different customers, whatever the reason they were proposed for. */
export const dismissPair = (
  db: Db,
  pair: { customer_id: string; other_id: string },
  actorId: string | null,
  now: Date,
) =>
  db
    .updateTable('duplicate_candidates')
    .set({ status: 'dismissed', resolved_at: now, resolved_by: actorId })
    .where('customer_id', '=', pair.customer_id)
    .where('other_id', '=', pair.other_id)
    .where('status', '=', 'open')
    .execute();

/** Customers as list rows, by id (any state: the caller decided they may be shown). */
export const findListItems = (db: Db, ids: readonly string[]) =>
  listRowQuery(db, customerVisible({ kind: 'all' }))
    .where('customers.id', 'in', ids)
    .execute();

/** The open candidates recorded for these pairs (by any reason), highest score first. Reads only. */
export async function findOpenCandidates(db: Db, pairs: { customer_id: string; other_id: string }[]) {
  if (!pairs.length) return [];
  return db
    .selectFrom('duplicate_candidates as d')
    .select(candidateColumns)
    .where('d.status', '=', 'open')
    .where((eb) =>
      eb.or(
        pairs.map((p) =>
          eb.and([eb('d.customer_id', '=', p.customer_id), eb('d.other_id', '=', p.other_id)]),
        ),
      ),
    )
    .orderBy('d.score', 'desc')
    .orderBy('d.id')
    .execute();
}
