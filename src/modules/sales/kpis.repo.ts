import { sql, type Expression, type SqlBool } from 'kysely';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import { visibleRecords } from '#src/modules/sales/forecast.repo.ts';
import type { Db } from '#src/shared/context.ts';

export interface KpiFilter {
  scope: CustomerScope;
  groupBy: 'owner' | 'team';
  fromDay: string;
  toDay: string;
  /** The window as instants (business days). */
  from: Date;
  before: Date;
  currency: string;
  timeZone: string;
}

export interface KpiAggregate {
  group_id: string | null;
  new_customers: number;
  revenue: number;
  won_deals: number;
  won_amount: number;
  won_in_currency: number;
  lost_deals: number;
  average_cycle_days: number | null;
  activities: number;
  follow_ups_due: number;
  follow_ups_done: number;
}

/**
 * Every source is first shaped as rows with `owner_id` and `team_id` (an interaction's are its staff member's),
 * so one ownership rule (customers.access.ts) limits them all and one column groups them.
 */
export async function kpiAggregates(db: Db, f: KpiFilter): Promise<KpiAggregate[]> {
  const g = sql.raw(f.groupBy === 'owner' ? 'owner_id' : 'team_id');
  const visible = (alias: string): Expression<SqlBool> => visibleRecords(f.scope, alias);
  const { rows } = await sql<KpiAggregate>`
    with nc as (
      select c.${g} as g, count(*) as n from customers c
      where c.deleted_at is null and c.merged_into is null
        and c.created_at >= ${f.from} and c.created_at < ${f.before} and ${visible('c')}
      group by 1
    ),
    rev as (
      select c.${g} as g, sum(r.amount) as amount from orders r join customers c on c.id = r.customer_id
      where r.status <> 'cancelled' and r.currency = ${f.currency}
        and r.order_day between ${f.fromDay}::date and ${f.toDay}::date
        and c.deleted_at is null and ${visible('c')}
      group by 1
    ),
    deals as (
      select o.${g} as g,
             count(*) filter (where o.status = 'won') as won,
             coalesce(sum(o.amount) filter (where o.status = 'won' and o.currency = ${f.currency}), 0) as won_amount,
             count(*) filter (where o.status = 'won' and o.currency = ${f.currency}) as won_in_currency,
             count(*) filter (where o.status = 'lost') as lost,
             avg(o.closed_day - (o.created_at at time zone ${f.timeZone})::date)
               filter (where o.status = 'won') as cycle
      from opportunities o
      where o.status <> 'open' and o.closed_day between ${f.fromDay}::date and ${f.toDay}::date and ${visible('o')}
      group by 1
    ),
    acts as (
      select a.${g} as g, count(*) as n from (
        select i.staff_id as owner_id, u.team_id from interactions i join users u on u.id = i.staff_id
        where i.occurred_at >= ${f.from} and i.occurred_at < ${f.before}
        union all
        select t.owner_id, t.team_id from tasks t
        where t.status = 'done' and t.completed_at >= ${f.from} and t.completed_at < ${f.before}
      ) a
      where ${visible('a')}
      group by 1
    ),
    follow as (
      select t.${g} as g, count(*) as due, count(*) filter (where t.status = 'done') as done from tasks t
      where t.follow_up_rule_id is not null and t.due_at >= ${f.from} and t.due_at < ${f.before} and ${visible('t')}
      group by 1
    ),
    groups as (
      select g from nc union select g from rev union select g from deals union select g from acts
      union select g from follow
    )
    select groups.g as group_id,
           coalesce(nc.n, 0)::int as new_customers,
           coalesce(rev.amount, 0)::bigint as revenue,
           coalesce(deals.won, 0)::int as won_deals,
           coalesce(deals.won_amount, 0)::bigint as won_amount,
           coalesce(deals.won_in_currency, 0)::int as won_in_currency,
           coalesce(deals.lost, 0)::int as lost_deals,
           deals.cycle::float8 as average_cycle_days,
           coalesce(acts.n, 0)::int as activities,
           coalesce(follow.due, 0)::int as follow_ups_due,
           coalesce(follow.done, 0)::int as follow_ups_done
    from groups
    left join nc on nc.g is not distinct from groups.g
    left join rev on rev.g is not distinct from groups.g
    left join deals on deals.g is not distinct from groups.g
    left join acts on acts.g is not distinct from groups.g
    left join follow on follow.g is not distinct from groups.g
    order by groups.g nulls last`.execute(db);
  return rows;
}
