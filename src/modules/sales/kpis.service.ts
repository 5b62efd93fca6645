import { readScope, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import { groupNames } from '#src/modules/sales/forecast.repo.ts';
import { periodStartOf } from '#src/modules/sales/forecast.periods.ts';
import { today } from '#src/modules/sales/forecast.service.ts';
import * as repo from '#src/modules/sales/kpis.repo.ts';
import type { KpiQuery, KpiReport } from '#src/modules/sales/kpis.schema.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import { periodBounds } from '#src/shared/period.ts';

/** What the service module knows of a person's or team's customers: satisfaction (0..1) and complaints. */
export interface ServiceMeasures {
  satisfaction: number | null;
  complaints: number;
}

export interface ServiceMeasuresRequest {
  groupBy: 'owner' | 'team';
  /** The window's business days, inclusive. */
  from: string;
  to: string;
  /** The rows the report shows (null: records nobody owns); answer for these. */
  groupIds: (string | null)[];
  /** The actor's visibility, for the provider's own queries. */
  scope: CustomerScope;
}

/**
 * The hook through which the service issue fills `satisfaction` and `complaints` (issue 6, item 5): the service
 * module registers a provider at start (`registerServiceMeasures(provider)` from its register function); the
 * KPI report asks every registered provider and uses the first answer per group. With none registered the
 * fields stay null and the report says `serviceMeasures: "not_available"`.
 */
export type ServiceMeasuresProvider = (
  deps: Deps,
  request: ServiceMeasuresRequest,
) => Promise<Map<string | null, ServiceMeasures>>;

const serviceMeasureProviders: ServiceMeasuresProvider[] = [];

/** Registers a provider; returns the function that removes it again (for tests and reloads). */
export function registerServiceMeasures(provider: ServiceMeasuresProvider): () => void {
  serviceMeasureProviders.push(provider);
  return () => {
    const index = serviceMeasureProviders.indexOf(provider);
    if (index >= 0) serviceMeasureProviders.splice(index, 1);
  };
}

/** Sales KPIs (see kpis.schema.ts); the window defaults to the current month up to today. */
export async function salesKpis(deps: Deps, actor: Actor, query: KpiQuery): Promise<KpiReport> {
  const currency = query.currency ?? deps.config.currency;
  const to = query.to ?? today(deps);
  const from = query.from ?? periodStartOf(to, 'month');
  const bounds = periodBounds(from, to, deps.config.timeZone);
  const scope = readScope(actor);
  const rows = await repo.kpiAggregates(deps.db, {
    scope,
    groupBy: query.groupBy,
    fromDay: from,
    toDay: to,
    from: bounds.from!,
    before: bounds.before!,
    currency,
    timeZone: deps.config.timeZone,
  });
  const groupIds = rows.map((row) => row.group_id);
  const [names, ...answers] = await Promise.all([
    groupNames(
      deps.db,
      query.groupBy,
      groupIds.filter((id): id is string => id !== null),
    ),
    ...serviceMeasureProviders.map((provider) =>
      provider(deps, { groupBy: query.groupBy, from, to, groupIds, scope }),
    ),
  ]);
  const measuresOf = (group: string | null) => answers.map((answer) => answer.get(group)).find(Boolean);
  const major = (minor: number) => toMajorUnits(minor, currency);
  return {
    from,
    to,
    groupBy: query.groupBy,
    currency,
    serviceMeasures: serviceMeasureProviders.length > 0 ? 'available' : 'not_available',
    items: rows.map((row) => {
      const closed = row.won_deals + row.lost_deals;
      const measures = measuresOf(row.group_id);
      return {
        groupId: row.group_id,
        groupName: row.group_id ? (names.get(row.group_id) ?? null) : null,
        newCustomers: row.new_customers,
        revenue: major(row.revenue),
        wonDeals: row.won_deals,
        wonAmount: major(row.won_amount),
        lostDeals: row.lost_deals,
        winRate: closed > 0 ? row.won_deals / closed : null,
        averageDealSize:
          row.won_in_currency > 0 ? major(Math.round(row.won_amount / row.won_in_currency)) : null,
        averageCycleDays: row.average_cycle_days,
        activities: row.activities,
        followUpsDue: row.follow_ups_due,
        followUpsDone: row.follow_ups_done,
        followUpCompletion: row.follow_ups_due > 0 ? row.follow_ups_done / row.follow_ups_due : null,
        satisfaction: measures?.satisfaction ?? null,
        complaints: measures ? measures.complaints : serviceMeasureProviders.length > 0 ? 0 : null,
      };
    }),
  };
}
