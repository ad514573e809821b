// Named deadlines behind one timer: each fires at its own time, in order, once; moved or
// cleared ones follow; a failing one does not stop the rest.
import { describe, expect, it } from 'vitest';
import { Deadlines } from '../../server/desk/deadlines';
import { VirtualTime } from '../helpers/virtual-time';

function setup() {
  const time = new VirtualTime(1_000);
  const errors: string[] = [];
  const deadlines = new Deadlines({ now: time.now }, time.schedule, (key) => errors.push(key));
  const fired: Array<[string, number]> = [];
  const mark = (key: string) => () => void fired.push([key, time.now()]);
  return { time, deadlines, fired, mark, errors };
}

describe('Deadlines', () => {
  it('fires each deadline at its own time, soonest first, once, with one timer waiting', async () => {
    const { time, deadlines, fired, mark } = setup();
    deadlines.set('b', 3_000, mark('b'));
    deadlines.set('a', 2_000, mark('a'));
    deadlines.set('c', 2_000, mark('c'));
    expect(time.pending()).toEqual([1_000]);
    await time.advance(5_000);
    expect(fired).toEqual([
      ['a', 2_000],
      ['c', 2_000],
      ['b', 3_000],
    ]);
    expect(time.pending()).toEqual([]);
  });

  it('moves and clears deadlines, and tells what is set', async () => {
    const { time, deadlines, fired, mark } = setup();
    deadlines.set('a', 2_000, mark('a'));
    deadlines.set('b', 2_500, mark('b'));
    deadlines.set('a', 4_000, mark('a'));
    deadlines.clear('b');
    expect(deadlines.at('a')).toBe(4_000);
    expect(deadlines.at('b')).toBeNull();
    await time.advance(10_000);
    expect(fired).toEqual([['a', 4_000]]);
  });

  it('goes on after a deadline whose work throws, and runs one set from inside another', async () => {
    const { time, deadlines, fired, mark, errors } = setup();
    deadlines.set('bad', 2_000, () => {
      throw new Error('boom');
    });
    deadlines.set('chain', 2_000, () => deadlines.set('next', time.now() + 500, mark('next')));
    await time.advance(1_000);
    await time.advance(1_000);
    expect(errors).toEqual(['bad']);
    expect(fired).toEqual([['next', 2_500]]);
  });

  it('wakes early for a deadline beyond what setTimeout can hold, then waits again', async () => {
    const { time, deadlines, fired, mark } = setup();
    const far = 1_000 + 40 * 86_400_000;
    deadlines.set('far', far, mark('far'));
    expect(time.pending()).toEqual([2 ** 31 - 1]);
    await time.advance(40 * 86_400_000);
    expect(fired).toEqual([['far', far]]);
  });

  it('fires nothing after stop', async () => {
    const { time, deadlines, fired, mark } = setup();
    deadlines.set('a', 2_000, mark('a'));
    deadlines.stop();
    await time.advance(5_000);
    expect(fired).toEqual([]);
  });
});
