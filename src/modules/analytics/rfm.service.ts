import { decodeItemCursor, encodeItemCursor } from '#src/modules/analytics/analytics.cursor.ts';
import type { RfmOptions } from '#src/modules/analytics/analytics.options.ts';
import { presentLeftOut, type ItemPage } from '#src/modules/analytics/analytics.present.ts';
import { withCustomerFacts, type FactsOptions } from '#src/modules/analytics/facts.service.ts';
import { queryRfm, type RfmRow } from '#src/modules/analytics/rfm.repo.ts';
import type { RfmItem, RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import { rfmSegments, type RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { toMajorUnits } from '#src/shared/money.ts';

export interface RfmItemFilters {
  segment?: RfmSegment | undefined;
  r?: number | undefined;
  f?: number | undefined;
  m?: number | undefined;
}

const cursorList = 'rfm';

/**
 * RFM as of a day (issue 5 item 2): scores and segments over every customer with a purchase in the currency up to
 * asOf, whoever asks; the items are the customers the actor may see (customers.access.ts).
 */
export async function computeRfm(
  deps: Deps,
  actor: Actor,
  options: RfmOptions,
  page: ItemPage,
  filters: RfmItemFilters = {},
  factsOptions: FactsOptions = {},
): Promise<RfmResult> {
  const limit = 'all' in page ? null : page.limit;
  const after = 'all' in page || !page.cursor ? undefined : decodeItemCursor(cursorList, page.cursor);
  const { rows, source } = await withCustomerFacts(
    deps,
    { from: null, through: options.asOf },
    factsOptions,
    async (facts, source) => ({
      source,
      rows: await queryRfm(deps.db, facts, options.asOf, options.currency, {
        scope: readScope(actor),
        ...filters,
        after,
        limit: limit === null ? null : limit + 1,
      }),
    }),
  );
  return presentRfm(options, rows, source, limit);
}

function presentRfm(
  options: RfmOptions,
  rows: RfmRow[],
  source: RfmResult['source'],
  limit: number | null,
): RfmResult {
  const major = (minor: number) => toMajorUnits(minor, options.currency);
  const total = rows.find((row) => row.kind === 'total');
  const bySegment = new Map(
    rows.filter((row) => row.kind === 'segment').map((row) => [row.label, row] as const),
  );
  const itemRows = rows.filter((row) => row.kind === 'item').sort((a, b) => a.ord! - b.ord!);
  const pageRows = limit === null ? itemRows : itemRows.slice(0, limit);
  const items: RfmItem[] = pageRows.map((row) => ({
    customerId: row.customer_id!,
    ref: row.ref!,
    name: row.name!,
    recencyDays: row.recency_days!,
    frequency: row.frequency!,
    monetary: major(row.amount),
    r: row.r!,
    f: row.f!,
    m: row.m!,
    segment: row.label as RfmSegment,
  }));
  const last = pageRows.at(-1);
  return {
    asOf: options.asOf,
    currency: options.currency,
    totals: { customers: total?.customers ?? 0, revenue: major(total?.amount ?? 0) },
    segments: rfmSegments.map((segment) => ({
      segment,
      customers: bySegment.get(segment)?.customers ?? 0,
      revenue: major(bySegment.get(segment)?.amount ?? 0),
    })),
    leftOut: presentLeftOut(rows),
    source,
    customers: {
      items,
      nextCursor:
        limit !== null && itemRows.length > limit && last
          ? encodeItemCursor(cursorList, { amount: last.amount, ref: last.ref! })
          : null,
    },
  };
}
