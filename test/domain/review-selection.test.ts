// Which resolved conversations go to review (issue 18 §4): a deterministic, even sample, every
// low rating, and every first- or next-response SLA breach.
import { describe, expect, it } from 'vitest';
import { IdGenerator } from '../../server/desk/ids';
import { inSample, reviewReasons, slaBreached, type TimelineMessage } from '../../server/domain/review-selection';

const MIN = 60_000;
const customer = (at: number): TimelineMessage => ({ authorType: 'customer', private: false, createdAt: at });
const operator = (at: number, isPrivate = false): TimelineMessage => ({
  authorType: 'operator',
  private: isPrivate,
  createdAt: at,
});
const bot = (at: number): TimelineMessage => ({ authorType: 'bot', private: false, createdAt: at });
const targets = { firstResponseMs: 2 * MIN, nextResponseMs: 5 * MIN };

describe('the review sample', () => {
  it('picks the same conversations every time it is asked', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `c-${i}`);
    expect(ids.filter((id) => inSample(id, 5))).toEqual(ids.filter((id) => inSample(id, 5)));
  });

  it('picks close to the configured share of the desk’s sequential ids, for every operator alike', () => {
    // Real ids, made in one millisecond after another as the desk makes them.
    let now = Date.UTC(2026, 0, 1);
    const ids = new IdGenerator({ now: () => (now += 7) });
    const perOperator = [0, 0, 0, 0];
    const total = 40_000;
    for (let i = 0; i < total; i++) if (inSample(ids.next(), 5)) perOperator[i % 4]++;
    for (const picked of perOperator) expect(picked / (total / 4)).toBeGreaterThan(0.043);
    for (const picked of perOperator) expect(picked / (total / 4)).toBeLessThan(0.057);
  });

  it('takes none at 0 %, all at 100 %, and a larger rate keeps every pick of a smaller one', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `conv-${i}`);
    expect(ids.some((id) => inSample(id, 0))).toBe(false);
    expect(ids.every((id) => inSample(id, 100))).toBe(true);
    for (const id of ids.filter((i) => inSample(i, 5))) expect(inSample(id, 20)).toBe(true);
  });
});

describe('SLA breaches for review', () => {
  it('finds none when every answer came in time', () => {
    const timeline = [customer(0), bot(1), operator(MIN), customer(2 * MIN), operator(6 * MIN)];
    expect(slaBreached(timeline, targets, 10 * MIN)).toBe(false);
  });

  it('finds a late first response', () => {
    expect(slaBreached([customer(0), operator(3 * MIN)], targets, 10 * MIN)).toBe(true);
  });

  it('finds a late next response, timed from the customer’s first unanswered message', () => {
    const timeline = [customer(0), operator(MIN), customer(2 * MIN), customer(4 * MIN), operator(7 * MIN + 1)];
    expect(slaBreached(timeline, targets, 10 * MIN)).toBe(true);
  });

  it('does not let a private note or the bot stop the clock', () => {
    const timeline = [customer(0), operator(MIN / 2, true), bot(MIN), operator(3 * MIN)];
    expect(slaBreached(timeline, targets, 10 * MIN)).toBe(true);
  });

  it('counts a wait nobody answered up to the close', () => {
    expect(slaBreached([customer(0), operator(MIN), customer(2 * MIN)], targets, 6 * MIN)).toBe(false);
    expect(slaBreached([customer(0), operator(MIN), customer(2 * MIN)], targets, 8 * MIN)).toBe(true);
  });

  it('uses the business-time first-response deadline when there is one', () => {
    const timeline = [customer(0), operator(60 * MIN)];
    expect(slaBreached(timeline, { ...targets, firstResponseDueAt: 90 * MIN }, 100 * MIN)).toBe(false);
  });
});

describe('review reasons', () => {
  const notSampled = Array.from({ length: 100 }, (_, i) => `x-${i}`).find((id) => !inSample(id, 5))!;
  const sampled = Array.from({ length: 1000 }, (_, i) => `x-${i}`).find((id) => inSample(id, 5))!;

  it('gives every reason that applies, in a fixed order', () => {
    expect(reviewReasons({ id: sampled, rating: 1, slaBreached: true }, 5)).toEqual([
      'sample',
      'low-csat',
      'sla-breach',
    ]);
  });

  it('picks a rating of 2 or less, and not 3', () => {
    expect(reviewReasons({ id: notSampled, rating: 2, slaBreached: false }, 5)).toEqual(['low-csat']);
    expect(reviewReasons({ id: notSampled, rating: 3, slaBreached: false }, 5)).toEqual([]);
    expect(reviewReasons({ id: notSampled, rating: null, slaBreached: false }, 5)).toEqual([]);
  });
});
