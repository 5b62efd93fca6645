/**
 * A small seeded pseudo-random generator for the demo data: the same seed gives the same files on every machine
 * and Node version, which `Math.random` cannot promise. The core is Chris Doty-Humphrey's SFC32 (small fast
 * chaotic, from PractRand): four 32-bit words, passes PractRand and BigCrush, and is a few integer operations
 * per number. The distributions on top are the textbook ones, named at each method.
 */

/** Murmur3's 32-bit finaliser: spreads every input bit over the output, to turn (seed, index, stream) into state. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_TO_32 = 4294967296;

export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, index = 0, stream = 0) {
    this.reseed(seed, index, stream);
  }

  /**
   * Starts the independent sequence for (seed, index, stream). The demo gives every customer its own
   * sequences, so a customer's profile does not change when another part of the generator draws more numbers.
   */
  reseed(seed: number, index = 0, stream = 0): this {
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_TO_32) >>> 0;
    let h = mix32(low ^ 0x9e3779b9);
    h = mix32(h ^ high ^ 0x7f4a7c15);
    h = mix32(h ^ (index >>> 0) ^ 0x6a09e667);
    h = mix32(h ^ Math.floor(index / TWO_TO_32) ^ 0xbb67ae85);
    h = mix32(h ^ stream ^ 0x3c6ef372);
    this.a = h;
    this.b = mix32(h ^ 0xa54ff53a);
    this.c = mix32(this.b ^ 0x510e527f);
    this.d = 1;
    // the first outputs of a fresh SFC state are still correlated with the seed words
    for (let i = 0; i < 12; i++) this.uint32();
    return this;
  }

  /** The next 32 random bits, as an unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / TWO_TO_32;
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A whole number in [low, high]. */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Standard normal, by the Marsaglia polar method. */
  normal(): number {
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
    }
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return -Math.log(1 - this.float());
  }

  /**
   * Gamma(shape, scale), by Marsaglia & Tsang (2000), "A simple method for generating gamma variables"; a
   * shape under 1 is boosted to shape + 1 and scaled by U^(1/shape) (their section 6).
   */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.float(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.float();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
        return d * v * scale;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Poisson: Knuth's product of uniforms for small means, a rounded normal for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.float();
    while (product > limit) {
      k++;
      product *= this.float();
    }
    return k;
  }
}

/**
 * Draws items with given weights in constant time, by Walker's alias method (Vose's construction, 1991): the
 * name and product tables are drawn from millions of times.
 */
export class WeightedChoice<T> {
  readonly items: readonly T[];
  private readonly threshold: Float64Array;
  private readonly alias: Int32Array;

  constructor(items: readonly T[], weights: readonly number[]) {
    const n = items.length;
    if (n === 0 || weights.length !== n) throw new Error('WeightedChoice needs one weight per item');
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (!(total > 0)) throw new Error('WeightedChoice needs a positive total weight');
    this.items = items;
    this.threshold = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((w, i) => (w < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.threshold[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.threshold[i] = 1;
      this.alias[i] = i;
    }
  }

  pickIndex(rng: Random): number {
    const x = rng.float() * this.items.length;
    const i = Math.floor(x);
    return x - i < this.threshold[i]! ? i : this.alias[i]!;
  }

  pick(rng: Random): T {
    return this.items[this.pickIndex(rng)]!;
  }
}

/** A weighted table written as `[item, weight]` pairs. */
export const weighted = <T>(pairs: readonly (readonly [T, number])[]): WeightedChoice<T> =>
  new WeightedChoice(
    pairs.map(([item]) => item),
    pairs.map(([, weight]) => weight),
  );

/**
 * A bijection of [0, size) that looks random: i → (a·i + b) mod size with a coprime to size. It hands out
 * unique phone numbers, mailbox numbers and organisation codes without remembering which were used.
 */
export function permutation(size: number, seed: number): (i: number) => number {
  const rng = new Random(seed, size, 0x5eed);
  // odd, by arithmetic rather than `| 1`, which would cut a past 2^31 to 32 bits
  let a = Math.floor(size * (0.3 + 0.4 * rng.float()));
  if (a % 2 === 0) a += 1;
  while (gcd(a, size) !== 1) a += 2;
  const b = rng.int(size);
  // a·i can pass 2^53 for big ranges: multiply in two halves
  return (i) => (mulMod(a, i % size, size) + b) % size;
}

function gcd(x: number, y: number): number {
  while (y) [x, y] = [y, x % y];
  return x;
}

function mulMod(a: number, b: number, m: number): number {
  if (a * b < Number.MAX_SAFE_INTEGER) return (a * b) % m;
  const high = Math.floor(b / 65536);
  const low = b % 65536;
  return (((a * high) % m) * 65536 + a * low) % m;
}
