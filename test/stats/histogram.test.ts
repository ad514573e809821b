import { describe, expect, test } from 'vitest';
import { DurationHistogram } from '../../server/domain/stats-histogram';
import { HOUR, MIN, SEC } from './fixtures';

function histogramOf(...ms: number[]) {
  const h = new DurationHistogram();
  for (const v of ms) h.add(v);
  return h;
}

describe('DurationHistogram', () => {
  test('p90 is the nearest-rank value: 9th of 10 samples', () => {
    const h = histogramOf(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((s) => s * SEC));
    expect(h.percentile(0.9)).toBe(9 * SEC);
  });

  test('p90 of 11 samples is the 10th (rank = ceil(0.9 × 11))', () => {
    const h = histogramOf(...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((s) => s * SEC));
    expect(h.percentile(0.9)).toBe(10 * SEC);
  });

  test('mean is exact; percentiles floor to 1 s under 10 min, 1 min under 4 h, then 15 min', () => {
    expect(histogramOf(1_500, 2_500).mean()).toBe(2_000);
    expect(histogramOf(1_500).percentile(0.9)).toBe(1 * SEC);
    expect(histogramOf(9 * MIN + 59_999).percentile(0.9)).toBe(9 * MIN + 59 * SEC);
    expect(histogramOf(17 * MIN + 40 * SEC).percentile(0.9)).toBe(17 * MIN);
    expect(histogramOf(5 * HOUR + 20 * MIN).percentile(0.9)).toBe(5 * HOUR + 15 * MIN);
    expect(histogramOf(50 * HOUR).percentile(0.9)).toBe(48 * HOUR);
  });

  test('removing a sample takes it out of mean and percentiles', () => {
    const h = histogramOf(10 * SEC, 50 * SEC);
    h.remove(50 * SEC);
    expect(h.count).toBe(1);
    expect(h.mean()).toBe(10 * SEC);
    expect(h.percentile(0.9)).toBe(10 * SEC);
  });

  test('an empty histogram has no mean and no percentile', () => {
    expect(new DurationHistogram().mean()).toBeNull();
    expect(new DurationHistogram().percentile(0.9)).toBeNull();
  });
});
