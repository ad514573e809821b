// The rank of an entry among all, in O(log n): a treap (a search tree kept balanced by random
// priorities) whose nodes count their subtree. The router keeps each queue's waiting dialogs in
// one beside its heap, so "you are number N" costs a walk up the tree, not a scan of the queue.
//
// Like IndexedHeap, the values' order may depend on fields the caller changes: it then calls
// set(key, sameObject) again. So a node is never found by comparing (its value may already have
// changed) but through the key's map, and is taken out by rotating it down to a leaf.
import type { Before } from './indexed-heap';

interface Node<K, V> {
  readonly key: K;
  value: V;
  readonly priority: number;
  size: number;
  left: Node<K, V> | null;
  right: Node<K, V> | null;
  parent: Node<K, V> | null;
}

const sizeOf = (node: Node<unknown, unknown> | null): number => (node === null ? 0 : node.size);

export class OrderIndex<K, V> {
  private root: Node<K, V> | null = null;
  private readonly nodes = new Map<K, Node<K, V>>();
  /** xorshift32: priorities need only be well spread, and a fixed seed makes runs repeatable. */
  private seed = 0x2545f491;

  constructor(private readonly before: Before<V>) {}

  get size(): number {
    return this.nodes.size;
  }

  /** Inserts `key`, or puts it where its (possibly changed) value now belongs. */
  set(key: K, value: V): void {
    const existing = this.nodes.get(key);
    if (existing) this.remove(existing);
    const node: Node<K, V> = {
      key,
      value,
      priority: this.nextPriority(),
      size: 1,
      left: null,
      right: null,
      parent: null,
    };
    this.nodes.set(key, node);
    this.insert(node);
  }

  delete(key: K): boolean {
    const node = this.nodes.get(key);
    if (!node) return false;
    this.nodes.delete(key);
    this.remove(node);
    return true;
  }

  /** 1-based place of `key` in the order, or undefined when it is not held. */
  rank(key: K): number | undefined {
    let node = this.nodes.get(key);
    if (!node) return undefined;
    let rank = sizeOf(node.left) + 1;
    for (let parent = node.parent; parent !== null; node = parent, parent = parent.parent) {
      if (parent.right === node) rank += sizeOf(parent.left) + 1;
    }
    return rank;
  }

  /** Every key in order, first first: O(n) with no comparison. */
  *keys(): IterableIterator<K> {
    const stack: Node<K, V>[] = [];
    let node = this.root;
    while (node !== null || stack.length > 0) {
      while (node !== null) {
        stack.push(node);
        node = node.left;
      }
      node = stack.pop()!;
      yield node.key;
      node = node.right;
    }
  }

  private insert(node: Node<K, V>): void {
    if (this.root === null) {
      this.root = node;
      return;
    }
    let at = this.root;
    for (;;) {
      at.size++;
      const next = this.before(node.value, at.value) ? at.left : at.right;
      if (next === null) break;
      at = next;
    }
    node.parent = at;
    if (this.before(node.value, at.value)) at.left = node;
    else at.right = node;
    while (node.parent !== null && node.priority < node.parent.priority) this.rotateUp(node);
  }

  private remove(node: Node<K, V>): void {
    while (node.left !== null || node.right !== null) {
      const child =
        node.left === null
          ? node.right!
          : node.right === null || node.left.priority < node.right.priority
            ? node.left
            : node.right;
      this.rotateUp(child);
    }
    const parent = node.parent;
    if (parent === null) this.root = null;
    else if (parent.left === node) parent.left = null;
    else parent.right = null;
    for (let at = parent; at !== null; at = at.parent) at.size--;
    node.parent = null;
  }

  /** Lifts `x` above its parent, keeping the order and every subtree's count. */
  private rotateUp(x: Node<K, V>): void {
    const p = x.parent!;
    const g = p.parent;
    if (p.left === x) {
      p.left = x.right;
      if (x.right) x.right.parent = p;
      x.right = p;
    } else {
      p.right = x.left;
      if (x.left) x.left.parent = p;
      x.left = p;
    }
    p.parent = x;
    x.parent = g;
    if (g === null) this.root = x;
    else if (g.left === p) g.left = x;
    else g.right = x;
    p.size = 1 + sizeOf(p.left) + sizeOf(p.right);
    x.size = 1 + sizeOf(x.left) + sizeOf(x.right);
  }

  private nextPriority(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}
