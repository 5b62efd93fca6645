import type { LeftOut } from '#src/modules/analytics/analytics.schema.ts';
import type { BgnbdGroups } from '#src/modules/analytics/btyd/bgnbd.ts';
import type { SpendGroups } from '#src/modules/analytics/btyd/gamma-gamma.ts';
import type { ClvCustomerRow, ClvSliceRow } from '#src/modules/analytics/clv.repo.ts';

/**
 * The answers of all slices (clv.repo.ts) put together: groups that recur across slices are merged by key, so the
 * fit sees each distinct (x, t_x, T) once with its count however the customers were sliced.
 */

// (x, t_x, T) as one number: t_x and T in days below 2^17 (358 years), x below 2^19; the key stays below 2^53
const DAY_BITS = 2 ** 17;
const historyKey = (x: number, tx: number, t: number) => {
  if (!(x < 2 ** 19 && tx < DAY_BITS && t < DAY_BITS))
    throw new RangeError(`customer history out of range: ${x} ${tx} ${t}`);
  return (x * DAY_BITS + tx) * DAY_BITS + t;
};

export class ClvSummary {
  /** Customers in the model: a purchase up to the calibration end. */
  customers = 0;
  laterCustomers = 0;
  /** Repeat customers whose repeat purchases were all free (zbar = 0). */
  zeroSpendCustomers = 0;
  /** Per-customer summaries of the visible customers, in id order (when the slices were asked for them). */
  readonly items: ClvCustomerRow[] = [];
  private readonly histories = new Map<number, number>();
  /** x → repeat amount (minor units) → customers. */
  private readonly spends = new Map<number, Map<number, number>>();
  /** min(x, 7) → customers and their purchase days in the holdout. */
  readonly buckets = new Map<number, { customers: number; purchases: number }>();
  /** Holdout period → purchase days. */
  readonly periods = new Map<number, number>();
  private readonly otherCurrencies = new Map<string, { customers: number; orders: number }>();

  add(rows: readonly ClvSliceRow[]): void {
    const items: ClvCustomerRow[] = [];
    for (const row of rows) {
      switch (row.kind) {
        case 'fit': {
          const key = historyKey(row.x!, row.a!, row.b!);
          this.histories.set(key, (this.histories.get(key) ?? 0) + row.n!);
          this.customers += row.n!;
          break;
        }
        case 'spend': {
          if (row.a === 0) {
            this.zeroSpendCustomers += row.n!;
            break;
          }
          let byAmount = this.spends.get(row.x!);
          if (!byAmount) this.spends.set(row.x!, (byAmount = new Map()));
          byAmount.set(row.a!, (byAmount.get(row.a!) ?? 0) + row.n!);
          break;
        }
        case 'bucket': {
          const bucket = this.buckets.get(row.x!) ?? { customers: 0, purchases: 0 };
          bucket.customers += row.a!;
          bucket.purchases += row.b!;
          this.buckets.set(row.x!, bucket);
          break;
        }
        case 'period':
          this.periods.set(row.x!, (this.periods.get(row.x!) ?? 0) + row.n!);
          break;
        case 'later':
          this.laterCustomers += row.n!;
          break;
        case 'left_out': {
          const other = this.otherCurrencies.get(row.label!) ?? { customers: 0, orders: 0 };
          other.customers += row.a!;
          other.orders += row.b!;
          this.otherCurrencies.set(row.label!, other);
          break;
        }
        case 'item':
          items.push({
            customer_id: row.label!,
            x: row.x!,
            tx_days: row.a!,
            t_days: row.b!,
            repeat_amount: row.n!,
          });
          break;
      }
    }
    // slices come in id order; lower-case uuid text sorts as the uuids do
    items.sort((p, q) => (p.customer_id < q.customer_id ? -1 : p.customer_id > q.customer_id ? 1 : 0));
    for (const item of items) this.items.push(item);
  }

  /**
   * The distinct histories with their counts, times in units of `unitDays` days, in a fixed order (slices and hash
   * aggregates hand them over in any order, and sums in another order differ in the last bits).
   */
  bgnbdGroups(unitDays: number): BgnbdGroups & { count: Float64Array } {
    const keys = Float64Array.from(this.histories.keys()).sort();
    const size = keys.length;
    const groups = {
      x: new Float64Array(size),
      tx: new Float64Array(size),
      T: new Float64Array(size),
      count: new Float64Array(size),
    };
    let i = 0;
    for (const key of keys) {
      const count = this.histories.get(key)!;
      const t = key % DAY_BITS;
      const rest = (key - t) / DAY_BITS;
      const tx = rest % DAY_BITS;
      groups.x[i] = (rest - tx) / DAY_BITS;
      groups.tx[i] = tx / unitDays;
      groups.T[i] = t / unitDays;
      groups.count[i] = count;
      i++;
    }
    return groups;
  }

  /** Repeat customers by (x, zbar) with zbar in major units (`money` minor units to one), zbar > 0 only. */
  spendGroups(money: number): SpendGroups & { customers: number } {
    const x: number[] = [];
    const zbar: number[] = [];
    const count: number[] = [];
    let customers = 0;
    for (const repeats of [...this.spends.keys()].sort((p, q) => p - q)) {
      const byAmount = this.spends.get(repeats)!;
      for (const amount of [...byAmount.keys()].sort((p, q) => p - q)) {
        const n = byAmount.get(amount)!;
        x.push(repeats);
        zbar.push(amount / repeats / money);
        count.push(n);
        customers += n;
      }
    }
    return { x, zbar, count, customers };
  }

  leftOut(): LeftOut {
    return [...this.otherCurrencies]
      .map(([currency, other]) => ({ currency, ...other }))
      .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  }
}
