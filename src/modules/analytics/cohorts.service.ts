import { decodeItemCursor, encodeItemCursor } from '#src/modules/analytics/analytics.cursor.ts';
import type { CohortOptions } from '#src/modules/analytics/analytics.options.ts';
import {
  cohortCellCustomers,
  cohortCells,
  cohortLeftOut,
  insertSliceCohortParts,
} from '#src/modules/analytics/cohorts.repo.ts';
import type { Cohort, CohortCustomers, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import { deleteRunFacts, deleteStaleScratch } from '#src/modules/analytics/facts.repo.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { invalid } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { toMajorUnits } from '#src/shared/money.ts';

/** `YYYY-MM` (or a `YYYY-MM-DD` day's month) as a count of months, so that months add and compare as numbers. */
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

const yearMonthOf = (n: number) => {
  const year = Math.floor((n - 1) / 12);
  return { year, month: n - year * 12 };
};
const day = (year: number, month: number, dayOfMonth: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
/** The first and last day of a month (by monthNumber), proleptic Gregorian as PostgreSQL counts. */
function monthDays(n: number): { first: string; last: string } {
  const { year, month } = yearMonthOf(n);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return { first: day(year, month, 1), last: day(year, month, length) };
}
const earlier = (a: string, b: string | null) => (b !== null && b < a ? b : a);
const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

const cursorList = 'cohort-customers';

/**
 * The customers of one cohort cell (click-through from the heatmap, issue 5): those of cohort `cohort` (with the
 * analysis' asOf, currency and from/to, as computeCohorts counts them) with a purchase `month` months later, the
 * ones the actor may see, a keyset page at a time. For every cell, the whole list is round(retention[k] ×
 * customers) of the cohorts' answer (cohorts.customers.test.ts).
 */
export async function listCohortCustomers(
  deps: Deps,
  actor: Actor,
  options: CohortOptions,
  cell: { cohort: string; month: number },
  page: { limit: number; cursor?: string | undefined },
): Promise<CohortCustomers> {
  const last = monthNumber(options.asOf);
  const cohort = monthNumber(cell.cohort);
  if (cohort > last)
    throw invalid('querystring.cohort', `must not be after the month of asOf (${options.asOf.slice(0, 7)})`);
  if (cohort + cell.month > last)
    throw invalid(
      'querystring.month',
      `must be at most ${last - cohort}: month ${cell.month} of ${cell.cohort} is after the month of asOf (${options.asOf.slice(0, 7)})`,
    );
  const after = page.cursor ? decodeItemCursor(cursorList, page.cursor) : undefined;
  const cohortDays = monthDays(cohort);
  const monthDaysOf = monthDays(cohort + cell.month);
  const rows = await cohortCellCustomers(
    deps.db,
    {
      currency: options.currency,
      firstFrom: later(cohortDays.first, options.from),
      firstThrough: earlier(earlier(cohortDays.last, options.to), options.asOf),
      monthFrom: monthDaysOf.first,
      monthThrough: earlier(monthDaysOf.last, options.asOf),
    },
    { scope: readScope(actor), after, limit: page.limit + 1 },
  );
  const pageRows = rows.slice(0, page.limit);
  const lastRow = pageRows.at(-1);
  return {
    asOf: options.asOf,
    currency: options.currency,
    items: pageRows.map((row) => ({
      customerId: row.customer_id,
      ref: row.ref,
      name: row.name,
      firstPurchaseDay: row.first_order_day,
      purchases: row.purchases,
      revenue: toMajorUnits(row.revenue, options.currency),
    })),
    nextCursor:
      rows.length > page.limit && lastRow
        ? encodeItemCursor(cursorList, { amount: lastRow.revenue, ref: lastRow.ref })
        : null,
  };
}
