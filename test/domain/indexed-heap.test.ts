import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { IndexedHeap } from '../../server/domain/indexed-heap';

interface Entry {
  key: string;
  rank: number;
}
const byRank = (a: Entry, b: Entry) => a.rank < b.rank || (a.rank === b.rank && a.key < b.key);

function drain(heap: IndexedHeap<string, Entry>): string[] {
  const out: string[] = [];
  for (let e = heap.pop(); e; e = heap.pop()) out.push(e.key);
  return out;
}

describe('IndexedHeap', () => {
  it('pops values in the order `before` defines', () => {
    const heap = new IndexedHeap<string, Entry>(byRank);
    for (const [key, rank] of [
      ['c', 3],
      ['a', 1],
      ['d', 4],
      ['b', 2],
    ] as const)
      heap.set(key, { key, rank });
    expect(heap.peekKey()).toBe('a');
    expect(drain(heap)).toEqual(['a', 'b', 'c', 'd']);
    expect(heap.size).toBe(0);
  });

  it('set on an existing key re-keys it in place', () => {
    const heap = new IndexedHeap<string, Entry>(byRank);
    for (const [key, rank] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ] as const)
      heap.set(key, { key, rank });
    heap.set('c', { key: 'c', rank: 0 });
    heap.set('a', { key: 'a', rank: 9 });
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual(['c', 'b', 'a']);
  });

  it('set with the same object re-sifts after its fields were mutated', () => {
    const heap = new IndexedHeap<string, Entry>(byRank);
    const b = { key: 'b', rank: 2 };
    heap.set('a', { key: 'a', rank: 1 });
    heap.set('b', b);
    b.rank = 0;
    heap.set('b', b);
    expect(heap.peekKey()).toBe('b');
  });

  it('delete removes any entry and reports whether it was there', () => {
    const heap = new IndexedHeap<string, Entry>(byRank);
    for (const [key, rank] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
    ] as const)
      heap.set(key, { key, rank });
    expect(heap.delete('b')).toBe(true);
    expect(heap.delete('b')).toBe(false);
    expect(heap.has('b')).toBe(false);
    expect(heap.get('c')).toEqual({ key: 'c', rank: 3 });
    expect(drain(heap)).toEqual(['a', 'c', 'd']);
  });

  it('agrees with a sorted list under any mix of set, delete and pop', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.nat(15), rank: fc.nat(9) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.nat(15) }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const heap = new IndexedHeap<string, Entry>(byRank);
        const model = new Map<string, number>();
        const sorted = () => [...model].map(([key, rank]) => ({ key, rank })).sort((a, b) => (byRank(a, b) ? -1 : 1));
        for (const o of ops) {
          if (o.kind === 'set') {
            heap.set(`k${o.key}`, { key: `k${o.key}`, rank: o.rank });
            model.set(`k${o.key}`, o.rank);
          } else if (o.kind === 'delete') {
            expect(heap.delete(`k${o.key}`)).toBe(model.delete(`k${o.key}`));
          } else {
            const expected = sorted()[0];
            expect(heap.pop()).toEqual(expected);
            if (expected) model.delete(expected.key);
          }
          expect(heap.size).toBe(model.size);
          expect(heap.peek()).toEqual(sorted()[0]);
        }
        expect(drain(heap)).toEqual(sorted().map((e) => e.key));
      }),
      { numRuns: 300 },
    );
  });
});
