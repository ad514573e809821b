// A binary heap that remembers where each key sits, so an entry can be re-keyed or removed in
// O(log n) instead of O(n): routing keeps waiting conversations and free operators in these.

/** `before(a, b)` is true when `a` must come out of the heap ahead of `b`. */
export type Before<V> = (a: V, b: V) => boolean;

export class IndexedHeap<K, V> {
  private readonly keys: K[] = [];
  private readonly values: V[] = [];
  private readonly slot = new Map<K, number>();

  constructor(private readonly before: Before<V>) {}

  get size(): number {
    return this.keys.length;
  }

  has(key: K): boolean {
    return this.slot.has(key);
  }

  get(key: K): V | undefined {
    const i = this.slot.get(key);
    return i === undefined ? undefined : this.values[i];
  }

  peek(): V | undefined {
    return this.values[0];
  }

  peekKey(): K | undefined {
    return this.keys[0];
  }

  /**
   * Inserts `key`, or replaces its value and restores the order. Also the way to tell the heap
   * that the fields `before` reads of a stored value have changed: `set(key, sameObject)`.
   */
  set(key: K, value: V): void {
    const i = this.slot.get(key);
    if (i === undefined) {
      this.keys.push(key);
      this.values.push(value);
      this.slot.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    this.values[i] = value;
    this.down(this.up(i));
  }

  delete(key: K): boolean {
    const i = this.slot.get(key);
    if (i === undefined) return false;
    const last = this.keys.length - 1;
    if (i !== last) this.swap(i, last);
    this.keys.pop();
    this.values.pop();
    this.slot.delete(key);
    if (i !== last) this.down(this.up(i));
    return true;
  }

  pop(): V | undefined {
    const key = this.keys[0];
    if (key === undefined) return undefined;
    const value = this.values[0];
    this.delete(key);
    return value;
  }

  /** Stored values in heap order (not sorted): for O(n) queries such as a queue position. */
  *entries(): IterableIterator<V> {
    yield* this.values;
  }

  private up(i: number): number {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.values[i], this.values[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
    return i;
  }

  private down(i: number): void {
    const n = this.keys.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) return;
      const right = left + 1;
      const child = right < n && this.before(this.values[right], this.values[left]) ? right : left;
      if (!this.before(this.values[child], this.values[i])) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const key = this.keys[a];
    const value = this.values[a];
    this.keys[a] = this.keys[b];
    this.values[a] = this.values[b];
    this.keys[b] = key;
    this.values[b] = value;
    this.slot.set(this.keys[a], a);
    this.slot.set(key, b);
  }
}
