// Latency histogram for the load generator and the benchmarks.
//
// A thin wrapper over hdr-histogram-js rather than a home-made one: HDR bucketing keeps a fixed
// relative error (3 significant digits here) over the whole range at a constant memory cost, and
// two histograms merge exactly, so per-worker or per-run histograms can be combined.
//
// Units: the API speaks milliseconds (what people read); internally values are recorded as
// integer MICROSECONDS, because HDR histograms bucket integers. So a recorded value keeps 1 µs
// resolution below ~2 ms and 0.1 % relative precision above that; sub-microsecond differences
// are rounded away. The pure-JS build is used: the WASM build needs an async init and buys
// nothing at our recording rates (tens of thousands of values per second).
import * as hdr from 'hdr-histogram-js';

const US_PER_MS = 1000;

export interface LatencyPercentiles {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export interface LatencyHistogram {
  /** Records one latency in milliseconds (negative values, e.g. clock skew, count as 0). */
  record(valueMs: number): void;
  /**
   * Records one latency and, when it exceeds the expected interval between samples, the samples
   * a stalled closed-loop sender would have missed (value − interval, value − 2·interval, … down
   * to the interval). Use it only when the samples were NOT timed from their intended send time;
   * open-loop measurement from the intended time needs no correction.
   */
  recordCorrected(valueMs: number, expectedIntervalMs: number): void;
  percentiles(): LatencyPercentiles;
  /** Adds every sample of `other` into this histogram. */
  merge(other: LatencyHistogram): void;
  toJSON(): LatencyPercentiles;
  /** The underlying HDR histogram, for merging; not for callers to record into. */
  readonly hdr: hdr.Histogram;
}

const toUs = (valueMs: number): number => Math.max(0, Math.round(valueMs * US_PER_MS));

export function createLatencyHistogram(): LatencyHistogram {
  // 64-bit counts: a long soak at tens of thousands of samples per second overflows 32 bits of
  // a single bucket only after days, but the cost is small and removes the question.
  const h = hdr.build({
    bitBucketSize: 64,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 2,
    numberOfSignificantValueDigits: 3,
  });

  const percentiles = (): LatencyPercentiles => {
    if (h.totalCount === 0) {
      return { count: 0, min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
    }
    // HDR reports a bucket's highest equivalent value, which can lie above the largest sample
    // actually recorded: cap at it, so p99 ≤ max always holds.
    const at = (p: number): number => Math.min(h.getValueAtPercentile(p), h.maxValue) / US_PER_MS;
    return {
      count: h.totalCount,
      min: at(0),
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      // maxValue is the exact largest recorded value, not its bucket's upper bound.
      max: h.maxValue / US_PER_MS,
      mean: h.mean / US_PER_MS,
    };
  };

  return {
    hdr: h,
    record(valueMs) {
      h.recordValue(toUs(valueMs));
    },
    recordCorrected(valueMs, expectedIntervalMs) {
      h.recordValueWithExpectedInterval(toUs(valueMs), toUs(expectedIntervalMs));
    },
    percentiles,
    merge(other) {
      h.add(other.hdr);
    },
    toJSON: percentiles,
  };
}
