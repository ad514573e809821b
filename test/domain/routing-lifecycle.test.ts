// One test per routing rule for what happens around assignment: operator status and connection,
// transfers and removal, restoring state at startup, and the router's queries.
import { describe, it, expect } from 'vitest';
import { CapacityExceeded, NotEligible } from '../../server/domain/routing';
import { desk, online, item, codeOf, refusal } from './routing-fixtures';

describe('operator status and connection', () => {
  it('a new operator is offline and disconnected: it takes nothing', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 2 });
    expect(router.enqueue(item('c1', 'sales'))).toBeNull();
    expect(router.connect('ann')).toEqual([]);
  });

  it('away takes no new dialogs and keeps current ones', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.setStatus('ann', 'away');
    expect(router.enqueue(item('c2', 'sales'))).toBeNull();
    expect(router.operatorOf('c1')).toBe('ann');
  });

  it('offline takes no new dialogs, keeps current ones and cannot be given one by hand', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.setStatus('ann', 'offline');
    expect(router.enqueue(item('c2', 'sales'))).toBeNull();
    expect(router.operatorOf('c1')).toBe('ann');
    const error = refusal(() => router.assignTo('c2', 'ann'));
    expect(error).toBeInstanceOf(NotEligible);
    expect((error as NotEligible).why).toEqual({ reason: 'offline' });
    expect(error.message).toBe('operator ann is offline: pick an operator who is online');
  });

  it('becoming available pulls waiting work', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 2 });
    router.connect('ann');
    router.enqueue(item('c1', 'sales'));
    expect(router.setStatus('ann', 'available')).toEqual([{ conversationId: 'c1', operatorId: 'ann' }]);
  });

  it('available but not connected takes nothing until it connects', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 2 });
    router.enqueue(item('c1', 'sales'));
    expect(router.setStatus('ann', 'available')).toEqual([]);
    expect(router.connect('ann')).toEqual([{ conversationId: 'c1', operatorId: 'ann' }]);
  });

  it('a disconnected operator in grace keeps its dialogs and takes nothing new', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.disconnect('ann');
    expect(router.nextGraceDeadline()).toBe(clock.now() + 30_000);
    expect(router.enqueue(item('c2', 'sales'))).toBeNull();
    expect(router.operatorOf('c1')).toBe('ann');
  });

  it('reconnecting within grace cancels the deadline and pulls waiting work', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.disconnect('ann');
    router.enqueue(item('c2', 'sales'));
    clock.advance(29_999);
    expect(router.connect('ann')).toEqual([{ conversationId: 'c2', operatorId: 'ann' }]);
    expect(router.nextGraceDeadline()).toBeNull();
    clock.advance(10_000);
    expect(router.expireGrace().requeued).toEqual([]);
    expect(router.conversationsOf('ann')).toEqual(['c1', 'c2']);
  });

  it('a second disconnect keeps the first deadline', () => {
    const { clock, router } = desk(30_000);
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 2 });
    router.disconnect('ann');
    clock.advance(10_000);
    router.disconnect('ann');
    expect(router.nextGraceDeadline()).toBe(clock.now() + 20_000);
  });

  it('expireGrace does nothing before the deadline', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.disconnect('ann');
    clock.advance(29_999);
    expect(router.expireGrace()).toEqual({ requeued: [], assignments: [], unqueued: [] });
    expect(router.operatorOf('c1')).toBe('ann');
  });

  it('expired grace returns the dialogs to waiting, ahead of newcomers, and zeroes the load', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales', { waitingSince: 50 }));
    router.disconnect('ann');
    router.enqueue(item('early', 'sales', { waitingSince: 0, slaDueAt: 1 }));
    clock.advance(30_000);
    const expiry = router.expireGrace();
    expect(expiry.requeued).toEqual([{ operatorId: 'ann', conversationIds: ['c1'] }]);
    expect(expiry.assignments).toEqual([]);
    expect(router.load('ann')).toBe(0);
    expect(router.position('c1')).toBe(1);
    expect(router.position('early')).toBe(2);
    expect(router.nextGraceDeadline()).toBeNull();
  });

  it('expired grace offers the returned dialogs to eligible operators', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales'));
    online(router, 'bob', ['sales'], 1);
    router.disconnect('ann');
    clock.advance(30_000);
    const expiry = router.expireGrace();
    expect(expiry.assignments).toEqual([{ conversationId: 'c1', operatorId: 'bob' }]);
    expect(router.isWaiting('c2')).toBe(true);
  });

  it('a connection after an expired grace takes work again', () => {
    const { clock, router } = desk(30_000);
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    router.disconnect('ann');
    clock.advance(30_000);
    router.expireGrace();
    expect(router.connect('ann')).toEqual([{ conversationId: 'c1', operatorId: 'ann' }]);
  });
});

describe('transfers and removal', () => {
  it('assignTo gives a waiting conversation to the chosen operator', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.setStatus('ann', 'away');
    router.enqueue(item('c1', 'sales'));
    expect(router.assignTo('c1', 'ann')).toEqual([{ conversationId: 'c1', operatorId: 'ann' }]);
    expect(router.waitingCount('sales')).toBe(0);
  });

  it('assignTo refuses an operator who lacks a skill of the queue, naming the skills, and changes nothing', () => {
    const { router } = desk();
    router.setQueue({ id: 'vip', skills: ['sales', 'vip', 'english'], priority: 1 });
    online(router, 'sam', ['support', 'english'], 1);
    router.enqueue(item('c1', 'vip'));
    const error = refusal(() => router.assignTo('c1', 'sam'));
    expect(error).toBeInstanceOf(NotEligible);
    expect((error as NotEligible).why).toEqual({ reason: 'lacks skills', queueId: 'vip', skills: ['sales', 'vip'] });
    expect(error.message).toBe(
      'operator sam lacks the skills sales, vip that queue vip needs: pick an operator who has them, or transfer to the queue',
    );
    expect(router.isWaiting('c1')).toBe(true);
    expect(router.load('sam')).toBe(0);
  });

  it('assignTo with ignoreSkills gives the conversation to the chosen operator, skills aside', () => {
    const { router } = desk();
    online(router, 'sam', ['support'], 1);
    router.enqueue(item('c1', 'sales'));
    expect(router.assignTo('c1', 'sam', { ignoreSkills: true })).toEqual([{ conversationId: 'c1', operatorId: 'sam' }]);
    expect(router.waitingCount('sales')).toBe(0);
  });

  it('assignTo moves an assigned conversation and frees the previous operator, who pulls next', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales')); // ann
    router.enqueue(item('c2', 'sales')); // waits
    router.setOperator({ id: 'bob', skills: ['sales'], capacity: 1 });
    router.connect('bob');
    router.setStatus('bob', 'away');
    expect(router.assignTo('c1', 'bob')).toEqual([
      { conversationId: 'c1', operatorId: 'bob' },
      { conversationId: 'c2', operatorId: 'ann' },
    ]);
    expect(router.load('ann')).toBe(1);
    expect(router.load('bob')).toBe(1);
  });

  it('assignTo to the current operator changes nothing', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    expect(router.assignTo('c1', 'ann')).toEqual([]);
    expect(router.load('ann')).toBe(1);
  });

  it('assignTo throws CapacityExceeded rather than overfill, and changes nothing', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1.5);
    online(router, 'bob', ['sales'], 1);
    router.enqueue(item('c1', 'sales')); // ann
    router.enqueue(item('c2', 'sales')); // bob
    const error = refusal(() => router.assignTo('c2', 'ann'));
    expect(error).toBeInstanceOf(CapacityExceeded);
    expect(error).toMatchObject({ operatorId: 'ann', free: 0.5, needed: 1 });
    expect(error.message).toBe(
      'operator ann has 0.5 free capacity, conversation c2 needs 1: raise the capacity or pick another operator',
    );
    expect(router.operatorOf('c2')).toBe('bob');
    expect(router.load('ann')).toBe(1);
  });

  it('assignTo throws NotEligible for an operator who is not connected and not in grace', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 1 });
    router.setStatus('ann', 'available');
    router.enqueue(item('c1', 'sales'));
    const error = refusal(() => router.assignTo('c1', 'ann'));
    expect(error).toBeInstanceOf(NotEligible);
    expect((error as NotEligible).why).toEqual({ reason: 'not connected' });
  });

  it('assignTo checks status before skills, and skills before capacity', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'sam', ['support'], 0);
    router.enqueue(item('c1', 'sales')); // ann
    expect((refusal(() => router.assignTo('c1', 'sam')) as NotEligible).why.reason).toBe('lacks skills');
    expect(codeOf(() => router.assignTo('c1', 'sam', { ignoreSkills: true }))).toBe('CapacityExceeded');
    router.setStatus('sam', 'offline');
    expect((refusal(() => router.assignTo('c1', 'sam')) as NotEligible).why.reason).toBe('offline');
  });

  it('assignTo throws UnknownOperator and UnknownConversation', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    expect(codeOf(() => router.assignTo('c1', 'nobody'))).toBe('UnknownOperator');
    expect(codeOf(() => router.assignTo('c9', 'ann'))).toBe('UnknownConversation');
  });

  it('moveToQueue frees the old operator, who pulls next, and assigns the moved one at once', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'sam', ['support'], 1);
    router.enqueue(item('c1', 'sales', { waitingSince: 7 }));
    router.enqueue(item('c2', 'sales'));
    expect(router.moveToQueue('c1', 'support', 500)).toEqual([
      { conversationId: 'c2', operatorId: 'ann' },
      { conversationId: 'c1', operatorId: 'sam' },
    ]);
  });

  it('moveToQueue keeps waitingSince and takes the new SLA when it has to wait', () => {
    const { router } = desk();
    router.enqueue(item('newer', 'support', { waitingSince: 50 }));
    router.enqueue(item('c1', 'sales', { waitingSince: 10 }));
    expect(router.moveToQueue('c1', 'support', null)).toEqual([]);
    expect(router.waitingCount('sales')).toBe(0);
    expect(router.position('c1')).toBe(1);
    router.moveToQueue('newer', 'support', 99);
    expect(router.position('newer')).toBe(1);
  });

  it('moveToQueue throws UnknownQueue and UnknownConversation', () => {
    const { router } = desk();
    router.enqueue(item('c1', 'sales'));
    expect(codeOf(() => router.moveToQueue('c1', 'nowhere', null))).toBe('UnknownQueue');
    expect(codeOf(() => router.moveToQueue('c9', 'sales', null))).toBe('UnknownConversation');
    expect(router.isWaiting('c1')).toBe(true);
  });

  it('release of an assigned conversation frees its weight and the operator pulls next', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales'));
    expect(router.release('c1')).toEqual([{ conversationId: 'c2', operatorId: 'ann' }]);
    expect(router.operatorOf('c1')).toBeNull();
    expect(router.isWaiting('c1')).toBe(false);
  });

  it('release of a waiting conversation drops it and may let a lighter head through', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1.5);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('heavy', 'sales', { weight: 1 }));
    router.enqueue(item('light', 'sales', { weight: 0.5, waitingSince: 1 }));
    expect(router.release('heavy')).toEqual([{ conversationId: 'light', operatorId: 'ann' }]);
    expect(router.waitingCount()).toBe(0);
  });

  it('release throws UnknownConversation for a conversation it does not hold', () => {
    const { router } = desk();
    expect(codeOf(() => router.release('c1'))).toBe('UnknownConversation');
  });

  it('updateSla re-keys a waiting conversation', () => {
    const { router } = desk();
    router.enqueue(item('c1', 'sales', { slaDueAt: 100 }));
    router.enqueue(item('c2', 'sales', { slaDueAt: 200 }));
    router.updateSla('c2', 50);
    expect(router.position('c2')).toBe(1);
    router.updateSla('c2', null);
    expect(router.position('c2')).toBe(2);
  });

  it('updateSla assigns a new head that fits where the old one did not', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1.5);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('heavy', 'sales', { weight: 1, slaDueAt: 100 }));
    router.enqueue(item('light', 'sales', { weight: 0.5, slaDueAt: 200 }));
    expect(router.updateSla('light', 50)).toEqual([{ conversationId: 'light', operatorId: 'ann' }]);
  });

  it('setQueue with new skills lets newly skilled operators take its waiting work', () => {
    const { router } = desk();
    online(router, 'sam', ['support'], 1);
    router.enqueue(item('c1', 'sales'));
    expect(router.setQueue({ id: 'sales', skills: [], priority: 1 })).toEqual([
      { conversationId: 'c1', operatorId: 'sam' },
    ]);
  });

  it('setOperator with new skills pulls from the newly covered queues', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'support'));
    expect(router.setOperator({ id: 'ann', skills: ['sales', 'support'], capacity: 1 })).toEqual([
      { conversationId: 'c1', operatorId: 'ann' },
    ]);
  });
});

describe('restoring state at startup', () => {
  it('restores an assignment past capacity without throwing; the operator takes nothing more', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 1 });
    router.restoreAssignment('c1', 'ann', 1);
    router.restoreAssignment('c2', 'ann', 1);
    router.enqueue(item('c3', 'sales'));
    router.connect('ann');
    expect(router.setStatus('ann', 'available')).toEqual([]);
    expect(router.load('ann')).toBe(2);
    expect(router.release('c1')).toEqual([]);
    expect(router.release('c2')).toEqual([{ conversationId: 'c3', operatorId: 'ann' }]);
  });

  it('a restored assignment of a disconnected operator starts its grace period', () => {
    const { clock, router } = desk(30_000);
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 1 });
    router.restoreAssignment('c1', 'ann', 1, { queueId: 'sales', slaDueAt: null, waitingSince: 5 });
    router.restoreAssignment('c2', 'ann', 1);
    expect(router.nextGraceDeadline()).toBe(clock.now() + 30_000);
    clock.advance(30_000);
    const expiry = router.expireGrace();
    expect(expiry.requeued).toEqual([{ operatorId: 'ann', conversationIds: ['c1', 'c2'] }]);
    expect(expiry.unqueued).toEqual(['c2']);
    expect(router.isWaiting('c1')).toBe(true);
    expect(router.isWaiting('c2')).toBe(false);
  });

  it('restoreAssignment throws UnknownOperator, and UnknownQueue for an unknown queue', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 1 });
    expect(codeOf(() => router.restoreAssignment('c1', 'nobody', 1))).toBe('UnknownOperator');
    expect(
      codeOf(() => router.restoreAssignment('c1', 'ann', 1, { queueId: 'nowhere', slaDueAt: null, waitingSince: 0 })),
    ).toBe('UnknownQueue');
    expect(router.load('ann')).toBe(0);
  });
});

describe('queries', () => {
  it('position is the 1-based rank in the queue, null when not waiting', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c0', 'sales'));
    for (const [id, since] of [
      ['c1', 30],
      ['c2', 10],
      ['c3', 20],
    ] as const) {
      router.enqueue(item(id, 'sales', { waitingSince: since }));
    }
    expect(['c2', 'c3', 'c1'].map((id) => router.position(id))).toEqual([1, 2, 3]);
    expect(router.position('c0')).toBeNull();
    expect(router.position('c9')).toBeNull();
  });

  it('waitingCount counts per queue or across all, and throws UnknownQueue', () => {
    const { router } = desk();
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'support'));
    router.enqueue(item('c3', 'support'));
    expect(router.waitingCount('support')).toBe(2);
    expect(router.waitingCount()).toBe(3);
    expect(codeOf(() => router.waitingCount('nowhere'))).toBe('UnknownQueue');
  });

  it('operatorIds lists every operator, load throws UnknownOperator for others', () => {
    const { router } = desk();
    router.setOperator({ id: 'ann', skills: [], capacity: 1 });
    router.setOperator({ id: 'bob', skills: [], capacity: 1 });
    expect(router.operatorIds()).toEqual(['ann', 'bob']);
    expect(codeOf(() => router.load('cid'))).toBe('UnknownOperator');
  });

  it('setStatus, connect and disconnect throw UnknownOperator', () => {
    const { router } = desk();
    expect(codeOf(() => router.setStatus('ann', 'available'))).toBe('UnknownOperator');
    expect(codeOf(() => router.connect('ann'))).toBe('UnknownOperator');
    expect(codeOf(() => router.disconnect('ann'))).toBe('UnknownOperator');
  });
});
