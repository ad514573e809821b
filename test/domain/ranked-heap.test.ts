// The ranked heap the router keeps each queue's waiting dialogs in: the heap's head and every
// entry's rank agree with a plain sorted list after any sequence of inserts, re-keys (also of a
// value changed in place, as the router does) and removals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankedHeap } from '../../server/domain/ranked-heap';

interface Entry {
  key: string;
  rank: number;
}
const byRank = (a: Entry, b: Entry) => a.rank < b.rank || (a.rank === b.rank && a.key < b.key);

function sortedKeys(entries: Map<string, Entry>): string[] {
  return [...entries.values()].sort((a, b) => (byRank(a, b) ? -1 : byRank(b, a) ? 1 : 0)).map((e) => e.key);
}

type Op =
  | { kind: 'set'; key: string; rank: number }
  | { kind: 'rekeyInPlace'; key: string; rank: number }
  | { kind: 'delete'; key: string }
  | { kind: 'pop' };

const key = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
const rank = fc.integer({ min: 0, max: 20 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, rank }),
  fc.record({ kind: fc.constant('rekeyInPlace' as const), key, rank }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('RankedHeap', () => {
  it('ranks 1..n in order, and keeps ranking after a removal', () => {
    const heap = new RankedHeap<string, Entry>(byRank);
    for (const [k, r] of [
      ['c', 3],
      ['a', 1],
      ['d', 4],
      ['b', 2],
    ] as const)
      heap.set(k, { key: k, rank: r });
    expect(['a', 'b', 'c', 'd'].map((k) => heap.rank(k))).toEqual([1, 2, 3, 4]);
    expect([...heap.orderedKeys()]).toEqual(['a', 'b', 'c', 'd']);
    heap.pop();
    expect(['a', 'b', 'c', 'd'].map((k) => heap.rank(k))).toEqual([undefined, 1, 2, 3]);
  });

  it('agrees with a sorted list after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const heap = new RankedHeap<string, Entry>(byRank);
        const model = new Map<string, Entry>();
        for (const o of ops) {
          if (o.kind === 'set') {
            const entry = { key: o.key, rank: o.rank };
            heap.set(o.key, entry);
            model.set(o.key, entry);
          } else if (o.kind === 'rekeyInPlace') {
            const entry = model.get(o.key);
            if (!entry) continue;
            entry.rank = o.rank; // changed before the heap is told, as the router does
            heap.set(o.key, entry);
          } else if (o.kind === 'delete') {
            expect(heap.delete(o.key)).toBe(model.delete(o.key));
          } else {
            const head = heap.pop();
            if (head) model.delete(head.key);
          }
          const sorted = sortedKeys(model);
          expect(heap.size).toBe(sorted.length);
          expect(heap.peekKey()).toBe(sorted[0]);
          expect([...heap.orderedKeys()]).toEqual(sorted);
          for (const [i, k] of sorted.entries()) expect(heap.rank(k)).toBe(i + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
