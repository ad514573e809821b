import { describe, expect, test } from 'vitest';
import { StatsSnapshot } from '../../shared/stats';
import { HOUR, MIN, SEC, desk } from './fixtures';

describe('live queue figures', () => {
  test('waiting, longest wait and assigned', () => {
    const d = desk();
    d.queue('c1');
    d.clock.advance(20 * SEC);
    d.queue('c2');
    d.clock.advance(10 * SEC);
    d.queue('c3');
    d.assign('c3', 'ann');
    const q = d.queueStats();
    expect(q).toMatchObject({ waiting: 2, longestWaitMs: 30 * SEC, assigned: 1 });
    expect(d.queueStats('support')).toMatchObject({ waiting: 0, longestWaitMs: 0, assigned: 0 });
  });

  test('the longest wait moves on when the oldest conversation is taken', () => {
    const d = desk();
    d.queue('c1');
    d.clock.advance(20 * SEC);
    d.queue('c2');
    d.clock.advance(10 * SEC);
    d.assign('c1', 'ann');
    expect(d.queueStats().longestWaitMs).toBe(10 * SEC);
  });

  test('a transfer moves the conversation and starts its wait in the new queue', () => {
    const d = desk();
    d.queue('c1', 'sales');
    d.assign('c1', 'ann');
    d.clock.advance(2 * MIN);
    d.transfer('c1', 'support');
    d.clock.advance(15 * SEC);
    expect(d.queueStats('sales')).toMatchObject({ waiting: 0, assigned: 0 });
    expect(d.queueStats('support')).toMatchObject({ waiting: 1, longestWaitMs: 15 * SEC });
  });

  test('near-breach at 80 % of the target, breach at the target, both cleared by a reply', () => {
    const d = desk();
    d.queue('c1'); // target 1 min
    d.clock.advance(47 * SEC);
    expect(d.queueStats()).toMatchObject({ nearBreach: 0, breached: 0 });
    d.clock.advance(1 * SEC);
    expect(d.queueStats()).toMatchObject({ nearBreach: 1, breached: 0 });
    d.clock.advance(12 * SEC);
    expect(d.queueStats()).toMatchObject({ nearBreach: 0, breached: 1 });
    expect(d.queueStats().windows['5m']).toMatchObject({ nearBreaches: 1, breaches: 1 });
    d.assign('c1', 'ann');
    d.answer('c1', 'ann');
    expect(d.queueStats()).toMatchObject({ nearBreach: 0, breached: 0 });
  });

  test('a business-time deadline (issue 17 §1) decides breach instead of the wall-clock target', () => {
    const d = desk();
    // An e-mail with a 4 h target written at 17:00, due at 12:00 the next working day (19 h later).
    d.engine.conversationQueued({
      conversationId: 'm1',
      queueId: 'support',
      channelId: 'mail',
      slaTargetMs: 4 * HOUR,
      slaDueAt: d.clock.now() + 19 * HOUR,
      at: d.clock.now(),
    });
    d.clock.advance(5 * HOUR);
    expect(d.queueStats('support')).toMatchObject({ nearBreach: 0, breached: 0 });
    d.clock.advance(14 * HOUR);
    expect(d.queueStats('support')).toMatchObject({ breached: 1 });
  });

  test('channel and desk totals count the same conversations', () => {
    const d = desk();
    d.queue('c1', 'sales', MIN, 'web');
    d.queue('c2', 'support', MIN, 'mail');
    const s = d.engine.snapshot();
    expect(s.channels.map((c) => [c.channelId, c.medium, c.waiting])).toEqual([
      ['web', 'chat', 1],
      ['mail', 'email', 1],
    ]);
    expect(s.totals.waiting).toBe(2);
  });
});

describe('wait and first-response times', () => {
  test('average and p90 of the time in queue, hand-computed', () => {
    const d = desk();
    // waits 10 s … 100 s: mean 55 s, p90 (rank 9 of 10) 90 s
    for (let i = 1; i <= 10; i++) d.answeredAfter(`c${i}`, i * 10 * SEC);
    const w = d.queueStats().windows['1h'];
    expect(w.avgWaitMs).toBe(55 * SEC);
    expect(w.p90WaitMs).toBe(90 * SEC);
  });

  test('first-response time runs from queueing to the first reply, not from assignment', () => {
    const d = desk();
    d.queue('c1');
    d.clock.advance(30 * SEC);
    d.assign('c1', 'ann');
    d.clock.advance(15 * SEC);
    d.answer('c1', 'ann');
    d.answer('c1', 'ann'); // a second call changes nothing
    const w = d.queueStats().windows['1h'];
    expect(w).toMatchObject({ avgWaitMs: 30 * SEC, avgFirstResponseMs: 45 * SEC, answered: 1 });
  });
});

describe('service level and abandoned', () => {
  test('SL = answered within target / (answered + abandoned after target)', () => {
    const d = desk();
    d.answeredAfter('fast1', 20 * SEC); // within the 1 min target
    d.answeredAfter('fast2', 50 * SEC);
    d.answeredAfter('slow', 90 * SEC); // late
    d.queue('gaveUpEarly');
    d.clock.advance(30 * SEC);
    d.abandon('gaveUpEarly'); // before the target: not held against the desk
    d.queue('gaveUpLate');
    d.clock.advance(2 * MIN);
    d.abandon('gaveUpLate');
    const w = d.queueStats().windows.today;
    expect(w).toMatchObject({
      answered: 3,
      answeredWithinTarget: 2,
      abandoned: 2,
      abandonedAfterTarget: 1,
    });
    expect(w.serviceLevel).toBe(2 / 4);
  });

  test('no service level before anything was answered or abandoned late', () => {
    const d = desk();
    d.queue('c1');
    expect(d.queueStats().windows.today.serviceLevel).toBeNull();
  });

  test('leaving after a reply is a close, not an abandon; resolving is never an abandon', () => {
    const d = desk();
    d.answeredAfter('c1', 5 * SEC);
    d.abandon('c1');
    d.queue('spam');
    d.resolve('spam', 'ann');
    expect(d.queueStats()).toMatchObject({ waiting: 0, assigned: 0 });
    expect(d.queueStats().windows.today.abandoned).toBe(0);
  });
});

describe('throughput', () => {
  test('messages per minute over the 5 min window', () => {
    const d = desk();
    d.clock.advance(10 * MIN); // observed long enough for a full window
    for (let i = 0; i < 10; i++) d.messageIn('c1');
    for (let i = 0; i < 5; i++) d.messageOut('c1', 'ann');
    const w = d.queueStats().windows['5m'];
    expect(w).toMatchObject({ messagesIn: 10, messagesOut: 5, inPerMinute: 2, outPerMinute: 1 });
  });

  test('rates divide by the time observed when the engine is younger than the window', () => {
    const d = desk();
    d.clock.advance(2 * MIN);
    for (let i = 0; i < 4; i++) d.messageIn('c1');
    expect(d.queueStats().windows['1h'].inPerMinute).toBe(2);
  });

  test('history has one point per minute of the last hour, oldest first', () => {
    const d = desk();
    d.queue('c1');
    d.messageIn('c1');
    d.clock.advance(MIN);
    d.messageIn('c1');
    d.messageIn('c1');
    d.messageOut('c1', 'ann');
    const h = d.queueStats().history;
    expect(h).toHaveLength(60);
    expect(h.slice(-2)).toEqual([
      { at: d.clock.now() - MIN, waiting: 1, messagesIn: 1, messagesOut: 0 },
      { at: d.clock.now(), waiting: 1, messagesIn: 2, messagesOut: 1 },
    ]);
  });
});

describe('windows slide and days turn', () => {
  test('an answer leaves the 5 min window, stays in 1 h, leaves 1 h after an hour', () => {
    const d = desk();
    d.answeredAfter('c1', 10 * SEC);
    d.clock.advance(5 * MIN);
    let w = d.queueStats().windows;
    expect([w['5m'].answered, w['1h'].answered, w.today.answered]).toEqual([0, 1, 1]);
    d.clock.advance(HOUR);
    w = d.queueStats().windows;
    expect([w['5m'].answered, w['1h'].answered, w.today.answered]).toEqual([0, 0, 1]);
  });

  test('"today" starts again at local midnight; the last hour slides across it', () => {
    const d = desk({ utcOffsetMinutes: 180 });
    d.clock.set(Date.UTC(2025, 0, 6, 20, 50)); // 23:50 in UTC+3
    d.answeredAfter('c1', 10 * SEC);
    d.clock.set(Date.UTC(2025, 0, 6, 21, 5)); // 00:05 the next day
    const w = d.queueStats().windows;
    expect(w.today.answered).toBe(0);
    expect(w['1h'].answered).toBe(1);
  });
});

test('a snapshot is valid on the wire', () => {
  const d = desk();
  d.answeredAfter('c1', 10 * SEC);
  d.queue('c2');
  d.clock.advance(2 * MIN);
  d.engine.rating({ conversationId: 'c1', operatorId: 'ann', queueId: 'sales', score: 5, at: d.clock.now() });
  expect(() => StatsSnapshot.parse(d.engine.snapshot())).not.toThrow();
});

test('ratings are counted per queue', () => {
  const d = desk();
  for (const score of [5, 4, 5, 1] as const) {
    d.engine.rating({ conversationId: 'c', operatorId: null, queueId: 'sales', score, at: d.clock.now() });
  }
  expect(d.queueStats().windows.today.ratings).toEqual({ counts: [1, 0, 0, 1, 2], average: 15 / 4 });
});
