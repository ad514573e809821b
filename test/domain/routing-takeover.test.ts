// Issue 18 §4: a supervisor takes a conversation over. It is theirs whatever their capacity and
// the queue's skills; its weight counts on them; the room it leaves goes to the queue at once.
import { describe, expect, it } from 'vitest';
import { desk, item, online } from './routing-fixtures';

describe('a take-over', () => {
  it('moves an assigned conversation to a supervisor with no capacity and none of the skills', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'sup', [], 0);
    router.enqueue(item('c1', 'sales'));
    expect(router.takeOver('c1', 'sup')).toEqual([{ conversationId: 'c1', operatorId: 'sup' }]);
    expect(router.operatorOf('c1')).toBe('sup');
    expect(router.load('sup')).toBe(1);
    expect(router.load('ann')).toBe(0);
  });

  it('gives the room it frees to the head of the queue at once', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'sup', [], 0);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales'));
    expect(router.takeOver('c1', 'sup')).toEqual([
      { conversationId: 'c1', operatorId: 'sup' },
      { conversationId: 'c2', operatorId: 'ann' },
    ]);
  });

  it('takes a conversation still waiting in its queue', () => {
    const { router } = desk();
    online(router, 'sup', [], 0);
    router.enqueue(item('c1', 'sales'));
    expect(router.isWaiting('c1')).toBe(true);
    router.takeOver('c1', 'sup');
    expect(router.isWaiting('c1')).toBe(false);
    expect(router.operatorOf('c1')).toBe('sup');
  });

  it('leaves it to a supervisor not connected only for the grace period', () => {
    const { router, clock } = desk(1_000);
    online(router, 'ann', ['sales'], 1);
    router.setOperator({ id: 'sup', skills: [], capacity: 0 });
    router.enqueue(item('c1', 'sales'));
    router.takeOver('c1', 'sup');
    expect(router.nextGraceDeadline()).toBe(clock.now() + 1_000);
  });

  it('changes nothing when the supervisor holds it already', () => {
    const { router } = desk();
    online(router, 'sup', [], 0);
    router.enqueue(item('c1', 'sales'));
    router.takeOver('c1', 'sup');
    expect(router.takeOver('c1', 'sup')).toEqual([]);
    expect(router.load('sup')).toBe(1);
  });
});
