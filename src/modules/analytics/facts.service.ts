import type { FactsSource } from '#src/modules/analytics/analytics.schema.ts';
import {
  deleteRunFacts,
  deleteStaleScratch,
  insertSliceFacts,
  orderDayRange,
  type FactsTable,
  type OrderWindow,
} from '#src/modules/analytics/facts.repo.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import type { Deps } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

export interface FactsOptions {
  /** Force a source (tests compare both on the same data); default: the summaries when they answer. */
  source?: FactsSource | undefined;
  onProgress?: ((message: string) => void) | undefined;
}

/**
 * Gives `use` the per-customer facts of a window of orders (facts.repo.ts). The summaries hold every order, so they
 * answer exactly when the window covers all orders: from the first order day (or all time) through the last one
 * or later (as-of today, unless orders are dated in the future). Otherwise orders are scanned in slices to scratch,
 * which is removed when `use` is done.
 */
export async function withCustomerFacts<T>(
  deps: Deps,
  window: OrderWindow,
  options: FactsOptions,
  use: (table: FactsTable, source: FactsSource) => Promise<T>,
): Promise<T> {
  let source = options.source;
  if (!source) {
    const range = await orderDayRange(deps.db);
    const coversStart = window.from === null || range.first === null || window.from <= range.first;
    const coversEnd = range.last === null || window.through >= range.last;
    source = coversStart && coversEnd ? 'summaries' : 'orders';
  }
  if (source === 'summaries') {
    options.onProgress?.('reading the per-customer summaries');
    return use({ kind: 'summaries' }, source);
  }
  const runId = newId();
  await deleteStaleScratch(deps.db);
  try {
    await inCustomerSlices(
      deps,
      'scanning orders',
      (after, last) => insertSliceFacts(deps.db, runId, after, last, window),
      { onProgress: options.onProgress },
    );
    return await use({ kind: 'scan', runId }, source);
  } finally {
    await deleteRunFacts(deps.db, runId);
  }
}
