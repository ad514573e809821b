import { describe, expect, it } from 'vitest';
import { createLatencyHistogram } from '../../cli/load/histogram';

// HDR with 3 significant digits: any value is reported within 0.1 % of what was recorded.
const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001);
};

describe('createLatencyHistogram', () => {
  it('reports zeros when empty', () => {
    expect(createLatencyHistogram().percentiles()).toEqual({
      count: 0,
      min: 0,
      p50: 0,
      p90: 0,
      p99: 0,
      p999: 0,
      max: 0,
      mean: 0,
    });
  });

  it('reports the percentiles of 1..1000 ms uniform within HDR precision', () => {
    const h = createLatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    const p = h.percentiles();
    expect(p.count).toBe(1000);
    close(p.min, 1);
    close(p.p50, 500);
    close(p.p90, 900);
    close(p.p99, 990);
    close(p.p999, 999);
    expect(p.max).toBe(1000);
    close(p.mean, 500.5);
    expect(h.toJSON()).toEqual(p);
  });

  it('keeps microsecond resolution for small values and clamps negatives to 0', () => {
    const h = createLatencyHistogram();
    h.record(0.0016); // rounds to 2 µs
    h.record(-3);
    const p = h.percentiles();
    expect(p.min).toBe(0);
    expect(p.max).toBe(0.002);
  });

  it('merges two histograms into the distribution of their union', () => {
    const low = createLatencyHistogram();
    const high = createLatencyHistogram();
    const all = createLatencyHistogram();
    for (let v = 1; v <= 1000; v++) {
      (v <= 500 ? low : high).record(v);
      all.record(v);
    }
    low.merge(high);
    expect(low.percentiles()).toEqual(all.percentiles());
    expect(high.percentiles().count).toBe(500);
  });

  it('adds the samples a stalled sender missed when correcting for coordinated omission', () => {
    const h = createLatencyHistogram();
    // Expected one sample every 10 ms; one took 100 ms, so 90, 80, … 10 ms were never sent.
    h.recordCorrected(100, 10);
    const p = h.percentiles();
    expect(p.count).toBe(10);
    close(p.min, 10);
    expect(p.max).toBe(100);
    close(p.mean, 55);
  });

  it('adds nothing when a sample is within the expected interval', () => {
    const h = createLatencyHistogram();
    h.recordCorrected(5, 10);
    h.recordCorrected(10, 10);
    expect(h.percentiles().count).toBe(2);
  });
});
