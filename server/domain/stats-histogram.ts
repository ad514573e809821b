// A fixed-bin duration histogram: percentiles of a sliding window in O(bins) per tick, with
// samples added and removed as time buckets enter and leave the window.
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const QUARTER = 15 * MINUTE;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Resolution a supervisor needs: 1 s under a minute (chat), 1 min under an hour (messengers,
// social), 15 min under a day (e-mail); one bin for everything longer.
const SECOND_BINS = 60;
const MINUTE_BINS = 59;
const QUARTER_BINS = 92;
const BIN_COUNT = SECOND_BINS + MINUTE_BINS + QUARTER_BINS + 1;

function binOf(ms: number): number {
  if (ms < MINUTE) return Math.floor(Math.max(0, ms) / SECOND);
  if (ms < HOUR) return SECOND_BINS - 1 + Math.floor(ms / MINUTE);
  if (ms < DAY) return SECOND_BINS + MINUTE_BINS - 4 + Math.floor(ms / QUARTER);
  return BIN_COUNT - 1;
}

function lowerEdge(bin: number): number {
  if (bin < SECOND_BINS) return bin * SECOND;
  if (bin < SECOND_BINS + MINUTE_BINS) return (bin - SECOND_BINS + 1) * MINUTE;
  if (bin < BIN_COUNT - 1) return (bin - SECOND_BINS - MINUTE_BINS + 4) * QUARTER;
  return DAY;
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
   * reported as the lower edge of its bin: exact for whole seconds under a minute.
   */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.total));
    let seen = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      seen += this.bins[bin];
      if (seen >= rank) return lowerEdge(bin);
    }
    return DAY;
  }
}
