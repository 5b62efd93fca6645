import type { DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import type { Random } from '#src/modules/demo/random.ts';

/**
 * When demo customers arrive and buy. Purchases follow the BG/NBD story (Fader, Hardie & Lee 2005, "Counting
 * your customers the easy way", §2): while active, a customer buys as a Poisson process with rate λ, λ ~
 * Gamma(r, α) across customers; after each repeat purchase they drop out for good with probability p, p ~
 * Beta(a, b). The clock is the calendar's busy time, so every customer feels the same seasons. Spend per order
 * follows the Gamma-Gamma model (Fader, Hardie & Lee 2005, "RFM and CLV"): each customer has a mean spend
 * p/ν with ν ~ Gamma(q, γ). Analytics run on the demo should recover this structure (P(alive) spread,
 * repeat buyers, heavy spenders).
 */

/** Sequences per customer (Random.reseed streams): each part of a customer draws from its own. */
export const streams = { skeleton: 1, timeline: 2, profile: 3, orders: 4, interactions: 5 } as const;

const purchaseShape = 0.8; // r
const dropoutA = 1.2; // a
const dropoutB = 20; // b
const spendP = 4;
const spendQ = 3;
/** γ for a mean order of ¥350 for people and ¥6,000 for organisations: mean = p·γ/(q − 1). */
const spendGamma = { person: (350 * (spendQ - 1)) / spendP, organization: (6000 * (spendQ - 1)) / spendP };
/** No customer orders more than every other busy day on average, however many orders are asked for. */
export const maxRate = 0.5;
/** Share of purchases returned within two weeks (a separate order with a negative amount). */
export const returnShare = 0.02;
/** Share of customers who never buy (prospects) when there are orders enough for everyone. */
const prospectShare = 0.15;

/** What is drawn for every customer before anything else: enough to plan the orders. */
export interface Skeleton {
  organization: boolean;
  english: boolean;
  createdDay: number;
  createdSecond: number;
  buyer: boolean;
  /** Day of the first purchase; ≥ calendar.days when it would come after the end. */
  firstDay: number;
  firstSecond: number;
  /** λ before scaling to the number of orders asked for, per busy day. */
  rate: number;
  /** p */
  dropout: number;
  /** ν: the customer's mean order is spendP / ν. */
  spendRate: number;
}

/** The acquisition curve: the business grows (twice the sign-ups at the end as at the start), with the seasons. */
export function acquisitionCumulative(calendar: DemoCalendar): Float64Array {
  const result = new Float64Array(calendar.days + 1);
  for (let d = 0; d < calendar.days; d++)
    result[d + 1] = result[d]! + (1 + d / calendar.days) * Math.sqrt(calendar.busyness[d]!);
  return result;
}

function dayAt(cumulative: Float64Array, x: number): number {
  let low = 0;
  let high = cumulative.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (cumulative[middle]! <= x) low = middle;
    else high = middle - 1;
  }
  return low;
}

export function drawSkeleton(
  rng: Random,
  calendar: DemoCalendar,
  acquisition: Float64Array,
  buyerShare: number,
): Skeleton {
  const organization = rng.chance(0.12);
  const english = rng.chance(organization ? 0.1 : 0.08);
  const createdDay = dayAt(acquisition, rng.float() * acquisition[calendar.days]!);
  const createdSecond = calendar.orderSecond(createdDay, rng.float());
  const buyer = rng.chance(buyerShare);
  let firstDay = createdDay;
  let firstSecond = Math.min(86_399, createdSecond + rng.between(60, 1800));
  if (rng.chance(0.4)) {
    firstDay = createdDay + 1 + Math.floor(rng.exponential() * 20);
    firstSecond = calendar.orderSecond(Math.min(firstDay, calendar.days - 1), rng.float());
  }
  const rate = rng.gamma(purchaseShape) * (organization ? 1.5 : 1);
  const dropout = Math.max(1e-4, rng.beta(dropoutA, dropoutB));
  const spendRate = rng.gamma(spendQ, 1 / (organization ? spendGamma.organization : spendGamma.person));
  return {
    organization,
    english,
    createdDay,
    createdSecond,
    buyer,
    firstDay,
    firstSecond,
    rate,
    dropout,
    spendRate,
  };
}

/** Share of customers who buy at all: fewer when fewer orders than customers are asked for. */
export const buyerShareFor = (customers: number, orders: number): number =>
  customers === 0 ? 0 : Math.min(1 - prospectShare, orders / customers);

/** A customer's orders in time: purchases and returns, in the order they were drawn. */
export class Timeline {
  length = 0;
  day = new Int32Array(64);
  second = new Int32Array(64);
  /** 1 a return of the purchase before it in this list, 0 a purchase. */
  isReturn = new Uint8Array(64);

  push(day: number, second: number, isReturn: boolean): void {
    if (this.length === this.day.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T) => (b.set(a), b);
      this.day = grow(this.day, new Int32Array(this.length * 2));
      this.second = grow(this.second, new Int32Array(this.length * 2));
      this.isReturn = grow(this.isReturn, new Uint8Array(this.length * 2));
    }
    this.day[this.length] = day;
    this.second[this.length] = second;
    this.isReturn[this.length] = isReturn ? 1 : 0;
    this.length++;
  }
}

/** Draws the customer's purchases (and returns) up to the end of the calendar into `timeline`. */
export function simulateTimeline(
  rng: Random,
  skeleton: Skeleton,
  calendar: DemoCalendar,
  scale: number,
  timeline: Timeline,
): void {
  timeline.length = 0;
  if (!skeleton.buyer || skeleton.firstDay >= calendar.days) return;
  const maybeReturn = (day: number) => {
    if (!rng.chance(returnShare)) return;
    const returnDay = day + rng.between(3, 14);
    if (returnDay < calendar.days)
      timeline.push(returnDay, calendar.orderSecond(returnDay, rng.float()), true);
  };
  timeline.push(skeleton.firstDay, skeleton.firstSecond, false);
  maybeReturn(skeleton.firstDay);
  const rate = Math.min(maxRate, scale * skeleton.rate);
  if (rate <= 0) return;
  let busy = calendar.busyAt(skeleton.firstDay, skeleton.firstSecond);
  for (;;) {
    busy += rng.exponential() / rate;
    if (busy >= calendar.busyEnd) return;
    const { day, second } = calendar.atBusy(busy);
    timeline.push(day, second, false);
    maybeReturn(day);
    if (rng.chance(skeleton.dropout)) return;
  }
}
