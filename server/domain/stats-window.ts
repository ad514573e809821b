// Time windows over statistics facts. A sliding window is a ring of time buckets with running
// totals: a fact is added once, and subtracted once when its bucket leaves the window, so a
// tick never rescans history. "Today" is one running total reset at local midnight.
import { DurationHistogram } from './stats-histogram';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

/** Start of the local day containing `at`, for a timezone `utcOffsetMinutes` east of UTC. */
export function dayStartOf(at: number, utcOffsetMinutes: number): number {
  const offset = utcOffsetMinutes * MINUTE;
  return Math.floor((at + offset) / DAY) * DAY - offset;
}

export type StatsFact =
  | { kind: 'messageIn' }
  | { kind: 'messageOut' }
  | { kind: 'waited'; waitMs: number }
  | { kind: 'answered'; firstResponseMs: number; withinTarget: boolean }
  | { kind: 'abandoned'; afterTarget: boolean }
  | { kind: 'nearBreach' }
  | { kind: 'breach' }
  | { kind: 'rating'; score: number };

export class Counts {
  messagesIn = 0;
  messagesOut = 0;
  answered = 0;
  answeredWithinTarget = 0;
  abandoned = 0;
  abandonedAfterTarget = 0;
  nearBreaches = 0;
  breaches = 0;
  readonly ratings = [0, 0, 0, 0, 0];

  apply(fact: StatsFact): void {
    switch (fact.kind) {
      case 'messageIn':
        this.messagesIn += 1;
        break;
      case 'messageOut':
        this.messagesOut += 1;
        break;
      case 'answered':
        this.answered += 1;
        if (fact.withinTarget) this.answeredWithinTarget += 1;
        break;
      case 'abandoned':
        this.abandoned += 1;
        if (fact.afterTarget) this.abandonedAfterTarget += 1;
        break;
      case 'nearBreach':
        this.nearBreaches += 1;
        break;
      case 'breach':
        this.breaches += 1;
        break;
      case 'rating':
        this.ratings[fact.score - 1] += 1;
        break;
      case 'waited':
        break;
    }
  }

  subtract(other: Counts): void {
    this.messagesIn -= other.messagesIn;
    this.messagesOut -= other.messagesOut;
    this.answered -= other.answered;
    this.answeredWithinTarget -= other.answeredWithinTarget;
    this.abandoned -= other.abandoned;
    this.abandonedAfterTarget -= other.abandonedAfterTarget;
    this.nearBreaches -= other.nearBreaches;
    this.breaches -= other.breaches;
    for (let i = 0; i < 5; i++) this.ratings[i] -= other.ratings[i];
  }
}

/** Running totals of everything inside one window. */
export class Aggregate {
  counts = new Counts();
  readonly wait = new DurationHistogram();
  readonly firstResponse = new DurationHistogram();

  add(fact: StatsFact): void {
    this.counts.apply(fact);
    if (fact.kind === 'waited') this.wait.add(fact.waitMs);
    if (fact.kind === 'answered') this.firstResponse.add(fact.firstResponseMs);
  }

  /** Takes an expired bucket back out of the totals. */
  subtract(bucket: Bucket): void {
    this.counts.subtract(bucket.counts);
    for (const ms of bucket.waits) this.wait.remove(ms);
    for (const ms of bucket.firstResponses) this.firstResponse.remove(ms);
  }

  clear(): void {
    this.counts = new Counts();
    this.wait.clear();
    this.firstResponse.clear();
  }
}

// A bucket keeps counters, not facts, so memory grows with conversations (durations are kept
// to be removed from the histograms later), never with messages.
interface Bucket {
  index: number;
  counts: Counts;
  waits: number[];
  firstResponses: number[];
  /** Peak number of waiting conversations seen during the bucket. */
  peakWaiting: number;
}

export interface BucketView {
  start: number;
  messagesIn: number;
  messagesOut: number;
  peakWaiting: number;
}

/**
 * The last `bucketCount` buckets of `bucketMs`, the current one included: with 60 buckets a
 * fact leaves the window between 59 and 60 buckets after it happened.
 */
export class SlidingWindow {
  readonly total = new Aggregate();
  private readonly ring: Bucket[] = [];
  private head: number;

  constructor(
    readonly bucketMs: number,
    private readonly bucketCount: number,
    now: number,
  ) {
    this.head = Math.floor(now / bucketMs);
    for (let i = this.head - bucketCount + 1; i <= this.head; i++) {
      this.ring[this.slot(i)] = emptyBucket(i, 0);
    }
  }

  get spanMs(): number {
    return this.bucketMs * this.bucketCount;
  }

  /** Moves the window to `now`; new buckets start with the current number waiting. */
  advance(now: number, waitingNow: number): void {
    const target = Math.floor(now / this.bucketMs);
    if (target <= this.head) return;
    const from = Math.max(this.head + 1, target - this.bucketCount + 1);
    for (let i = from; i <= target; i++) {
      const slot = this.slot(i);
      this.total.subtract(this.ring[slot]);
      this.ring[slot] = emptyBucket(i, waitingNow);
    }
    this.head = target;
  }

  /** Adds a fact at time `at`; facts older than the window are not counted in it. */
  record(at: number, fact: StatsFact, waitingNow: number): void {
    this.advance(at, waitingNow);
    const bucket = this.bucketAt(at);
    if (!bucket) return;
    bucket.counts.apply(fact);
    if (fact.kind === 'waited') bucket.waits.push(fact.waitMs);
    if (fact.kind === 'answered') bucket.firstResponses.push(fact.firstResponseMs);
    this.total.add(fact);
  }

  noteWaiting(at: number, waitingNow: number): void {
    this.advance(at, waitingNow);
    const bucket = this.bucketAt(at);
    if (bucket) bucket.peakWaiting = Math.max(bucket.peakWaiting, waitingNow);
  }

  /** Oldest bucket first; call advance() first so the ring ends at now. */
  buckets(): BucketView[] {
    const out: BucketView[] = [];
    for (let i = this.head - this.bucketCount + 1; i <= this.head; i++) {
      const b = this.ring[this.slot(i)];
      out.push({
        start: i * this.bucketMs,
        messagesIn: b.counts.messagesIn,
        messagesOut: b.counts.messagesOut,
        peakWaiting: b.peakWaiting,
      });
    }
    return out;
  }

  private bucketAt(at: number): Bucket | undefined {
    const index = Math.floor(at / this.bucketMs);
    const bucket = this.ring[this.slot(index)];
    return bucket.index === index ? bucket : undefined;
  }

  private slot(index: number): number {
    return ((index % this.bucketCount) + this.bucketCount) % this.bucketCount;
  }
}

function emptyBucket(index: number, waiting: number): Bucket {
  return { index, counts: new Counts(), waits: [], firstResponses: [], peakWaiting: waiting };
}

/** Everything since local midnight; facts from an earlier day are not counted. */
export class DayWindow {
  readonly total = new Aggregate();
  private dayStart: number;

  constructor(
    private readonly utcOffsetMinutes: number,
    now: number,
  ) {
    this.dayStart = dayStartOf(now, utcOffsetMinutes);
  }

  get start(): number {
    return this.dayStart;
  }

  advance(now: number): void {
    const start = dayStartOf(now, this.utcOffsetMinutes);
    if (start <= this.dayStart) return;
    this.dayStart = start;
    this.total.clear();
  }

  record(at: number, fact: StatsFact): void {
    this.advance(at);
    if (at >= this.dayStart) this.total.add(fact);
  }
}
