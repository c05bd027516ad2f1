/** A sorted list of distinct keys answering "which keys start with P" by binary search (autocomplete, completion). */
export class PrefixList<T> {
  private readonly keys: string[];
  private readonly values: T[][];

  /** `groups`: key -> the things it names (one key can name several). */
  constructor(groups: ReadonlyMap<string, T[]>) {
    this.keys = [...groups.keys()].sort();
    this.values = this.keys.map((k) => groups.get(k)!);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Up to `max` keys starting with `prefix`, in key order, each with what it names. */
  *startingWith(prefix: string, max = Infinity): Generator<[string, T[]]> {
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

/** Adds `value` under `key` in a map of lists. */
export function addTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key);
  if (list) list.push(value);
  else groups.set(key, [value]);
}
