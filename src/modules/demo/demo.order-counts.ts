import type { DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import {
  buyerShareFor,
  drawSkeleton,
  maxRate,
  returnShare,
  streams,
  type Skeleton,
  type Timeline,
} from '#src/modules/demo/demo.purchases.ts';
import { Random } from '#src/modules/demo/random.ts';

/**
 * How many orders each demo customer gets, so that the total is exactly the `--orders` asked for: a scale on
 * every purchase rate fitted to the expected total, then the drawn counts nudged to the exact number, then each
 * customer's drawn timeline fitted to its count.
 */
/**
 * E[orders] of a customer at this scale: the first purchase, (1 − e^(−λpT))/p repeat purchases (the BG/NBD
 * mean for one customer over an age T), plus returns.
 */
function expectedOrders(skeleton: Skeleton, calendar: DemoCalendar, scale: number): number {
  if (!skeleton.buyer || skeleton.firstDay >= calendar.days) return 0;
  const rate = Math.min(maxRate, scale * skeleton.rate);
  const age = calendar.busyEnd - calendar.busyAt(skeleton.firstDay, skeleton.firstSecond);
  const p = skeleton.dropout;
  return (1 + (1 - Math.exp(-rate * p * age)) / p) * (1 + returnShare);
}

/**
 * The factor on every λ that makes the expected total the number of orders asked for, fitted by bisection
 * on a sample of up to 20,000 customers (their skeletons are independent draws).
 */
export function calibrateScale(
  seed: number,
  customers: number,
  orders: number,
  calendar: DemoCalendar,
  acquisition: Float64Array,
): number {
  if (customers === 0 || orders === 0) return 0;
  const rng = new Random(seed);
  const sample = Math.min(customers, 20_000);
  const skeletons: Skeleton[] = [];
  for (let i = 0; i < sample; i++)
    skeletons.push(
      drawSkeleton(
        rng.reseed(seed, i, streams.skeleton),
        calendar,
        acquisition,
        buyerShareFor(customers, orders),
      ),
    );
  const target = (orders / customers) * sample;
  const total = (scale: number) => skeletons.reduce((sum, s) => sum + expectedOrders(s, calendar, scale), 0);
  if (total(0) >= target) return 0;
  let high = 1e-3;
  while (total(high) < target && high < 1e4) high *= 2;
  let low = high / 2;
  for (let i = 0; i < 40; i++) {
    const middle = (low + high) / 2;
    if (total(middle) < target) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Moves the drawn order counts to exactly `target` in total, spreading the difference in proportion (a
 * Bresenham-style running allocation, so it needs no randomness and no memory beyond the counts): too many →
 * fewer repeat purchases (keeping who is a buyer), and only then fewer buyers; too few → more orders in
 * proportion to each customer's own, or one each for everybody when nobody bought.
 */
export function reconcileCounts(counts: Int32Array, target: number): void {
  let total = 0;
  for (const c of counts) total += c;
  if (total === target) return;
  const spread = (amount: number, weight: (i: number) => number, apply: (i: number, n: number) => void) => {
    let weights = 0;
    for (let i = 0; i < counts.length; i++) weights += weight(i);
    if (weights === 0 || amount === 0) return 0;
    const ratio = amount / weights;
    let running = 0;
    let given = 0;
    for (let i = 0; i < counts.length && given < amount; i++) {
      const w = weight(i);
      if (!w) continue;
      running += w;
      const share = Math.min(amount, Math.floor(running * ratio + 1e-9)) - given;
      if (share > 0) apply(i, share);
      given += Math.max(0, share);
    }
    return given;
  };
  if (total > target) {
    let excess = total - target;
    excess -= spread(
      excess,
      (i) => Math.max(0, counts[i]! - 1),
      (i, n) => (counts[i] = counts[i]! - Math.min(n, counts[i]! - 1)),
    );
    // rounding left a few, or removing every repeat purchase was not enough
    for (let i = counts.length - 1; i >= 0 && excess > 0; i--) {
      const n = Math.min(excess, Math.max(0, counts[i]! - 1));
      counts[i] = counts[i]! - n;
      excess -= n;
    }
    excess -= spread(
      excess,
      (i) => counts[i]!,
      (i, n) => (counts[i] = counts[i]! - Math.min(n, counts[i]!)),
    );
    for (let i = counts.length - 1; i >= 0 && excess > 0; i--) {
      const n = Math.min(excess, counts[i]!);
      counts[i] = counts[i]! - n;
      excess -= n;
    }
  } else {
    let missing = target - total;
    const anyBuyer = total > 0;
    missing -= spread(
      missing,
      (i) => (anyBuyer ? counts[i]! : 1),
      (i, n) => (counts[i] = counts[i]! + n),
    );
    for (let i = 0; missing > 0; i = (i + 1) % counts.length)
      if (!anyBuyer || counts[i]! > 0) {
        counts[i] = counts[i]! + 1;
        missing--;
      }
  }
}

/**
 * Brings a drawn timeline to `count` orders: drops the latest ones (an earlier drop-out), or adds purchases
 * in the customer's active window (from the first purchase to the last, or the half year after a first one).
 */
export function fitTimeline(
  rng: Random,
  timeline: Timeline,
  skeleton: Skeleton,
  calendar: DemoCalendar,
  count: number,
): void {
  if (timeline.length >= count) {
    timeline.length = count;
    return;
  }
  if (timeline.length === 0) {
    const firstDay = Math.min(skeleton.firstDay, calendar.days - 1);
    const second = skeleton.firstDay < calendar.days ? skeleton.firstSecond : skeleton.createdSecond;
    timeline.push(
      firstDay,
      Math.max(second, firstDay === skeleton.createdDay ? skeleton.createdSecond : 0),
      false,
    );
  }
  const first = timeline.day[0]!;
  let last = first;
  for (let i = 0; i < timeline.length; i++) last = Math.max(last, timeline.day[i]!);
  if (last - first < 30) last = Math.min(calendar.days - 1, first + 180);
  while (timeline.length < count) {
    const day = rng.between(first, last);
    let second = calendar.orderSecond(day, rng.float());
    if (day === first) second = Math.max(second, timeline.second[0]!);
    timeline.push(day, second, false);
  }
}
