// Issue 17 §2, §3 as domain rules: when a dialog's no-reply and idle timers fall due, and how the
// router returns an unanswered dialog (ahead of newcomers, to anyone but the operator who let it
// wait unless no one else can take it). Pure, on a manual clock.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/schemas';
import { assigned, customerWrote, openConversation, operatorReplied, requeued } from '../../server/domain/conversation';
import { askedAnythingElse, dueTimes, held, NO_TIMERS, type TimerSettings } from '../../server/domain/reply-timers';
import { desk, item, online } from './routing-fixtures';

const SLA = { firstResponseMs: 60_000, nextResponseMs: 60_000 };
const ON: TimerSettings = { noReplyMs: 120_000, idleAskMs: 60_000, idleCloseMs: 180_000 };

/** A dialog the customer opened at `at` and that was assigned to ann at `assignedAt`. */
function dialog(at = 1000, assignedAt = 5000): Conversation {
  const opened = openConversation({
    id: 'c1',
    customerId: 'cu1',
    customerName: null,
    channelId: 'site',
    medium: 'chat',
    contactId: 'x',
    queueId: 'sales',
    weight: 1,
    at,
  });
  return assigned(customerWrote(opened, at, SLA), 'ann', assignedAt);
}

describe('no-reply timer', () => {
  it('runs from the assignment while the customer waits for an answer', () => {
    expect(dueTimes(dialog(1000, 5000), ON).noReplyDueAt).toBe(5000 + 120_000);
  });

  it('is off when the queue has no no-reply time', () => {
    expect(dueTimes(dialog(), NO_TIMERS).noReplyDueAt).toBeNull();
  });

  it('stops at the operator’s public reply, and is not pushed back by more customer messages', () => {
    const answered = operatorReplied(dialog(1000, 5000), 9000);
    expect(dueTimes(answered, ON).noReplyDueAt).toBeNull();
    const asksAgain = customerWrote(answered, 20_000, SLA);
    expect(dueTimes(asksAgain, ON).noReplyDueAt).toBe(20_000 + 120_000);
    // A chatty customer: the clock keeps counting from the oldest unanswered message.
    expect(dueTimes(customerWrote(asksAgain, 50_000, SLA), ON).noReplyDueAt).toBe(20_000 + 120_000);
  });

  it('gives a new holder the full time after a transfer or a return', () => {
    const back = requeued(dialog(1000, 5000), 125_000);
    expect(dueTimes(back, ON).noReplyDueAt).toBeNull();
    expect(dueTimes(assigned(back, 'bob', 130_000), ON).noReplyDueAt).toBe(130_000 + 120_000);
  });

  it('is not paused by a hold: the customer still waits for someone', () => {
    expect(dueTimes(held(dialog(1000, 5000), true, 6000), ON).noReplyDueAt).toBe(125_000);
  });
});

describe('idle close', () => {
  const answered = () => operatorReplied(dialog(1000, 5000), 10_000);

  it('asks after the silence X from the last reply and closes Y after that', () => {
    expect(dueTimes(answered(), ON)).toMatchObject({ idleAskAt: 70_000, idleCloseAt: 250_000 });
  });

  it('after the question, counts the close from when it was asked', () => {
    const asked = askedAnythingElse(answered(), 71_000);
    expect(dueTimes(asked, ON)).toMatchObject({ idleAskAt: null, idleCloseAt: 251_000 });
  });

  it('a customer message cancels it; the next reply starts the silence afresh', () => {
    const asked = askedAnythingElse(answered(), 70_000);
    const wrote = customerWrote(asked, 80_000, SLA);
    expect(dueTimes(wrote, ON)).toMatchObject({ idleAskAt: null, idleCloseAt: null });
    expect(dueTimes(operatorReplied(wrote, 90_000), ON)).toMatchObject({ idleAskAt: 150_000, idleCloseAt: 330_000 });
  });

  it('does not run before any reply, while waiting in a queue, or when the channel leaves it off', () => {
    expect(dueTimes(dialog(), ON)).toMatchObject({ idleAskAt: null, idleCloseAt: null });
    expect(dueTimes(requeued(answered(), 20_000), ON).idleCloseAt).toBeNull();
    expect(dueTimes(answered(), { ...ON, idleCloseMs: null }).idleCloseAt).toBeNull();
  });

  it('a hold pauses it; resuming asks again a full silence after the resume', () => {
    const asked = askedAnythingElse(answered(), 70_000);
    expect(dueTimes(held(asked, true, 75_000), ON)).toMatchObject({ idleAskAt: null, idleCloseAt: null });
    const resumed = held(held(asked, true, 75_000), false, 500_000);
    expect(dueTimes(resumed, ON)).toMatchObject({ idleAskAt: 560_000, idleCloseAt: 740_000 });
  });
});

describe('the no-reply return in the router', () => {
  it('goes to another operator with room even when the one who let it wait is freer', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 3);
    router.enqueue(item('c1', 'sales'));
    online(router, 'bob', ['sales'], 1);
    expect(router.returnToQueue('c1')).toEqual([{ conversationId: 'c1', operatorId: 'bob' }]);
  });

  it('goes back to the same operator when no one else has room', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    online(router, 'bob', ['sales'], 1);
    router.enqueue(item('busy', 'sales'));
    expect(router.operatorOf('busy')).toBe('bob');
    expect(router.returnToQueue('c1')).toEqual([{ conversationId: 'c1', operatorId: 'ann' }]);
  });

  it('waits ahead of newcomers, and goes to the first operator who gets room', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'bob', ['sales'], 1);
    router.enqueue(item('a', 'sales'));
    router.enqueue(item('b', 'sales'));
    const annHas = router.conversationsOf('ann')[0];
    const bobHas = router.conversationsOf('bob')[0];
    router.setStatus('ann', 'away');
    // A newcomer that by SLA alone would be served first.
    router.enqueue(item('new', 'sales', { slaDueAt: 1, waitingSince: 999_999 }));
    expect(router.returnToQueue(annHas)).toEqual([]);
    expect(router.position(annHas)).toBe(1);
    expect(router.release(bobHas)).toEqual([{ conversationId: annHas, operatorId: 'bob' }]);
  });

  it('keeps avoiding after a restore into the queue', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 3);
    online(router, 'bob', ['sales'], 1);
    expect(router.enqueue(item('c1', 'sales'), { returned: true, avoidOperatorId: 'ann' })).toEqual({
      conversationId: 'c1',
      operatorId: 'bob',
    });
  });
});
