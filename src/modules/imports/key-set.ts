/**
 * The keys (`ref`, `sku`) already seen in one import file, to reject the second row with the same key (DESIGN §4).
 * A file of ten million orders would need over half a gigabyte as a JavaScript Set of strings, so each key is kept
 * as a 64-bit hash in typed arrays (open addressing: 8 bytes a slot, 11 to 21 bytes a key). Two different keys
 * share a hash with a probability of about n²/2⁶⁵ (3·10⁻⁶ for ten million keys); the cost of such a collision is
 * one row wrongly reported as a repeat, never a wrong write.
 */
export class KeySet {
  #high: Uint32Array;
  #low: Uint32Array;
  #size = 0;

  constructor(capacity = 1024) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, (capacity * 4) / 3)));
    this.#high = new Uint32Array(slots);
    this.#low = new Uint32Array(slots);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds a key; false when it was already there. */
  add(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = fmix(h1 ^ key.length);
    h2 = fmix(h2 + 0x27d4eb2f);
    // 0/0 marks an empty slot
    if (h1 === 0 && h2 === 0) h2 = 1;
    // grown at three quarters full: ten million keys then take 16M slots (128 MiB), linear probing still short
    if ((this.#size + 1) * 4 > this.#high.length * 3) this.#grow();
    return this.#insert(h1 >>> 0, h2 >>> 0);
  }

  #insert(high: number, low: number): boolean {
    const mask = this.#high.length - 1;
    for (let slot = (low ^ high) & mask; ; slot = (slot + 1) & mask) {
      const h = this.#high[slot]!;
      const l = this.#low[slot]!;
      if (h === 0 && l === 0) {
        this.#high[slot] = high;
        this.#low[slot] = low;
        this.#size++;
        return true;
      }
      if (h === high && l === low) return false;
    }
  }

  #grow(): void {
    const high = this.#high;
    const low = this.#low;
    this.#high = new Uint32Array(high.length * 2);
    this.#low = new Uint32Array(low.length * 2);
    this.#size = 0;
    for (let i = 0; i < high.length; i++) if (high[i] !== 0 || low[i] !== 0) this.#insert(high[i]!, low[i]!);
  }
}

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
