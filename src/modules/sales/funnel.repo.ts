import { sql, type Kysely } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import { visibleRecords } from '#src/modules/sales/forecast.repo.ts';
import type { Db } from '#src/shared/context.ts';

export interface FunnelFilter {
  scope: CustomerScope;
  pipelineId: string;
  /** Creation instants: from inclusive, before exclusive (the window's business days). */
  createdFrom: Date;
  createdBefore: Date;
  ownerId: string | null;
  teamId: string | null;
  currency: string;
  timeZone: string;
}

/** The cohort: deals of the pipeline created in the window that the actor may see. */
const cohort = (f: FunnelFilter) => sql`
  select o.id, o.status, o.stage_id, o.amount, o.currency, o.closed_day,
         (o.created_at at time zone ${f.timeZone})::date as created_day
  from opportunities o
  where o.pipeline_id = ${f.pipelineId}
    and o.created_at >= ${f.createdFrom} and o.created_at < ${f.createdBefore}
    and ${visibleRecords(f.scope, 'o')}
    ${f.ownerId ? sql`and o.owner_id = ${f.ownerId}` : sql``}
    ${f.teamId ? sql`and o.team_id = ${f.teamId}` : sql``}`;

export interface FunnelStageRow {
  id: string;
  key: string | null;
  name: string;
  kind: string;
  position: number;
  reached: number;
  average_days: number | null;
}

/**
 * Per open or won stage of the pipeline: how many cohort deals reached it or a later one (the furthest stage each
 * deal entered, from its history and its current stage), and the mean calendar days of finished stays in it.
 * One pass over the cohort's history (ordered by the history index) gives both; the per-stage counts are summed
 * from the five-row histogram `tops`, materialised so the planner cannot re-run it for each stage. The window
 * sort of a large cohort (a year of a million deals: 1.5M history rows) fits in memory with a larger work_mem,
 * set for this transaction only.
 */
export async function funnelStages(db: Kysely<DB>, f: FunnelFilter): Promise<FunnelStageRow[]> {
  return db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '64MB'`.execute(tx);
    const { rows } = await sql<FunnelStageRow>`
      with c as materialized (${cohort(f)}),
      s as materialized (
        select id, key, name, kind, position from pipeline_stages
        where pipeline_id = ${f.pipelineId} and kind <> 'lost'
      ),
      entered as materialized (
        select h.opportunity_id, h.to_stage_id,
               (lead(h.changed_at) over w at time zone ${f.timeZone})::date
                 - (h.changed_at at time zone ${f.timeZone})::date as days
        from opportunity_stage_history h join c on c.id = h.opportunity_id
        window w as (partition by h.opportunity_id order by h.changed_at, h.id)
      ),
      durations as (
        select to_stage_id, avg(days)::float8 as average_days from entered where days is not null
        group by to_stage_id
      ),
      furthest as (
        select x.id, max(s.position) as top
        from (select opportunity_id as id, to_stage_id from entered union all select id, stage_id from c) x
        join s on s.id = x.to_stage_id
        group by x.id
      ),
      tops as materialized (select top, count(*) as deals from furthest group by top)
      select s.id, s.key, s.name, s.kind, s.position,
             coalesce((select sum(t.deals) from tops t where t.top >= s.position), 0)::int as reached,
             d.average_days
      from s left join durations d on d.to_stage_id = s.id
      order by s.position`.execute(tx);
    return rows;
  });
}

export interface FunnelTotals {
  created: number;
  open: number;
  won: number;
  lost: number;
  average_won_amount: number | null;
  average_cycle_days: number | null;
}

/** Counts of the cohort by status; the won deals' mean amount (minor units) and cycle in `currency`. */
export async function funnelTotals(db: Db, f: FunnelFilter): Promise<FunnelTotals> {
  const { rows } = await sql<FunnelTotals>`
    select count(*)::int as created,
           count(*) filter (where c.status = 'open')::int as open,
           count(*) filter (where c.status = 'won')::int as won,
           count(*) filter (where c.status = 'lost')::int as lost,
           avg(c.amount) filter (where c.status = 'won' and c.currency = ${f.currency})::float8 as average_won_amount,
           avg(greatest(c.closed_day - c.created_day, 1))
             filter (where c.status = 'won' and c.currency = ${f.currency})::float8 as average_cycle_days
    from (${cohort(f)}) c`.execute(db);
  return rows[0]!;
}
