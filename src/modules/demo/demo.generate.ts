import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { catalog } from '#src/modules/demo/demo.catalog.ts';
import { DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import { CsvFile, csvText } from '#src/modules/demo/demo.csv.ts';
import { drawCustomer, duplicateOf, uniquesFor, type CustomerRow } from '#src/modules/demo/demo.customers.ts';
import { drawInteraction, interactionCount } from '#src/modules/demo/demo.interactions.ts';
import { drawTaste, purchaseLines, returnLines, type OrderLine } from '#src/modules/demo/demo.orders.ts';
import { calibrateScale, fitTimeline, reconcileCounts } from '#src/modules/demo/demo.order-counts.ts';
import {
  acquisitionCumulative,
  buyerShareFor,
  drawSkeleton,
  simulateTimeline,
  streams,
  Timeline,
} from '#src/modules/demo/demo.purchases.ts';
import { Random } from '#src/modules/demo/random.ts';
import { importFields, plainOrderFields } from '#src/modules/imports/imports.schema.ts';

/**
 * `guanxi demo` files (DESIGN §4, Import formats): products.csv, customers.csv, orders.csv (one row per order),
 * order_items.csv (the same orders as lines) and interactions.csv. Deterministic: the same options give the
 * same bytes. Memory stays flat whatever the size: customers are written one at a time, and all that is kept
 * across customers is one 4-byte order count each.
 *
 * Two passes. The first draws every customer's purchase process and counts the orders; the counts are then
 * nudged to exactly the number asked for (demo.order-counts.ts). The second pass draws the same
 * processes again — each customer has its own random sequences, so they come out the same — and writes
 * everything.
 */
export interface DemoOptions {
  customers: number;
  orders: number;
  seed: number;
  /** The last day of the data, `YYYY-MM-DD`; the data span the three years up to it. */
  end: string;
  /** Currency of every price and order. */
  currency?: string;
}

export const demoColumns = {
  products: importFields.products,
  customers: importFields.customers,
  orders: plainOrderFields,
  orderItems: ['ref', 'customer_ref', 'ordered_at', 'currency', 'sku', 'product', 'quantity', 'unit_price'],
  interactions: importFields.interactions,
} as const;

export const demoFileNames = {
  products: 'products.csv',
  customers: 'customers.csv',
  orders: 'orders.csv',
  orderItems: 'order_items.csv',
  interactions: 'interactions.csv',
} as const;

export type DemoFile = keyof typeof demoFileNames;

export interface DemoSummary {
  /** Rows written to each file (records, or lines for order_items.csv). */
  rows: Record<DemoFile, number>;
  paths: Record<DemoFile, string>;
}

export interface DemoProgress {
  phase: 'planning' | 'writing';
  customersDone: number;
  customers: number;
}

const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Fen as major units with two decimals (`-12.50`), exactly. */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${pad2[abs % 100]}`;
}

/** Writes the demo files into `dir` (created when missing) and returns what it wrote. */
export async function writeDemoFiles(
  dir: string,
  options: DemoOptions,
  onProgress: (progress: DemoProgress) => void = () => {},
): Promise<DemoSummary> {
  const { customers, orders, seed } = options;
  const currency = options.currency ?? 'CNY';
  if (customers === 0 && orders > 0) throw new Error('orders need at least one customer');
  mkdirSync(dir, { recursive: true });
  const calendar = new DemoCalendar(options.end);
  const acquisition = acquisitionCumulative(calendar);
  const buyerShare = buyerShareFor(customers, orders);
  const scale = calibrateScale(seed, customers, orders, calendar, acquisition);
  const skeletonRng = new Random(seed);
  const timelineRng = new Random(seed);
  const timeline = new Timeline();
  const step = Math.max(1000, Math.ceil(customers / 100));

  // pass 1: how many orders each customer's process makes, then exactly `orders` in total
  const counts = new Int32Array(customers);
  for (let i = 0; i < customers; i++) {
    const skeleton = drawSkeleton(
      skeletonRng.reseed(seed, i, streams.skeleton),
      calendar,
      acquisition,
      buyerShare,
    );
    simulateTimeline(timelineRng.reseed(seed, i, streams.timeline), skeleton, calendar, scale, timeline);
    counts[i] = timeline.length;
    if ((i + 1) % step === 0) {
      onProgress({ phase: 'planning', customersDone: i + 1, customers });
      await yieldToEventLoop();
    }
  }
  reconcileCounts(counts, orders);

  const paths = Object.fromEntries(
    Object.entries(demoFileNames).map(([file, name]) => [file, path.join(dir, name)]),
  ) as Record<DemoFile, string>;
  const files = {
    products: new CsvFile(paths.products, demoColumns.products),
    customers: new CsvFile(paths.customers, demoColumns.customers),
    orders: new CsvFile(paths.orders, demoColumns.orders),
    orderItems: new CsvFile(paths.orderItems, demoColumns.orderItems),
    interactions: new CsvFile(paths.interactions, demoColumns.interactions),
  };
  try {
    for (const product of catalog)
      files.products.line(
        `${product.sku},${csvText(product.name)},${csvText(product.category)},${money(product.price)},${currency}`,
      );
    // each product's `sku,name` for order lines, quoted once
    const productFields = new Map(catalog.map((p) => [p, `${p.sku},${csvText(p.name)}`]));

    const profileRng = new Random(seed);
    const ordersRng = new Random(seed);
    const interactionsRng = new Random(seed);
    const uniques = uniquesFor(seed, customers);
    // recent customers of each kind, for the few entered twice
    const recent: Record<CustomerRow['kind'], CustomerRow[]> = { person: [], organization: [] };
    const lines: OrderLine[] = [];
    let purchase: OrderLine[] = [];
    let orderNumber = 0;
    let interactionNumber = 0;

    for (let i = 0; i < customers; i++) {
      const skeleton = drawSkeleton(
        skeletonRng.reseed(seed, i, streams.skeleton),
        calendar,
        acquisition,
        buyerShare,
      );
      profileRng.reseed(seed, i, streams.profile);
      let customer = drawCustomer(profileRng, i, skeleton, calendar, uniques);
      const earlier = recent[customer.kind];
      if (earlier.length > 0 && profileRng.chance(0.003))
        customer = duplicateOf(profileRng, customer, profileRng.pick(earlier));
      if (earlier.push(customer) > 50) earlier.shift();
      const ref = customer.ref;
      files.customers.line(
        `${ref},${customer.kind},${csvText(customer.name)},${csvText(customer.email)},${csvText(customer.phone)},` +
          `${customer.gender},${customer.birthday},${customer.province},${customer.city},` +
          `${csvText(customer.industry)},${csvText(customer.tags.join(';'))},${customer.createdAt},${customer.creditCode}`,
      );

      simulateTimeline(timelineRng.reseed(seed, i, streams.timeline), skeleton, calendar, scale, timeline);
      ordersRng.reseed(seed, i, streams.orders);
      fitTimeline(ordersRng, timeline, skeleton, calendar, counts[i]!);
      const taste = drawTaste(ordersRng, skeleton.organization, skeleton.spendRate);
      for (let e = 0; e < timeline.length; e++) {
        const day = timeline.day[e]!;
        if (timeline.isReturn[e] && purchase.length > 0) returnLines(ordersRng, purchase, lines);
        else {
          purchaseLines(ordersRng, taste, calendar, day, lines);
          purchase = lines.slice();
        }
        const orderRef = `O${String(++orderNumber).padStart(9, '0')}`;
        const at = calendar.timestamp(day, timeline.second[e]!);
        const head = `${orderRef},${ref},${at},${currency},`;
        let amount = 0;
        let quantity = 0;
        for (const line of lines) {
          amount += line.quantity * line.unitPrice;
          quantity += line.quantity;
          files.orderItems.line(
            `${head}${productFields.get(line.product)},${line.quantity},${money(line.unitPrice)}`,
          );
        }
        files.orders.line(`${orderRef},${ref},${at},${money(amount)},${currency},${quantity}`);
      }
      purchase = [];

      interactionsRng.reseed(seed, i, streams.interactions);
      const contacts = interactionCount(interactionsRng, skeleton.organization, timeline.length);
      for (let k = 0; k < contacts; k++) {
        const contact = drawInteraction(interactionsRng, calendar, skeleton, timeline);
        files.interactions.line(
          `I${String(++interactionNumber).padStart(9, '0')},${ref},${contact.channel},${contact.direction},` +
            `${calendar.timestamp(contact.day, contact.second)},${csvText(contact.subject)},${csvText(contact.notes)}`,
        );
      }
      if ((i + 1) % step === 0) {
        onProgress({ phase: 'writing', customersDone: i + 1, customers });
        await yieldToEventLoop();
      }
    }
    onProgress({ phase: 'writing', customersDone: customers, customers });
  } finally {
    for (const file of Object.values(files)) file.close();
  }
  return {
    rows: Object.fromEntries(Object.entries(files).map(([name, file]) => [name, file.rows])) as Record<
      DemoFile,
      number
    >,
    paths,
  };
}
