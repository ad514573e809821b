// A fixed-bin duration histogram: percentiles of a sliding window in O(bins) per tick, with
// samples added and removed as time buckets enter and leave the window.
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
const CEILING = TIERS[TIERS.length - 1].until;
const BIN_COUNT = TIERS.reduce((n, t) => n + t.bins, 0) + 1;

function binOf(ms: number): number {
  let first = 0;
  for (const t of TIERS) {
    if (ms < t.until) return first + Math.floor((Math.max(0, ms) - t.from) / t.step);
    first += t.bins;
  }
  return BIN_COUNT - 1;
}

function lowerEdge(bin: number): number {
  let first = 0;
  for (const t of TIERS) {
    if (bin < first + t.bins) return t.from + (bin - first) * t.step;
    first += t.bins;
  }
  return CEILING;
}

export class DurationHistogram {
  private readonly bins = new Uint32Array(BIN_COUNT);
  private total = 0;
  private sum = 0;

  get count(): number {
    return this.total;
  }

  add(ms: number): void {
    this.bins[binOf(ms)]++;
    this.total++;
    this.sum += ms;
  }

  remove(ms: number): void {
    this.bins[binOf(ms)]--;
    this.total--;
    this.sum -= ms;
  }

  clear(): void {
    this.bins.fill(0);
    this.total = 0;
    this.sum = 0;
  }

  mean(): number | null {
    return this.total === 0 ? null : this.sum / this.total;
  }

  /**
   * Nearest-rank percentile (the smallest value with at least p of the samples at or below it),
   * reported as the lower edge of its bin: exact for whole seconds under ten minutes.
   */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.total));
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      seen += this.bins[bin];
      if (seen >= rank) return lowerEdge(bin);
    }
    return CEILING;
  }
}
