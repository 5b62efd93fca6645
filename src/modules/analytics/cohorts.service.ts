import type { CohortOptions } from '#src/modules/analytics/analytics.options.ts';
import { cohortCells, cohortLeftOut, insertSliceCohortParts } from '#src/modules/analytics/cohorts.repo.ts';
import type { Cohort, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import { deleteRunFacts, deleteStaleScratch } from '#src/modules/analytics/facts.repo.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import type { Deps } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';
import { toMajorUnits } from '#src/shared/money.ts';

const monthNumber = (yearMonth: string) => {
  const [year, month] = yearMonth.split('-').map(Number) as [number, number];
  return year * 12 + month;
};

/**
 * Cohorts by first-purchase month (issue 5 item 3): aggregates over the whole base, so anyone who may read
 * analytics sees them all. Orders are scanned in slices of customers (DESIGN §6), up to asOf. Each cohort's arrays
 * run from its first month (index 0) to asOf's month; a month without purchases is 0.
 */
export async function computeCohorts(
  deps: Deps,
  options: CohortOptions,
  onProgress?: (message: string) => void,
): Promise<CohortsResult> {
  const runId = newId();
  await deleteStaleScratch(deps.db);
  try {
    await inCustomerSlices(
      deps,
      'scanning orders for cohorts',
      (after, last) =>
        insertSliceCohortParts(deps.db, runId, after, last, {
          asOf: options.asOf,
          from: options.from,
          to: options.to,
        }),
      { onProgress },
    );
    const cells = await cohortCells(deps.db, runId, options.currency);
    const leftOut = await cohortLeftOut(deps.db, runId, options.currency);
    const lastMonth = monthNumber(options.asOf);
    const cohorts = new Map<string, Cohort>();
    for (const cell of cells) {
      let cohort = cohorts.get(cell.cohort);
      if (!cohort) {
        const months = lastMonth - monthNumber(cell.cohort) + 1;
        cohort = {
          cohort: cell.cohort,
          customers: cell.cohort_size,
          retention: Array<number>(months).fill(0),
          revenue: Array<number>(months).fill(0),
        };
        cohorts.set(cell.cohort, cohort);
      }
      cohort.retention[cell.month_index] = cell.cohort_size > 0 ? cell.customers / cell.cohort_size : 0;
      cohort.revenue[cell.month_index] = toMajorUnits(cell.revenue, options.currency);
    }
    return {
      asOf: options.asOf,
      currency: options.currency,
      from: options.from,
      to: options.to,
      cohorts: [...cohorts.values()],
      leftOut,
    };
  } finally {
    await deleteRunFacts(deps.db, runId);
  }
}
