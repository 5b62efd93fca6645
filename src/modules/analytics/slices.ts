import { performance } from 'node:perf_hooks';
import { countLiveCustomers, nextSlice } from '#src/modules/analytics/facts.repo.ts';
import type { Deps } from '#src/shared/context.ts';

/**
 * Runs work over all customers in slices by id, one short statement per slice (DESIGN §6): the embedded engine
 * runs one statement at a time for everyone, so between slices other requests get their turn. Slices are sized
 * to take about `targetMs` each, starting small and following what the last slice took.
 */
export interface SliceOptions {
  onProgress?: ((message: string) => void) | undefined;
  /** What a slice should take; default 250 ms. */
  targetMs?: number;
  /** Customers in the first slice; default 2000. */
  firstSize?: number;
}

const minSize = 500;
const maxSize = 200_000;

export async function inCustomerSlices(
  deps: Deps,
  what: string,
  work: (after: string | null, last: string) => Promise<void>,
  options: SliceOptions = {},
): Promise<void> {
  const targetMs = options.targetMs ?? 250;
  const total = await countLiveCustomers(deps.db);
  let size = options.firstSize ?? 2000;
  let after: string | null = null;
  let done = 0;
  let reported = performance.now();
  for (;;) {
    const slice = await nextSlice(deps.db, after, size);
    if (!slice) break;
    const started = performance.now();
    await work(after, slice.last);
    const elapsed = Math.max(performance.now() - started, 1);
    // at most double or halve at a time: one slow or quick slice should not swing the next too far
    size = Math.round(
      Math.min(maxSize, Math.max(minSize, size * Math.min(2, Math.max(0.5, targetMs / elapsed)))),
    );
    after = slice.last;
    done += slice.count;
    if (options.onProgress && performance.now() - reported > 2000) {
      reported = performance.now();
      options.onProgress(`${what}: ${Math.min(done, total)} of about ${total} customers`);
    }
  }
}
