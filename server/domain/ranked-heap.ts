// A heap that also knows each entry's rank: the heap gives the head in O(1) for routing, the
// order index the place of any entry in O(log n) for the queue position the customer is told.
// Every change costs both an O(log n) heap step and an O(log n) tree step.
import { IndexedHeap, type Before } from './indexed-heap';
import { OrderIndex } from './order-index';

export class RankedHeap<K, V> extends IndexedHeap<K, V> {
  private readonly order: OrderIndex<K, V>;

  constructor(before: Before<V>) {
    super(before);
    this.order = new OrderIndex(before);
  }

  override set(key: K, value: V): void {
    super.set(key, value);
    this.order.set(key, value);
  }

  override delete(key: K): boolean {
    if (!super.delete(key)) return false;
    this.order.delete(key);
    return true;
  }

  /** 1-based place of `key` in the heap's order, or undefined when it is not held. */
  rank(key: K): number | undefined {
    return this.order.rank(key);
  }

  /** Every key in order, first first, in O(n). */
  orderedKeys(): IterableIterator<K> {
    return this.order.keys();
  }
}
