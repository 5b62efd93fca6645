import type { Dataset, TestOrder } from '#src/modules/analytics/test-data.ts';

/**
 * Brute-force RFM, ABC and cohorts over a test dataset, written from DESIGN §4 directly and apart from the SQL:
 * plain loops over every order and every pair of customers, exact integer arithmetic for the class cut-offs. The
 * tests hold the application's answers against these.
 */

const isPurchase = (o: TestOrder) => o.status !== 'cancelled' && o.status !== 'returned';
const countsAsRevenue = (o: TestOrder) => o.status !== 'cancelled';
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** The segment map of docs/analytics.md, read from its table: rows FM 5 down to 1, columns R 1 to 5. */
const gridText = `
  FM 5 | cant_lose   at_risk      loyal           champions            champions
  FM 4 | cant_lose   at_risk      loyal           champions            champions
  FM 3 | at_risk     at_risk      need_attention  loyal                loyal
  FM 2 | lost        hibernating  about_to_sleep  potential_loyalists  potential_loyalists
  FM 1 | lost        hibernating  about_to_sleep  promising            new`;
const grid = new Map<string, string>();
for (const line of gridText.trim().split('\n')) {
  const [label, cells] = line.split('|') as [string, string];
  const fm = Number(label.trim().split(' ')[1]);
  cells
    .trim()
    .split(/\s+/)
    .forEach((segment, i) => grid.set(`${i + 1},${fm}`, segment));
}

export interface ReferenceRfmItem {
  customerId: string;
  ref: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

interface Window {
  from?: string | null;
  through: string;
  currency: string;
}

/** Per live customer with a purchase in the window and currency: last purchase day, purchases, revenue, margin. */
function facts(data: Dataset, window: Window) {
  const live = data.customers.filter((c) => !c.deleted);
  const result = [];
  for (const customer of live) {
    const orders = data.orders.filter(
      (o) =>
        o.customerId === customer.id &&
        o.currency === window.currency &&
        o.day <= window.through &&
        (!window.from || o.day >= window.from),
    );
    const purchases = orders.filter(isPurchase);
    if (purchases.length === 0) continue;
    result.push({
      customer,
      lastDay: purchases
        .map((o) => o.day)
        .sort()
        .at(-1)!,
      purchases: purchases.length,
      revenue: orders.filter(countsAsRevenue).reduce((sum, o) => sum + o.amount, 0),
      margin: orders.filter(countsAsRevenue).reduce((sum, o) => sum + (o.margin ?? 0), 0),
    });
  }
  return result;
}

/** Score = 1 + ⌊5 × (customers with a strictly worse value) / n⌋, by counting. */
export function referenceRfm(data: Dataset, asOf: string, currency: string) {
  const rows = facts(data, { through: asOf, currency }).map((f) => ({
    customerId: f.customer.id,
    ref: f.customer.ref,
    recencyDays: dayNumber(asOf) - dayNumber(f.lastDay),
    frequency: f.purchases,
    monetary: f.revenue,
  }));
  const n = rows.length;
  const score = (worse: number) => 1 + Math.floor((5 * worse) / n);
  const items: ReferenceRfmItem[] = rows.map((row) => {
    const r = score(rows.filter((o) => o.recencyDays > row.recencyDays).length);
    const f = score(rows.filter((o) => o.frequency < row.frequency).length);
    const m = score(rows.filter((o) => o.monetary < row.monetary).length);
    return { ...row, r, f, m, segment: grid.get(`${r},${Math.floor((f + m) / 2)}`)! };
  });
  return { items, leftOut: leftOut(data, { through: asOf, currency }) };
}

/** Customers and purchases in every other currency within the window. */
export function leftOut(data: Dataset, window: Window) {
  const currencies = [...new Set(data.orders.map((o) => o.currency))]
    .filter((c) => c !== window.currency)
    .sort();
  return currencies
    .map((currency) => {
      const rows = facts(data, { ...window, currency });
      return { currency, customers: rows.length, orders: rows.reduce((sum, r) => sum + r.purchases, 0) };
    })
    .filter((row) => row.customers > 0);
}

/** `0.8` → 8/10, to compare shares exactly. */
function fraction(decimal: number): [bigint, bigint] {
  const [whole, digits = ''] = String(decimal).split('.');
  return [BigInt(whole! + digits), 10n ** BigInt(digits.length)];
}

export function referenceAbc(
  data: Dataset,
  options: {
    from: string | null;
    to: string;
    currency: string;
    by: 'revenue' | 'margin';
    cutoffs: [number, number];
  },
) {
  const rows = facts(data, { from: options.from, through: options.to, currency: options.currency })
    .map((f) => ({
      customerId: f.customer.id,
      ref: f.customer.ref,
      value: options.by === 'margin' ? f.margin : f.revenue,
    }))
    .sort((a, b) => b.value - a.value || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const [a, b] = options.cutoffs.map(fraction) as [[bigint, bigint], [bigint, bigint]];
  let cumulative = 0;
  const items = rows.map((row) => {
    const before = cumulative;
    cumulative += row.value;
    // before / total < numerator / denominator, in integers
    const under = ([num, den]: [bigint, bigint]) => BigInt(before) * den < num * BigInt(total);
    const abcClass = total <= 0 ? 'C' : under(a) ? 'A' : under(b) ? 'B' : 'C';
    return { ...row, cumulativeShare: total > 0 ? cumulative / total : 0, class: abcClass };
  });
  const n = items.length;
  const curve = [{ customerShare: 0, revenueShare: 0 }];
  items.forEach((item, i) => {
    const rank = i + 1;
    if (Math.floor((rank * 100) / n) !== Math.floor(((rank - 1) * 100) / n))
      curve.push({ customerShare: rank / n, revenueShare: item.cumulativeShare });
  });
  const classes = ['A', 'B', 'C'].map((c) => {
    const members = items.filter((item) => item.class === c);
    const sum = members.reduce((s, m) => s + m.value, 0);
    return { class: c, customers: members.length, revenue: sum, revenueShare: total > 0 ? sum / total : 0 };
  });
  return {
    items,
    total,
    classes,
    curve,
    leftOut: leftOut(data, { from: options.from, through: options.to, currency: options.currency }),
  };
}

const monthOf = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

export function referenceCohorts(
  data: Dataset,
  options: { asOf: string; currency: string; from: string | null; to: string | null },
) {
  const cohorts = new Map<number, { customers: number; retained: number[]; revenue: number[] }>();
  const last = monthOf(options.asOf);
  for (const customer of data.customers.filter((c) => !c.deleted)) {
    const orders = data.orders.filter(
      (o) => o.customerId === customer.id && o.currency === options.currency && o.day <= options.asOf,
    );
    const purchases = orders.filter(isPurchase);
    if (purchases.length === 0) continue;
    const first = purchases.map((o) => o.day).sort()[0]!;
    if ((options.from && first < options.from) || (options.to && first > options.to)) continue;
    const cohort = monthOf(first);
    let entry = cohorts.get(cohort);
    if (!entry) {
      entry = {
        customers: 0,
        retained: Array(last - cohort + 1).fill(0),
        revenue: Array(last - cohort + 1).fill(0),
      };
      cohorts.set(cohort, entry);
    }
    entry.customers += 1;
    for (let month = cohort; month <= last; month++) {
      const inMonth = orders.filter((o) => monthOf(o.day) === month);
      if (inMonth.some(isPurchase)) entry.retained[month - cohort]! += 1;
      entry.revenue[month - cohort]! += inMonth.filter(countsAsRevenue).reduce((s, o) => s + o.amount, 0);
    }
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, entry]) => ({
      cohort: `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`,
      customers: entry.customers,
      retention: entry.retained.map((r) => r / entry.customers),
      revenue: entry.revenue,
    }));
}
