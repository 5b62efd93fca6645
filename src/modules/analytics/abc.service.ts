import { queryAbc, type AbcRow } from '#src/modules/analytics/abc.repo.ts';
import {
  abcClasses,
  type AbcClass,
  type AbcItem,
  type AbcResult,
} from '#src/modules/analytics/abc.schema.ts';
import { decodeItemCursor, encodeItemCursor } from '#src/modules/analytics/analytics.cursor.ts';
import type { AbcOptions } from '#src/modules/analytics/analytics.options.ts';
import { presentLeftOut, type ItemPage } from '#src/modules/analytics/analytics.present.ts';
import { withCustomerFacts, type FactsOptions } from '#src/modules/analytics/facts.service.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { toMajorUnits } from '#src/shared/money.ts';

/**
 * ABC classes (issue 5 item 1) over a period of order days, `from` (or all time) through `to`: the customers with a
 * purchase in the currency in the period, by their revenue net of returns (or margin) in it. Classes and the curve
 * cover the whole base whoever asks; the items are the customers the actor may see.
 */
export async function computeAbc(
  deps: Deps,
  actor: Actor,
  options: AbcOptions,
  page: ItemPage,
  filters: { class?: AbcClass | undefined } = {},
  factsOptions: FactsOptions = {},
): Promise<AbcResult> {
  const list = `abc.${options.by}`;
  const limit = 'all' in page ? null : page.limit;
  const after = 'all' in page || !page.cursor ? undefined : decodeItemCursor(list, page.cursor);
  const { rows, source } = await withCustomerFacts(
    deps,
    { from: options.from, through: options.to },
    factsOptions,
    async (facts, source) => ({
      source,
      rows: await queryAbc(deps.db, facts, options, {
        scope: readScope(actor),
        class: filters.class,
        after,
        limit: limit === null ? null : limit + 1,
      }),
    }),
  );
  const major = (minor: number) => toMajorUnits(minor, options.currency);
  const total = rows.find((row) => row.kind === 'total');
  const customers = total?.customers ?? 0;
  const byClass = new Map(rows.filter((row) => row.kind === 'class').map((row) => [row.label, row] as const));
  const itemRows = rows.filter((row) => row.kind === 'item').sort((a, b) => a.ord! - b.ord!);
  const pageRows = limit === null ? itemRows : itemRows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    asOf: options.asOf,
    from: options.from,
    to: options.to,
    by: options.by,
    currency: options.currency,
    cutoffs: options.cutoffs,
    totals: { customers, revenue: major(total?.amount ?? 0) },
    classes: abcClasses.map((abcClass) => {
      const row = byClass.get(abcClass);
      return {
        class: abcClass,
        customers: row?.customers ?? 0,
        revenue: major(row?.amount ?? 0),
        revenueShare: row?.share ?? 0,
      };
    }),
    paretoCurve: [
      { customerShare: 0, revenueShare: 0 },
      ...rows
        .filter((row) => row.kind === 'curve')
        .sort((a, b) => a.customers! - b.customers!)
        .map((row) => ({ customerShare: row.customers! / customers, revenueShare: row.share! })),
    ],
    leftOut: presentLeftOut(rows),
    source,
    customers: {
      items: pageRows.map((row: AbcRow): AbcItem => ({
        customerId: row.customer_id!,
        ref: row.ref!,
        name: row.name!,
        revenue: major(row.amount),
        cumulativeShare: row.share!,
        class: row.label as AbcClass,
      })),
      nextCursor:
        limit !== null && itemRows.length > limit && last
          ? encodeItemCursor(list, { amount: last.amount, ref: last.ref! })
          : null,
    },
  };
}
