/** A sorted string list answering "which keys start with P" by binary search (autocomplete, completion). */
export class PrefixList<T> {
  private readonly keys: string[];
  private readonly values: T[];

  /** `pairs` may hold duplicates; they are kept (one key can name several things). */
  constructor(pairs: [string, T][]) {
    // Sorting an index array is about twice as fast as sorting the pairs themselves.
    const order = Array.from(pairs.keys());
    order.sort((a, b) => {
      const x = pairs[a]![0];
      const y = pairs[b]![0];
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    this.keys = order.map((k) => pairs[k]![0]);
    this.values = order.map((k) => pairs[k]![1]);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Up to `max` [key, value] pairs whose key starts with `prefix`, in key order. */
  *startingWith(prefix: string, max = Infinity): Generator<[string, T]> {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo, n = 0; i < this.keys.length && n < max; i++, n++) {
      const k = this.keys[i]!;
      if (!k.startsWith(prefix)) return;
      yield [k, this.values[i]!];
    }
  }
}
