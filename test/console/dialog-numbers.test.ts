// Issue 13 §4: a dialog's number stays with it until it closes (WeeChat's buffers), whatever the
// urgency order does; a closed dialog's number is reused by the next new one, lowest first.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { dialogNumbered, noNumbers, renumber } from '../../cli/console/dialog-numbers';

const asObject = (numbers: ReadonlyMap<string, number>) => Object.fromEntries(numbers);

describe('renumber', () => {
  test('dialogs open together are numbered 1, 2, 3 in the order given (most urgent first)', () => {
    expect(asObject(renumber(noNumbers, ['anna', 'boris', 'vera']))).toEqual({ anna: 1, boris: 2, vera: 3 });
  });

  test('a reorder keeps every number, and returns the same map', () => {
    const numbers = renumber(noNumbers, ['anna', 'boris', 'vera']);
    const reordered = renumber(numbers, ['vera', 'anna', 'boris']);
    expect(asObject(reordered)).toEqual({ anna: 1, boris: 2, vera: 3 });
    expect(reordered).toBe(numbers);
  });

  test('a closed dialog frees its number; the others keep theirs', () => {
    const numbers = renumber(renumber(noNumbers, ['anna', 'boris', 'vera']), ['vera', 'anna']);
    expect(asObject(numbers)).toEqual({ anna: 1, vera: 3 });
  });

  test('a new dialog takes the lowest free number, then the next after the highest', () => {
    let numbers = renumber(noNumbers, ['anna', 'boris', 'vera', 'gleb']);
    numbers = renumber(numbers, ['anna', 'gleb']); // boris (2) and vera (3) close
    numbers = renumber(numbers, ['dima', 'anna', 'gleb']);
    expect(asObject(numbers)).toEqual({ anna: 1, dima: 2, gleb: 4 });
    numbers = renumber(numbers, ['dima', 'anna', 'gleb', 'egor', 'fedor']);
    expect(asObject(numbers)).toEqual({ anna: 1, dima: 2, egor: 3, gleb: 4, fedor: 5 });
  });

  test('dialogNumbered finds the dialog by its number, not by its row', () => {
    const numbers = renumber(renumber(noNumbers, ['anna', 'boris']), ['boris', 'anna']);
    expect(dialogNumbered(numbers, 1)).toBe('anna');
    expect(dialogNumbered(numbers, 2)).toBe('boris');
    expect(dialogNumbered(numbers, 3)).toBeNull();
  });

  test('property: open dialogs keep their numbers, numbers are distinct, and the lowest free is taken', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
    const steps = fc.array(fc.uniqueArray(ids, { maxLength: 7 }), { maxLength: 20 });
    fc.assert(
      fc.property(steps, (sets) => {
        let numbers = noNumbers;
        for (const open of sets) {
          const next = renumber(numbers, open);
          expect([...next.keys()].sort()).toEqual([...open].sort());
          for (const id of open) if (numbers.has(id)) expect(next.get(id)).toBe(numbers.get(id));
          const values = [...next.values()];
          expect(new Set(values).size).toBe(values.length);
          // Lowest free: no new dialog got a number while a lower one was free of kept dialogs.
          const kept = new Set(open.filter((id) => numbers.has(id)).map((id) => next.get(id)));
          const fresh = open.filter((id) => !numbers.has(id)).map((id) => next.get(id)!);
          const lowest = [...Array(open.length + kept.size + 1).keys()].map((i) => i + 1).filter((n) => !kept.has(n));
          expect(fresh).toEqual(lowest.slice(0, fresh.length));
          numbers = next;
        }
      }),
    );
  });
});
