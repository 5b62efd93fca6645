import { readScope } from '#src/modules/customers/customers.access.ts';
import {
  addPeriods,
  periodEndOf,
  periodStartOf,
  periodStartsBetween,
} from '#src/modules/sales/forecast.periods.ts';
import * as repo from '#src/modules/sales/forecast.repo.ts';
import type {
  Forecast,
  ForecastQuery,
  ForecastRow,
  ForecastTotal,
} from '#src/modules/sales/forecast.schema.ts';
import { forecastTargets } from '#src/modules/sales/targets.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { minorDigits, toMajorUnits } from '#src/shared/money.ts';

type Figures = Omit<ForecastTotal, 'periodStart'>;

const emptyFigures = (): Figures => ({
  won: 0,
  wonCount: 0,
  commit: 0,
  bestCase: 0,
  pipeline: 0,
  weighted: 0,
  openCount: 0,
  target: null,
  attainment: null,
});

const attainmentOf = (won: number, target: number | null) => (target ? won / target : null);

/** The business day today, for default windows. */
export const today = (deps: Deps) => calendarDay(deps.clock.now(), deps.config.timeZone);

/**
 * The forecast of the deals the actor may see (see forecast.schema.ts for the definitions). The window defaults to
 * the current period and the two after it; `from` and `to` widen to whole periods.
 */
export async function forecast(deps: Deps, actor: Actor, query: ForecastQuery): Promise<Forecast> {
  const currency = query.currency ?? deps.config.currency;
  const from = periodStartOf(query.from ?? today(deps), query.period);
  const to = query.to
    ? periodEndOf(periodStartOf(query.to, query.period), query.period)
    : periodEndOf(addPeriods(from, query.period, 2), query.period);
  const filter: repo.ForecastFilter = {
    scope: readScope(actor),
    from,
    to,
    period: query.period,
    groupBy: query.groupBy,
    pipelineId: query.pipelineId ?? null,
    currency,
  };
  const periods = periodStartsBetween(from, to, query.period);
  const [aggregates, leftOut, targets] = await Promise.all([
    repo.forecastAggregates(deps.db, filter),
    repo.forecastLeftOut(deps.db, filter),
    forecastTargets(deps, actor, query.period, periods, currency, query.groupBy),
  ]);
  const major = (minor: number) => toMajorUnits(minor, currency);

  const rows = new Map<string, ForecastRow>();
  const keyOf = (period: string, group: string | null) => `${period} ${group ?? ''}`;
  for (const a of aggregates)
    rows.set(keyOf(a.period_start, a.group_id), {
      periodStart: a.period_start,
      groupId: a.group_id,
      groupName: null,
      won: major(a.won),
      wonCount: a.won_count,
      commit: major(a.commit),
      bestCase: major(a.best_case),
      pipeline: major(a.pipeline),
      weighted: major(a.weighted),
      openCount: a.open_count,
      target: null,
      attainment: null,
    });
  // A person or team with a target and no deals yet still gets a row: 0 won against the target.
  for (const target of targets) {
    const group = query.groupBy === 'owner' ? target.userId : target.teamId;
    const key = keyOf(target.periodStart, group);
    const row = rows.get(key) ?? {
      periodStart: target.periodStart,
      groupId: group,
      groupName: null,
      ...emptyFigures(),
    };
    row.target = target.amount;
    rows.set(key, row);
  }
  const names = await repo.groupNames(deps.db, query.groupBy, [
    ...new Set([...rows.values()].map((row) => row.groupId).filter((id): id is string => id !== null)),
  ]);
  const sorted = [...rows.values()].sort(
    (a, b) => a.periodStart.localeCompare(b.periodStart) || (a.groupId ?? '').localeCompare(b.groupId ?? ''),
  );
  for (const row of sorted) {
    row.groupName = row.groupId ? (names.get(row.groupId) ?? null) : null;
    row.attainment = attainmentOf(row.won, row.target);
  }

  const totals = periods.map((periodStart): ForecastTotal => {
    const total = { periodStart, ...emptyFigures() };
    let minor = { won: 0, commit: 0, bestCase: 0, pipeline: 0, weighted: 0 };
    for (const a of aggregates.filter((x) => x.period_start === periodStart)) {
      minor = {
        won: minor.won + a.won,
        commit: minor.commit + a.commit,
        bestCase: minor.bestCase + a.best_case,
        pipeline: minor.pipeline + a.pipeline,
        weighted: minor.weighted + a.weighted,
      };
      total.wonCount += a.won_count;
      total.openCount += a.open_count;
    }
    const periodTargets = targets.filter((target) => target.periodStart === periodStart);
    const target = periodTargets.length
      ? major(periodTargets.reduce((sum, t) => sum + Math.round(t.amount * 10 ** minorDigits(currency)), 0))
      : null;
    return {
      ...total,
      won: major(minor.won),
      commit: major(minor.commit),
      bestCase: major(minor.bestCase),
      pipeline: major(minor.pipeline),
      weighted: major(minor.weighted),
      target,
      attainment: attainmentOf(major(minor.won), target),
    };
  });

  return {
    from,
    to,
    period: query.period,
    groupBy: query.groupBy,
    currency,
    pipelineId: query.pipelineId ?? null,
    periods,
    rows: sorted,
    totals,
    leftOut: {
      otherCurrencies: leftOut
        .filter((row): row is { currency: string; count: number } => row.currency !== null)
        .map((row) => ({ currency: row.currency, count: row.count })),
      undated: leftOut.find((row) => row.currency === null)?.count ?? 0,
    },
  };
}
