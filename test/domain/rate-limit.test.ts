// The per-contact token bucket, driven by a manual clock.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { RateLimiter } from '../../server/domain/rate-limit';

function limiter(ratePerSec = 2, burst = 5) {
  const clock = new ManualClock(1_000_000);
  return { clock, limiter: new RateLimiter(clock, ratePerSec, burst) };
}

const takes = (l: RateLimiter, key: string, n: number) => Array.from({ length: n }, () => l.take(key));

/** How many buckets are held in memory. */
const held = (l: RateLimiter) => (l as unknown as { buckets: Map<string, unknown> }).buckets.size;

describe('RateLimiter', () => {
  it('lets a burst through at once and refuses the next one', () => {
    const { limiter: l } = limiter(2, 5);
    expect(takes(l, 'a', 6)).toEqual([true, true, true, true, true, false]);
  });

  it('keeps every key in its own bucket', () => {
    const { limiter: l } = limiter(2, 5);
    takes(l, 'a', 5);
    expect(l.take('a')).toBe(false);
    expect(l.take('b')).toBe(true);
  });

  it('refills at the configured rate', () => {
    const { clock, limiter: l } = limiter(2, 5);
    takes(l, 'a', 5);
    clock.advance(499);
    expect(l.take('a')).toBe(false);
    clock.advance(1);
    expect(l.take('a')).toBe(true);
    expect(l.take('a')).toBe(false);
    clock.advance(1_000);
    expect(takes(l, 'a', 3)).toEqual([true, true, false]);
  });

  it('never holds more than the burst, however long the contact was quiet', () => {
    const { clock, limiter: l } = limiter(2, 5);
    takes(l, 'a', 1);
    clock.advance(60 * 60 * 1000);
    expect(takes(l, 'a', 6)).toEqual([true, true, true, true, true, false]);
  });

  it('does not credit refused attempts as spent tokens', () => {
    const { clock, limiter: l } = limiter(1, 1);
    l.take('a');
    for (let i = 0; i < 10; i++) l.take('a');
    clock.advance(1_000);
    expect(l.take('a')).toBe(true);
  });

  it('sweep forgets contacts whose bucket has refilled completely', () => {
    const { clock, limiter: l } = limiter(2, 5);
    takes(l, 'idle', 5);
    takes(l, 'busy', 1);
    clock.advance(2_000);
    l.take('busy');
    clock.advance(500);
    l.sweep();
    // 'idle' emptied its bucket 2.5 s ago: at 2 tokens/s it is full again and can go.
    expect(held(l)).toBe(1);
    expect(takes(l, 'idle', 6)).toEqual([true, true, true, true, true, false]);
  });

  it('holds only the recent contacts however many came and went, without anyone calling sweep', () => {
    // 2 tokens/s, burst 5: a bucket is full again 2.5 s after its last take.
    const { clock, limiter: l } = limiter(2, 5);
    let most = 0;
    for (let i = 0; i < 20_000; i++) {
      expect(l.take(`visitor-${i}`)).toBe(true);
      clock.advance(10);
      most = Math.max(most, held(l));
    }
    // 250 contacts in the last 2.5 s; the map may grow to twice what a sweep keeps, never to 20,000.
    expect(most).toBeLessThanOrEqual(1024);
    expect(held(l)).toBeGreaterThanOrEqual(250);
  });

  it('sweep keeps a bucket that is still refilling, so it cannot be used to reset a flood', () => {
    const { clock, limiter: l } = limiter(2, 5);
    takes(l, 'a', 5);
    clock.advance(2_499);
    l.sweep();
    expect(held(l)).toBe(1);
    expect(takes(l, 'a', 5)).toEqual([true, true, true, true, false]);
  });
});
