import { catalog, type Product } from '#src/modules/demo/demo.catalog.ts';
import type { DemoCalendar } from '#src/modules/demo/demo.calendar.ts';
import { WeightedChoice, type Random } from '#src/modules/demo/random.ts';

/**
 * The lines of a demo order. A purchase aims at an amount drawn from the customer's own spend distribution
 * (Gamma-Gamma, see demo.purchases.ts) and fills it with products near that price; promotion days sell at a
 * discount. A return gives back the lines of the purchase before it (negative quantities); a few orders are a
 * free gift only (amount 0).
 */
export interface OrderLine {
  product: Product;
  /** Negative on a return. */
  quantity: number;
  /** Fen. */
  unitPrice: number;
}

const spendP = 4;
const zeroValueShare = 0.005;

interface Shelf {
  /** Products of one category, cheapest first. */
  products: Product[];
  prices: Float64Array;
}

const shelf = (products: Product[]): Shelf => {
  const sorted = [...products].sort((a, b) => a.price - b.price || a.sku.localeCompare(b.sku));
  return { products: sorted, prices: Float64Array.from(sorted, (p) => p.price) };
};

const categoryNames = [...new Set(catalog.map((p) => p.category))];
const shelves = new Map(
  categoryNames.map((name) => [name, shelf(catalog.filter((p) => p.category === name))]),
);
const consumerCategories = categoryNames.filter((c) =>
  catalog.some((p) => p.category === c && p.market === 'consumer'),
);
const businessCategories = categoryNames.filter((c) =>
  catalog.some((p) => p.category === c && p.market === 'business'),
);
const gifts = catalog.filter((p) => p.market === 'gift');
/** How often each consumer category is bought by someone with no favourite in it. */
const consumerChoice = new WeightedChoice(
  consumerCategories,
  consumerCategories.map(
    (c) =>
      ({
        数码电子: 14,
        家用电器: 10,
        服装鞋包: 20,
        美妆个护: 16,
        食品饮料: 18,
        母婴用品: 6,
        家居家装: 8,
        运动户外: 6,
        图书文具: 4,
      })[c] ?? 5,
  ),
);

/** A customer's shopping habits, drawn once from their orders sequence. */
export interface Taste {
  organization: boolean;
  spendRate: number;
  favourites: string[];
}

export function drawTaste(rng: Random, organization: boolean, spendRate: number): Taste {
  return { organization, spendRate, favourites: [consumerChoice.pick(rng), consumerChoice.pick(rng)] };
}

/** The most expensive product at or under `price`, or the cheapest when all cost more. */
function productNear(shelf: Shelf, price: number): Product {
  let low = 0;
  let high = shelf.prices.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (shelf.prices[middle]! <= price) low = middle;
    else high = middle - 1;
  }
  return shelf.products[low]!;
}

/** Lines of a purchase on `day`, written into `lines` (emptied first). */
export function purchaseLines(
  rng: Random,
  taste: Taste,
  calendar: DemoCalendar,
  day: number,
  lines: OrderLine[],
): void {
  lines.length = 0;
  if (rng.chance(zeroValueShare)) {
    lines.push({ product: rng.pick(gifts), quantity: 1, unitPrice: 0 });
    return;
  }
  const target = rng.gamma(spendP, 1 / taste.spendRate) * 100;
  const count = 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0);
  const discount = calendar.priceFactor(day) * (rng.chance(0.08) ? 0.95 : 1);
  for (let i = 0; i < count; i++) {
    const category = taste.organization
      ? rng.chance(0.75)
        ? rng.pick(businessCategories)
        : rng.chance(0.5)
          ? '食品饮料'
          : consumerChoice.pick(rng)
      : rng.chance(0.65)
        ? rng.pick(taste.favourites)
        : consumerChoice.pick(rng);
    const aim = (target / count) * Math.exp(0.3 * rng.normal());
    const product = productNear(shelves.get(category)!, aim);
    const most = taste.organization ? (product.price < 100_000 ? 200 : 20) : 5;
    const quantity = Math.max(1, Math.min(most, Math.round(aim / product.price)));
    lines.push({ product, quantity, unitPrice: Math.round(product.price * discount) });
  }
  // a gift with one purchase in thirty
  if (rng.chance(1 / 30)) lines.push({ product: rng.pick(gifts), quantity: 1, unitPrice: 0 });
}

/** Lines of a return of `purchase`: all of it, or its first line. */
export function returnLines(rng: Random, purchase: readonly OrderLine[], lines: OrderLine[]): void {
  lines.length = 0;
  // gifts are not sent back
  const paid = purchase.filter((line) => line.unitPrice > 0);
  const candidates = paid.length ? paid : purchase;
  const returned = rng.chance(0.6) ? candidates : candidates.slice(0, 1);
  for (const line of returned) lines.push({ ...line, quantity: -line.quantity });
}
