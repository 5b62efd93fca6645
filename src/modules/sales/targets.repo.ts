import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { TargetListQuery } from '#src/modules/sales/targets.schema.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * Which targets an actor may read: sales staff their own, managers their own, their team's and its members',
 * everyone else (admins, viewers) all. A target is someone's numbers, so it follows the person, not a customer.
 */
export function visibleTargets(scope: CustomerScope, alias: string): RawBuilder<SqlBool> {
  const user = sql.ref(`${alias}.user_id`);
  const team = sql.ref(`${alias}.team_id`);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'none':
      return sql<SqlBool>`false`;
    case 'own':
      return scope.userId ? sql<SqlBool>`${user} = ${scope.userId}` : sql<SqlBool>`false`;
    case 'team':
      return sql<SqlBool>`(${user} = ${scope.userId ?? null}
        or ${team} = ${scope.teamId ?? null}
        or ${user} in (select id from users where team_id = ${scope.teamId ?? null}))`;
  }
}

/**
 * What each target's person or team achieved in its period, by metric: won deals (amount or count, by the
 * opportunity's owner or team and closed day), revenue of their customers' orders (not cancelled, returns
 * subtracted) and their customers created in the period (business days).
 */
const actualOf = (timeZone: string) => sql<number>`case t.metric
  when 'won_amount' then (
    select coalesce(sum(o.amount), 0) from opportunities o
    where o.status = 'won' and o.currency = t.currency and o.closed_day between t.period_start and t.period_end
      and (o.owner_id = t.user_id or o.team_id = t.team_id))
  when 'won_deals' then (
    select count(*) from opportunities o
    where o.status = 'won' and o.closed_day between t.period_start and t.period_end
      and (o.owner_id = t.user_id or o.team_id = t.team_id))
  when 'revenue' then (
    select coalesce(sum(r.amount), 0) from orders r join customers c on c.id = r.customer_id
    where r.status <> 'cancelled' and r.currency = t.currency
      and r.order_day between t.period_start and t.period_end
      and (c.owner_id = t.user_id or c.team_id = t.team_id))
  else (
    select count(*) from customers c
    where c.deleted_at is null and c.merged_into is null
      and (c.created_at at time zone ${timeZone})::date between t.period_start and t.period_end
      and (c.owner_id = t.user_id or c.team_id = t.team_id))
  end::bigint`;

/** A target's last day. */
const periodEnd = sql<string>`(period_start + case period_kind when 'month' then interval '1 month'
  when 'quarter' then interval '3 months' else interval '1 year' end - interval '1 day')::date`;

/** Targets with their period's last day. */
const withEnd = (db: Db) =>
  db
    .selectFrom('sales_targets')
    .select((eb) => [
      'sales_targets.id',
      'period_kind',
      'period_start',
      'user_id',
      'team_id',
      'metric',
      'amount',
      'currency',
      'sales_targets.version',
      'sales_targets.created_at',
      'sales_targets.updated_at',
      periodEnd.as('period_end'),
      eb.fn
        .coalesce(
          eb.selectFrom('users').select('users.name').whereRef('users.id', '=', 'sales_targets.user_id'),
          eb.selectFrom('teams').select('teams.name').whereRef('teams.id', '=', 'sales_targets.team_id'),
        )
        .as('assignee_name'),
    ]);

const newestFirst: Keyset = { column: 'created_at', direction: 'desc', type: 'timestamptz' };

export interface TargetFilter {
  ids?: string[];
  query?: TargetListQuery;
  keyset?: Keyset;
  /** For the forecast: targets of these period starts. */
  periodStarts?: string[];
  currency?: string;
  assignee?: 'user' | 'team';
}

/** Targets the actor may see, with `actual` computed in the same statement. */
export async function findTargets(db: Db, scope: CustomerScope, timeZone: string, filter: TargetFilter) {
  const cursorKeyset = filter.keyset ?? newestFirst;
  let inner = withEnd(db)
    .select(cursorValue(cursorKeyset, 'sales_targets'))
    .where(visibleTargets(scope, 'sales_targets'));
  const q = filter.query;
  if (filter.ids) inner = inner.where('sales_targets.id', 'in', filter.ids);
  if (filter.periodStarts) inner = inner.where('period_start', 'in', filter.periodStarts);
  if (filter.currency) inner = inner.where('currency', '=', filter.currency);
  if (filter.assignee)
    inner = inner.where(filter.assignee === 'user' ? 'user_id' : 'team_id', 'is not', null);
  if (q?.periodKind) inner = inner.where('period_kind', '=', q.periodKind);
  if (q?.metric) inner = inner.where('metric', '=', q.metric);
  if (q?.userId) inner = inner.where('user_id', '=', q.userId);
  if (q?.teamId) inner = inner.where('team_id', '=', q.teamId);
  if (q?.to) inner = inner.where('period_start', '<=', q.to);
  if (q?.from) inner = inner.where(periodEnd, '>=', q.from);
  if (filter.keyset) {
    inner = inner
      .orderBy(`sales_targets.${filter.keyset.column}` as 'sales_targets.created_at', filter.keyset.direction)
      .orderBy('sales_targets.id', filter.keyset.direction)
      .limit((q?.limit ?? 50) + 1);
    if (q?.cursor) inner = inner.where(afterCursor(filter.keyset, 'sales_targets', q.cursor));
  }
  let outer = db.selectFrom(inner.as('t')).selectAll('t').select(actualOf(timeZone).as('actual'));
  if (filter.keyset)
    outer = outer
      .orderBy(`t.${filter.keyset.column}` as 't.created_at', filter.keyset.direction)
      .orderBy('t.id', filter.keyset.direction);
  return outer.execute();
}
export type TargetRow = Awaited<ReturnType<typeof findTargets>>[number];

export async function insertTarget(
  db: Db,
  values: {
    id: string;
    periodKind: string;
    periodStart: string;
    userId: string | null;
    teamId: string | null;
    metric: string;
    amount: number;
    currency: string;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto('sales_targets')
    .values({
      id: values.id,
      period_kind: values.periodKind,
      period_start: values.periodStart,
      user_id: values.userId,
      team_id: values.teamId,
      metric: values.metric,
      amount: values.amount,
      currency: values.currency,
      created_at: values.now,
      updated_at: values.now,
    })
    .execute();
}

export async function updateTargetAmount(db: Db, id: string, version: number, amount: number, now: Date) {
  const result = await db
    .updateTable('sales_targets')
    .set({ amount, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteTarget(db: Db, id: string, version: number) {
  const result = await db
    .deleteFrom('sales_targets')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export const userExists = (db: Db, id: string) =>
  db.selectFrom('users').select(['id', 'team_id']).where('id', '=', id).executeTakeFirst();
export const teamExists = (db: Db, id: string) =>
  db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst();
