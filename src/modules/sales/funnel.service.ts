import { readScope } from '#src/modules/customers/customers.access.ts';
import { defaultPipelineId } from '#src/modules/sales/forecast.repo.ts';
import { addPeriods, periodStartOf } from '#src/modules/sales/forecast.periods.ts';
import { today } from '#src/modules/sales/forecast.service.ts';
import * as repo from '#src/modules/sales/funnel.repo.ts';
import type { Funnel, FunnelQuery } from '#src/modules/sales/funnel.schema.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { notFound } from '#src/shared/errors.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import { periodBounds } from '#src/shared/period.ts';

/**
 * Sales velocity (per day): open deals × win rate × average won deal size ÷ average sales cycle in days — the
 * money the current pipeline is expected to bring each day. Null when a factor is unknown.
 */
export function salesVelocity(
  open: number,
  winRate: number | null,
  averageWonAmount: number | null,
  averageCycleDays: number | null,
): number | null {
  if (winRate === null || averageWonAmount === null || !averageCycleDays) return null;
  return (open * winRate * averageWonAmount) / averageCycleDays;
}

/** The funnel of the deals created in the window (default: the last twelve months) that the actor may see. */
export async function funnel(deps: Deps, actor: Actor, query: FunnelQuery): Promise<Funnel> {
  const pipelineId = query.pipelineId ?? (await defaultPipelineId(deps.db));
  if (!pipelineId) throw notFound('pipeline.not_found');
  const currency = query.currency ?? deps.config.currency;
  const to = query.to ?? today(deps);
  const from = query.from ?? addPeriods(periodStartOf(to, 'month'), 'month', -11);
  const bounds = periodBounds(from, to, deps.config.timeZone);
  const filter: repo.FunnelFilter = {
    scope: readScope(actor),
    pipelineId,
    createdFrom: bounds.from!,
    createdBefore: bounds.before!,
    ownerId: query.ownerId ?? null,
    teamId: query.teamId ?? null,
    currency,
    timeZone: deps.config.timeZone,
  };
  const [stageRows, totals] = await Promise.all([
    repo.funnelStages(deps.db, filter),
    repo.funnelTotals(deps.db, filter),
  ]);
  if (stageRows.length === 0) throw notFound('pipeline.not_found', pipelineId);
  const winRate = totals.won + totals.lost > 0 ? totals.won / (totals.won + totals.lost) : null;
  const averageWonAmount =
    totals.average_won_amount === null ? null : toMajorUnits(totals.average_won_amount, currency);
  return {
    pipelineId,
    from,
    to,
    currency,
    stages: stageRows.map((row, index) => {
      const next = stageRows[index + 1];
      return {
        stageId: row.id,
        key: row.key,
        name: row.name,
        kind: row.kind === 'won' ? 'won' : 'open',
        reached: row.reached,
        conversion: next && row.reached > 0 ? next.reached / row.reached : null,
        averageDays: row.average_days,
      };
    }),
    created: totals.created,
    open: totals.open,
    won: totals.won,
    lost: totals.lost,
    winRate,
    averageWonAmount,
    averageCycleDays: totals.average_cycle_days,
    velocity: salesVelocity(totals.open, winRate, averageWonAmount, totals.average_cycle_days),
  };
}
