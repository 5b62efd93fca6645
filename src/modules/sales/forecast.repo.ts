import { expressionBuilder, sql } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/** The where-clause of the records (opportunities, tasks, ...) an actor may see, on a table alias, as raw SQL. */
export const visibleRecords = (scope: CustomerScope, alias: string) =>
  customerVisible(scope, alias)(expressionBuilder<DB, 'customers'>());

export interface ForecastFilter {
  scope: CustomerScope;
  from: string;
  to: string;
  period: 'month' | 'quarter';
  groupBy: 'owner' | 'team';
  pipelineId: string | null;
  currency: string;
}

/** The deals of the window: open ones by expected close day, won ones by their closed day. */
const windowDeals = (filter: ForecastFilter) => sql`
  select o.owner_id, o.team_id, o.status, o.amount, o.currency, o.probability, o.forecast_category,
         case when o.status = 'won' then o.closed_day else o.expected_close_date end as day
  from opportunities o
  where ${visibleRecords(filter.scope, 'o')}
    ${filter.pipelineId ? sql`and o.pipeline_id = ${filter.pipelineId}` : sql``}
    and ((o.status = 'open' and o.expected_close_date between ${filter.from}::date and ${filter.to}::date)
      or (o.status = 'won' and o.closed_day between ${filter.from}::date and ${filter.to}::date))`;

export interface ForecastAggregate {
  period_start: string;
  group_id: string | null;
  won: number;
  won_count: number;
  commit: number;
  best_case: number;
  pipeline: number;
  weighted: number;
  open_count: number;
}

/** One row per period and owner (or team), in minor units of the currency; see forecast.schema.ts. */
export async function forecastAggregates(db: Db, filter: ForecastFilter): Promise<ForecastAggregate[]> {
  const group = sql.ref(filter.groupBy === 'owner' ? 'd.owner_id' : 'd.team_id');
  const open = sql`d.status = 'open' and d.forecast_category <> 'omitted'`;
  const { rows } = await sql<ForecastAggregate>`
    select date_trunc(${filter.period}, d.day::timestamp)::date as period_start,
           ${group} as group_id,
           coalesce(sum(d.amount) filter (where d.status = 'won'), 0)::bigint as won,
           count(*) filter (where d.status = 'won')::int as won_count,
           coalesce(sum(d.amount) filter (where ${open} and d.forecast_category in ('commit', 'closed')), 0)::bigint
             as commit,
           coalesce(sum(d.amount) filter (
             where ${open} and d.forecast_category in ('commit', 'closed', 'best_case')), 0)::bigint as best_case,
           coalesce(sum(d.amount) filter (where ${open}), 0)::bigint as pipeline,
           coalesce(round(sum(d.amount * d.probability) filter (where ${open})), 0)::bigint as weighted,
           count(*) filter (where ${open})::int as open_count
    from (${windowDeals(filter)}) d
    where d.currency = ${filter.currency}
    group by 1, 2
    order by 1, 2`.execute(db);
  return rows;
}

/** Deals of the window in other currencies, and open deals without an expected close day. */
export async function forecastLeftOut(db: Db, filter: ForecastFilter) {
  const { rows } = await sql<{ currency: string | null; count: number }>`
    select d.currency, count(*)::int as count
    from (${windowDeals(filter)}) d
    where d.currency <> ${filter.currency}
    group by d.currency
    union all
    select null, count(*)::int
    from opportunities o
    where o.status = 'open' and o.expected_close_date is null and ${visibleRecords(filter.scope, 'o')}
      ${filter.pipelineId ? sql`and o.pipeline_id = ${filter.pipelineId}` : sql``}`.execute(db);
  return rows;
}

/** Names of owners or teams for the report's rows. */
export async function groupNames(db: Db, groupBy: 'owner' | 'team', ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom(groupBy === 'owner' ? 'users' : 'teams')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The default pipeline's id (the one a new database starts with, or the one an admin marked default). */
export async function defaultPipelineId(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('pipelines')
    .select('id')
    .orderBy('is_default', 'desc')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}
