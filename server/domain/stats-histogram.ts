// A fixed-bin duration histogram: percentiles of a sliding window in O(bins) per tick, with
// samples added and removed as time buckets enter and leave the window.
//
// Percentiles are nearest-rank (the smallest sample with at least p of the samples at or below
// it). Up to EXACT_SAMPLES samples they are exact: the samples themselves are kept, sorted. Past
// that, the percentile is the mean of the samples in the bin holding that rank: within the bin
// (an error under one bin's width: 1 s under 10 min, 1 min under 4 h, 15 min under 48 h), and never below the smallest sample or above the
// largest, so a p90 is never under the minimum as a bin's lower edge could be (issue 13 §6:
// one sample of 13,079 ms showed a p90 of 13,000 under a mean of 13,079).
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

// Resolution a supervisor needs: 1 s up to 10 min (chat), 1 min up to 4 h (messengers, social,
// e-mail), 15 min up to 2 days; one bin for everything longer. About 1,000 bins, 4 KiB.
const TIERS = [
  { until: 10 * MINUTE, step: SECOND },
  { until: 4 * HOUR, step: MINUTE },
  { until: 48 * HOUR, step: 15 * MINUTE },
].map((tier, i, all) => {
  const from = i === 0 ? 0 : all[i - 1].until;
  return { ...tier, from, bins: (tier.until - from) / tier.step };
});
const BIN_COUNT = TIERS.reduce((n, t) => n + t.bins, 0) + 1;

/** Up to this many samples, percentiles are computed from the samples themselves. */
export const EXACT_SAMPLES = 1_000;

function binOf(ms: number): number {
  let first = 0;
  for (const t of TIERS) {
    if (ms < t.until) return first + Math.floor((Math.max(0, ms) - t.from) / t.step);
    first += t.bins;
  }
  return BIN_COUNT - 1;
}

export class DurationHistogram {
  private readonly bins = new Uint32Array(BIN_COUNT);
  /** Sum of the samples in each bin: its mean is a value inside both the bin and the samples' range. */
  private readonly binSums = new Float64Array(BIN_COUNT);
  private total = 0;
  private sum = 0;
  /**
   * Every sample, sorted, while there are at most EXACT_SAMPLES of them; null once there were
   * more, until the histogram is empty again (what left cannot be told apart inside a bin).
   */
  private exact: number[] | null = [];

  get count(): number {
    return this.total;
  }

  add(ms: number): void {
    const bin = binOf(ms);
    this.bins[bin]++;
    this.binSums[bin] += ms;
    this.total++;
    this.sum += ms;
    if (this.exact && this.total <= EXACT_SAMPLES) this.exact.splice(sortedIndex(this.exact, ms), 0, ms);
    else this.exact = null;
  }

  remove(ms: number): void {
    const bin = binOf(ms);
    this.bins[bin]--;
    this.binSums[bin] -= ms;
    this.total--;
    this.sum -= ms;
    if (this.exact) {
      const at = sortedIndex(this.exact, ms);
      if (this.exact[at] === ms) this.exact.splice(at, 1);
    }
    if (this.total === 0) this.clear();
  }

  clear(): void {
    this.bins.fill(0);
    this.binSums.fill(0);
    this.total = 0;
    this.sum = 0;
    this.exact = [];
  }

  mean(): number | null {
    return this.total === 0 ? null : this.sum / this.total;
  }

  /** Whether percentile() is exact now (else it is off by less than one bin's width). */
  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Nearest-rank percentile: exact for up to EXACT_SAMPLES samples, else the mean of its bin. */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(p * this.total)));
    if (this.exact) return this.exact[rank - 1];
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      seen += this.bins[bin];
      if (seen >= rank) return this.binSums[bin] / this.bins[bin];
    }
    return null;
  }
}

/** The first index whose value is not below `ms`. */
function sortedIndex(sorted: readonly number[], ms: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < ms) low = mid + 1;
    else high = mid;
  }
  return low;
}
