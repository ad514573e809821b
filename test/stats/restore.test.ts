// Seeding the engine with the open conversations found at start-up: live figures are right at
// once, past waits and answers are not counted again, and pending deadlines still fall due.
import { describe, expect, test } from 'vitest';
import { desk, MIN, SEC } from './fixtures';

describe('conversationRestored', () => {
  test('waiting, assigned and longest wait from the restored state, nothing recorded', () => {
    const d = desk();
    const now = d.clock.now();
    const base = { queueId: 'sales', channelId: 'web', slaTargetMs: MIN };
    d.engine.conversationRestored({
      ...base,
      conversationId: 'w',
      queuedAt: now - 20 * SEC,
      enteredQueueAt: now - 20 * SEC,
      operatorId: null,
      assignedAt: null,
      answered: false,
    });
    d.engine.conversationRestored({
      ...base,
      conversationId: 'a',
      queuedAt: now - 5 * MIN,
      enteredQueueAt: now - 4 * MIN,
      operatorId: 'ann',
      assignedAt: now - 4 * MIN,
      answered: true,
    });
    const q = d.queueStats();
    expect(q).toMatchObject({ waiting: 1, longestWaitMs: 20 * SEC, assigned: 1, nearBreach: 0, breached: 0 });
    expect(q.windows.today).toMatchObject({ answered: 0, breaches: 0, avgWaitMs: null });
    expect(d.operatorStats('ann')).toMatchObject({ assigned: 1 });

    // The unanswered one still breaches at its deadline and can be answered as usual.
    d.clock.advance(45 * SEC);
    expect(d.queueStats()).toMatchObject({ breached: 1 });
    expect(
      d.engine
        .alerts()
        .filter((a) => a.kind === 'sla_breach')
        .map((a) => a.conversationId),
    ).toEqual(['w']);
    d.assign('w', 'bob');
    d.answer('w', 'bob');
    expect(d.queueStats().windows.today).toMatchObject({
      answered: 1,
      answeredWithinTarget: 0,
      avgFirstResponseMs: 65 * SEC,
      avgWaitMs: 65 * SEC,
    });
  });

  test('an answered conversation never breaches and its resolve counts as handled', () => {
    const d = desk();
    const now = d.clock.now();
    d.engine.conversationRestored({
      conversationId: 'a',
      queueId: 'sales',
      channelId: 'web',
      slaTargetMs: MIN,
      queuedAt: now - 10 * MIN,
      enteredQueueAt: now - 10 * MIN,
      operatorId: 'ann',
      assignedAt: now - 9 * MIN,
      answered: true,
    });
    d.clock.advance(5 * MIN);
    expect(d.queueStats()).toMatchObject({ breached: 0, nearBreach: 0 });
    d.resolve('a', 'ann');
    expect(d.operatorStats('ann')).toMatchObject({ handled: 1, avgHandleTimeMs: 14 * MIN });
    expect(d.queueStats()).toMatchObject({ assigned: 0, waiting: 0 });
  });
});
