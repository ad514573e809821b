import { describe, expect, test } from 'vitest';
import { DayWindow, SlidingWindow, dayStartOf } from '../../server/domain/stats-window';
import { HOUR, MIN, SEC, T0 } from './fixtures';

describe('dayStartOf', () => {
  test('UTC midnight with no offset', () => {
    expect(dayStartOf(T0, 0)).toBe(Date.UTC(2025, 0, 6));
  });

  test('Moscow (UTC+3) midnight is 21:00 UTC the day before', () => {
    expect(dayStartOf(Date.UTC(2025, 0, 6, 20, 59), 180)).toBe(Date.UTC(2025, 0, 5, 21));
    expect(dayStartOf(Date.UTC(2025, 0, 6, 21, 0), 180)).toBe(Date.UTC(2025, 0, 6, 21));
  });

  test('a zone west of UTC (UTC-5)', () => {
    expect(dayStartOf(Date.UTC(2025, 0, 6, 4, 59), -300)).toBe(Date.UTC(2025, 0, 5, 5));
  });
});

describe('SlidingWindow', () => {
  test('a fact counts for 60 one-minute buckets, the current one included, then leaves', () => {
    const w = new SlidingWindow(MIN, 60, T0);
    w.record(T0 + 10 * SEC, { kind: 'messageIn' }, 0);
    w.advance(T0 + 59 * MIN + 59 * SEC, 0);
    expect(w.total.counts.messagesIn).toBe(1);
    w.advance(T0 + 60 * MIN, 0);
    expect(w.total.counts.messagesIn).toBe(0);
  });

  test('durations leave the percentile with their bucket', () => {
    const w = new SlidingWindow(5 * SEC, 60, T0);
    w.record(T0, { kind: 'waited', waitMs: 40 * SEC }, 0);
    w.record(T0 + 3 * MIN, { kind: 'waited', waitMs: 10 * SEC }, 0);
    expect(w.total.wait.percentile(0.9)).toBe(40 * SEC);
    w.advance(T0 + 5 * MIN, 0);
    expect(w.total.wait.percentile(0.9)).toBe(10 * SEC);
  });

  test('a jump longer than the window empties it', () => {
    const w = new SlidingWindow(MIN, 60, T0);
    w.record(T0, { kind: 'messageOut' }, 0);
    w.advance(T0 + 5 * HOUR, 0);
    expect(w.total.counts.messagesOut).toBe(0);
    expect(w.buckets().every((b) => b.messagesOut === 0)).toBe(true);
  });

  test('a fact stamped before the window is not counted', () => {
    const w = new SlidingWindow(MIN, 60, T0 + 2 * HOUR);
    w.record(T0, { kind: 'messageIn' }, 0);
    expect(w.total.counts.messagesIn).toBe(0);
  });

  test('buckets carry the number waiting across quiet minutes and keep the peak', () => {
    const w = new SlidingWindow(MIN, 60, T0);
    w.noteWaiting(T0, 2);
    w.noteWaiting(T0 + 30 * SEC, 5);
    w.noteWaiting(T0 + 40 * SEC, 3);
    w.advance(T0 + 3 * MIN, 3);
    expect(
      w
        .buckets()
        .slice(-4)
        .map((b) => b.peakWaiting),
    ).toEqual([5, 3, 3, 3]);
  });
});

describe('DayWindow', () => {
  test('resets at local midnight and ignores facts from the day before', () => {
    const beforeMidnight = Date.UTC(2025, 0, 6, 20, 59); // 23:59 in UTC+3
    const w = new DayWindow(180, beforeMidnight);
    w.record(beforeMidnight, { kind: 'messageIn' });
    expect(w.total.counts.messagesIn).toBe(1);
    w.advance(beforeMidnight + MIN);
    expect(w.total.counts.messagesIn).toBe(0);
    w.record(beforeMidnight, { kind: 'messageIn' });
    expect(w.total.counts.messagesIn).toBe(0);
  });
});
