// Token buckets per key: flood protection for inbound channels (a key per contact, so one customer
// pasting in a loop cannot crowd out everybody else) and the login throttle (domain/login-throttle.ts).
import type { Clock } from './clock';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets held before the first sweep; after each, twice what it kept. */
const FIRST_SWEEP_AT = 1024;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = FIRST_SWEEP_AT;

  constructor(
    private readonly clock: Clock,
    private readonly ratePerSec: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key`; false means the caller is over its rate. */
  take(key: string): boolean {
    const bucket = this.refilled(key);
    this.buckets.set(key, bucket);
    // Every new contact (a web chat visitor is one per visit) adds a bucket: sweeping whenever the
    // map has doubled keeps it to the contacts of the last few seconds, at amortised O(1) a take.
    if (this.buckets.size >= this.sweepAt) {
      this.sweep();
      this.sweepAt = Math.max(FIRST_SWEEP_AT, this.buckets.size * 2);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Tokens `key` has now, without taking one (a key never seen has a full bucket). */
  tokens(key: string): number {
    return this.buckets.has(key) ? this.refilled(key).tokens : this.burst;
  }

  /** True while `key` has taken tokens that have not grown back yet. */
  isDrawn(key: string): boolean {
    return this.tokens(key) < this.burst;
  }

  /** Milliseconds until `key` has a whole token again; 0 when it has one now. */
  msUntilToken(key: string): number {
    const tokens = this.tokens(key);
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / this.ratePerSec) * 1000);
  }

  /** Gives back a token taken for something that turned out not to count. */
  refund(key: string): void {
    if (!this.buckets.has(key)) return;
    const bucket = this.refilled(key);
    bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
    this.buckets.set(key, bucket);
  }

  /** Forgets `key`'s bucket (and every key `matches` accepts), so it starts full again. */
  reset(matches: (key: string) => boolean): void {
    for (const key of this.buckets.keys()) if (matches(key)) this.buckets.delete(key);
  }

  /** Drops buckets that have refilled completely, so idle contacts cost no memory. */
  sweep(): void {
    const now = this.clock.now();
    const fullAfterMs = (this.burst / this.ratePerSec) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(key);
    }
  }

  /** Buckets held: a gauge of what sweep() keeps. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string): Bucket {
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * this.ratePerSec,
    );
    bucket.updatedAt = now;
    return bucket;
  }
}
