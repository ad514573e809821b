import { describe, expect, test } from 'vitest';
import { HOUR, MIN, SEC, desk } from './fixtures';

describe('operator figures', () => {
  test('status, capacity and load as the service reports them; assigned as counted', () => {
    const d = desk();
    d.operator('ann', 'available', 3, 1.5);
    d.queue('c1');
    d.assign('c1', 'ann');
    expect(d.operatorStats('ann')).toMatchObject({
      name: 'ANN',
      status: 'available',
      capacity: 3,
      load: 1.5,
      assigned: 1,
    });
  });

  // Issue 13 §6: the operator's figure runs from assignment and is named answer time, not FRT.
  test('handled, average handle time and answer time (from assignment)', () => {
    const d = desk();
    d.operator('ann', 'available');
    d.queue('c1');
    d.clock.advance(30 * SEC);
    d.assign('c1', 'ann');
    d.clock.advance(20 * SEC);
    d.answer('c1', 'ann');
    d.clock.advance(4 * MIN + 40 * SEC);
    d.resolve('c1', 'ann'); // handled in 5 min
    d.queue('c2');
    d.assign('c2', 'ann');
    d.clock.advance(40 * SEC);
    d.answer('c2', 'ann');
    d.clock.advance(9 * MIN + 20 * SEC);
    d.resolve('c2', 'ann'); // handled in 10 min
    expect(d.operatorStats('ann')).toMatchObject({
      assigned: 0,
      handled: 2,
      avgHandleTimeMs: 7.5 * MIN,
      avgAnswerTimeMs: 30 * SEC,
    });
  });

  test('time in each status since local midnight, the current stint included', () => {
    const d = desk();
    d.operator('ann', 'available');
    d.clock.advance(2 * HOUR);
    d.operator('ann', 'away');
    d.clock.advance(15 * MIN);
    d.operator('ann', 'available');
    d.clock.advance(30 * MIN);
    expect(d.operatorStats('ann').timeInStatusMs).toEqual({
      available: 2 * HOUR + 30 * MIN,
      away: 15 * MIN,
      offline: 0,
    });
  });

  test('a new day starts the counters again and splits the stint at midnight', () => {
    const d = desk({ utcOffsetMinutes: 180 });
    d.clock.set(Date.UTC(2025, 0, 6, 20, 0)); // 23:00 in UTC+3
    d.operator('ann', 'available');
    d.answeredAfter('c1', 10 * SEC, 'ann');
    d.resolve('c1', 'ann');
    d.engine.rating({ conversationId: 'c1', operatorId: 'ann', queueId: 'sales', score: 4, at: d.clock.now() });
    d.clock.set(Date.UTC(2025, 0, 6, 21, 20)); // 00:20
    expect(d.operatorStats('ann')).toMatchObject({
      handled: 0,
      avgHandleTimeMs: null,
      avgAnswerTimeMs: null,
      timeInStatusMs: { available: 20 * MIN, away: 0, offline: 0 },
      ratings: { counts: [0, 0, 0, 0, 0], average: null },
    });
  });

  test('ratings per operator', () => {
    const d = desk();
    for (const score of [3, 5] as const) {
      d.engine.rating({ conversationId: 'c', operatorId: 'ann', queueId: 'sales', score, at: d.clock.now() });
    }
    expect(d.operatorStats('ann').ratings).toEqual({ counts: [0, 0, 1, 0, 1], average: 4 });
  });

  test('desk totals count operators by status', () => {
    const d = desk();
    d.operator('ann', 'available');
    d.operator('bob', 'away');
    d.operator('cid', 'available');
    d.operator('dan', 'offline');
    expect(d.engine.snapshot().totals).toMatchObject({
      operatorsAvailable: 2,
      operatorsAway: 1,
      operatorsOffline: 1,
    });
  });
});
