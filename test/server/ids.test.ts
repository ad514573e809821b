// Time-ordered ids: sorting by id gives creation order.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { IdGenerator } from '../../server/desk/ids';

const sorted = (ids: string[]) => [...ids].sort();

describe('IdGenerator', () => {
  it('sorts ids created within the same millisecond in creation order', () => {
    const ids = new IdGenerator(new ManualClock(1_700_000_000_000));
    const created = Array.from({ length: 2_000 }, () => ids.next());
    expect(sorted(created)).toEqual(created);
    expect(new Set(created).size).toBe(created.length);
  });

  it('sorts ids across milliseconds in creation order', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ids = new IdGenerator(clock);
    const created: string[] = [];
    for (let ms = 0; ms < 50; ms++) {
      for (let i = 0; i < 40 - ms; i++) created.push(ids.next());
      clock.advance(ms % 3 === 0 ? 1 : 997);
    }
    expect(sorted(created)).toEqual(created);
  });

  it('keeps increasing when the clock steps back', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ids = new IdGenerator(clock);
    const before = [ids.next(), ids.next()];
    clock.set(1_700_000_000_000 - 5_000);
    const after = [ids.next(), ids.next()];
    expect(sorted([...after, ...before])).toEqual([...before, ...after]);
  });

  it('gives every id the same length, so string order is numeric order', () => {
    const clock = new ManualClock(1);
    const ids = new IdGenerator(clock);
    const short = ids.next();
    clock.set(4_102_444_800_000);
    expect(ids.next()).toHaveLength(short.length);
  });
});
