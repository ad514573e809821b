// One test per routing rule for assignment: which operator an arrival goes to, which waiting
// conversation an operator with room takes, and capacity. Operator status, transfers, restore and
// queries are in routing-lifecycle.test.ts; routing.property.test.ts checks the invariants.
import { describe, it, expect } from 'vitest';
import { desk, online, item, codeOf } from './routing-fixtures';

describe('choosing an operator for an arrival', () => {
  it('assigns an arrival to an available, connected operator with the skills', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    expect(router.enqueue(item('c1', 'sales'))).toEqual({ conversationId: 'c1', operatorId: 'ann' });
    expect(router.operatorOf('c1')).toBe('ann');
    expect(router.load('ann')).toBe(1);
  });

  it('requires the operator to cover every skill of the queue', () => {
    const { router } = desk();
    router.setQueue({ id: 'vip', skills: ['sales', 'english'], priority: 1 });
    online(router, 'ann', ['sales'], 2);
    expect(router.enqueue(item('c1', 'vip'))).toBeNull();
    online(router, 'bob', ['english', 'sales', 'support'], 2);
    expect(router.operatorOf('c1')).toBe('bob');
  });

  it('picks the operator with the most free capacity', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    online(router, 'bob', ['sales'], 3);
    expect(router.enqueue(item('c1', 'sales'))?.operatorId).toBe('bob');
    expect(router.enqueue(item('c2', 'sales'))?.operatorId).toBe('ann');
  });

  it('breaks a tie on free capacity by the oldest last assignment, never assigned first', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    online(router, 'bob', ['sales'], 2);
    online(router, 'cid', ['sales'], 2);
    router.enqueue(item('c1', 'sales')); // ann (id order among the never assigned)
    router.enqueue(item('c2', 'sales')); // bob
    router.release('c1');
    router.release('c2');
    // All have 2 free; cid was never assigned, then ann's assignment is older than bob's.
    expect(router.enqueue(item('c3', 'sales'))?.operatorId).toBe('cid');
    expect(router.enqueue(item('c4', 'sales'))?.operatorId).toBe('ann');
  });

  it('breaks a full tie by operator id', () => {
    const { router } = desk();
    online(router, 'bob', ['sales'], 1);
    online(router, 'ann', ['sales'], 1);
    expect(router.enqueue(item('c1', 'sales'))?.operatorId).toBe('ann');
  });

  it('sticks to the preferred operator when eligible, even if another is freer', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'bob', ['sales'], 5);
    expect(router.enqueue(item('c1', 'sales'), { preferOperatorId: 'ann' })?.operatorId).toBe('ann');
  });

  it('sticks to the preferred operator even when others wait in the queue', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('heavy', 'sales', { weight: 2 })); // waits: ann has 1 free
    expect(router.enqueue(item('back', 'sales'), { preferOperatorId: 'ann' })?.operatorId).toBe('ann');
    expect(router.isWaiting('heavy')).toBe(true);
  });

  it('ignores the preference when the preferred operator is away, full, unskilled or unknown', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    online(router, 'bob', ['sales'], 1);
    online(router, 'sam', ['support'], 5);
    router.setStatus('ann', 'away');
    expect(router.enqueue(item('c1', 'sales'), { preferOperatorId: 'ann' })?.operatorId).toBe('bob');
    router.setStatus('ann', 'available');
    expect(router.enqueue(item('c2', 'sales'), { preferOperatorId: 'bob' })?.operatorId).toBe('ann');
    online(router, 'cid', ['sales'], 1);
    expect(router.enqueue(item('c3', 'sales'), { preferOperatorId: 'sam' })?.operatorId).toBe('cid');
    online(router, 'dan', ['sales'], 1);
    expect(router.enqueue(item('c4', 'sales'), { preferOperatorId: 'nobody' })?.operatorId).toBe('dan');
  });

  it('leaves an arrival waiting when nobody has room', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    expect(router.enqueue(item('c2', 'sales'))).toBeNull();
    expect(router.isWaiting('c2')).toBe(true);
    expect(router.operatorOf('c2')).toBeNull();
  });

  it('keeps an arrival behind a waiting head even if the arrival alone would fit (queues stay in order)', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1.5);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales', { weight: 1 })); // waits: 0.5 free
    expect(router.enqueue(item('c3', 'sales', { weight: 0.5, waitingSince: 5 }))).toBeNull();
  });

  it('throws UnknownQueue for an arrival in a queue it does not know', () => {
    const { router } = desk();
    expect(codeOf(() => router.enqueue(item('c1', 'nowhere')))).toBe('UnknownQueue');
    expect(router.isWaiting('c1')).toBe(false);
  });

  it('throws AlreadyRouted for an arrival that is already routed', () => {
    const { router } = desk();
    router.enqueue(item('c1', 'sales'));
    expect(codeOf(() => router.enqueue(item('c1', 'support')))).toBe('AlreadyRouted');
    expect(router.waitingCount('support')).toBe(0);
  });
});

describe('which waiting conversation an operator with room takes', () => {
  it('takes the highest queue priority first', () => {
    const { router } = desk();
    router.setQueue({ id: 'vip', skills: ['sales'], priority: 5 });
    router.enqueue(item('old', 'sales', { waitingSince: 0 }));
    router.enqueue(item('vip', 'vip', { waitingSince: 100 }));
    expect(online(router, 'ann', ['sales'], 1)).toEqual([{ conversationId: 'vip', operatorId: 'ann' }]);
  });

  it('takes returned conversations before newcomers', () => {
    const { router } = desk();
    router.enqueue(item('new', 'sales', { slaDueAt: 10, waitingSince: 0 }));
    router.enqueue(item('back', 'sales', { slaDueAt: 99, waitingSince: 50 }), { returned: true });
    expect(online(router, 'ann', ['sales'], 1)[0].conversationId).toBe('back');
  });

  it('takes the earliest SLA deadline, a conversation without one last', () => {
    const { router } = desk();
    router.enqueue(item('none', 'sales', { slaDueAt: null, waitingSince: 0 }));
    router.enqueue(item('late', 'sales', { slaDueAt: 200, waitingSince: 1 }));
    router.enqueue(item('soon', 'sales', { slaDueAt: 100, waitingSince: 2 }));
    expect(online(router, 'ann', ['sales'], 3).map((a) => a.conversationId)).toEqual(['soon', 'late', 'none']);
  });

  it('takes the longest waiting among equal deadlines', () => {
    const { router } = desk();
    router.enqueue(item('later', 'sales', { waitingSince: 20 }));
    router.enqueue(item('earlier', 'sales', { waitingSince: 10 }));
    expect(online(router, 'ann', ['sales'], 1)[0].conversationId).toBe('earlier');
  });

  it('breaks a full tie by conversation id', () => {
    const { router } = desk();
    router.enqueue(item('c2', 'sales'));
    router.enqueue(item('c1', 'sales'));
    expect(online(router, 'ann', ['sales'], 1)[0].conversationId).toBe('c1');
  });

  it('compares heads across all the queues it covers', () => {
    const { router } = desk();
    router.enqueue(item('s', 'sales', { slaDueAt: 300 }));
    router.enqueue(item('t', 'support', { slaDueAt: 100 }));
    expect(online(router, 'ann', ['sales', 'support'], 1)[0].conversationId).toBe('t');
  });

  it('keeps taking while it has room', () => {
    const { router } = desk();
    for (const id of ['c1', 'c2', 'c3', 'c4']) router.enqueue(item(id, 'sales'));
    expect(online(router, 'ann', ['sales'], 3)).toHaveLength(3);
    expect(router.waitingCount('sales')).toBe(1);
  });

  it('skips a queue whose head does not fit its free room, even if a lighter one waits behind', () => {
    const { router } = desk();
    router.enqueue(item('heavy', 'sales', { weight: 2, waitingSince: 0 }));
    router.enqueue(item('light', 'sales', { weight: 0.5, waitingSince: 1 }));
    router.enqueue(item('other', 'support', { weight: 1, waitingSince: 9 }));
    expect(online(router, 'ann', ['sales', 'support'], 1.5)).toEqual([{ conversationId: 'other', operatorId: 'ann' }]);
    expect(router.isWaiting('light')).toBe(true);
  });

  it('offers the new head of a queue to other operators once one takes the old head', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1.5);
    router.enqueue(item('c0', 'sales'));
    router.enqueue(item('heavy', 'sales', { weight: 1 })); // ann has 0.5 free: waits
    router.enqueue(item('light', 'sales', { weight: 0.5, waitingSince: 1 }));
    // bob takes the heavy head; the light one, now head, goes to ann's 0.5.
    expect(online(router, 'bob', ['sales'], 1)).toEqual([
      { conversationId: 'heavy', operatorId: 'bob' },
      { conversationId: 'light', operatorId: 'ann' },
    ]);
  });
});

describe('capacity', () => {
  it('never assigns past capacity', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2.5);
    for (const id of ['c1', 'c2', 'c3']) router.enqueue(item(id, 'sales'));
    expect(router.load('ann')).toBe(2);
    expect(router.isWaiting('c3')).toBe(true);
  });

  it('adds fractional weights exactly (0.1 three times fits a capacity of 0.3)', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 0.3);
    for (const id of ['c1', 'c2', 'c3', 'c4']) router.enqueue(item(id, 'sales', { weight: 0.1 }));
    expect(router.conversationsOf('ann')).toEqual(['c1', 'c2', 'c3']);
    expect(router.load('ann')).toBe(0.3);
  });

  it('fills a fractional capacity with mixed weights', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2.5);
    router.enqueue(item('chat1', 'sales', { weight: 1 }));
    router.enqueue(item('chat2', 'sales', { weight: 1 }));
    router.enqueue(item('mail', 'sales', { weight: 0.5 }));
    expect(router.load('ann')).toBe(2.5);
  });

  it('a capacity increase pulls waiting work', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 1);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales'));
    expect(router.setOperator({ id: 'ann', skills: ['sales'], capacity: 2 })).toEqual([
      { conversationId: 'c2', operatorId: 'ann' },
    ]);
  });

  it('a capacity decrease keeps current dialogs and takes nothing new', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'sales'));
    router.setOperator({ id: 'ann', skills: ['sales'], capacity: 1 });
    router.release('c1');
    router.enqueue(item('c3', 'sales'));
    expect(router.conversationsOf('ann')).toEqual(['c2']);
    expect(router.isWaiting('c3')).toBe(true);
  });
});

describe('a queue outside its business hours (issue 17 §1)', () => {
  it('keeps an arrival waiting although an operator has room, and hands it out when the queue opens', () => {
    const { router } = desk();
    online(router, 'ann', ['sales'], 2);
    router.setQueue({ id: 'sales', skills: ['sales'], priority: 1, closed: true });
    expect(router.enqueue(item('c1', 'sales'))).toBeNull();
    expect(router.enqueue(item('c2', 'sales'), { preferOperatorId: 'ann' })).toBeNull();
    expect(router.waitingCount('sales')).toBe(2);
    expect(router.setQueue({ id: 'sales', skills: ['sales'], priority: 1, closed: false })).toEqual([
      { conversationId: 'c1', operatorId: 'ann' },
      { conversationId: 'c2', operatorId: 'ann' },
    ]);
  });

  it('lets an operator with room pull from the open queue only', () => {
    const { router } = desk();
    router.setQueue({ id: 'sales', skills: ['sales'], priority: 5, closed: true });
    router.enqueue(item('c1', 'sales'));
    router.enqueue(item('c2', 'support'));
    online(router, 'ann', ['sales', 'support'], 2);
    expect(router.operatorOf('c1')).toBeNull();
    expect(router.operatorOf('c2')).toBe('ann');
  });

  it('still lets a person transfer a conversation of a closed queue to an operator', () => {
    const { router } = desk();
    router.setQueue({ id: 'sales', skills: ['sales'], priority: 1, closed: true });
    router.enqueue(item('c1', 'sales'));
    online(router, 'ann', ['sales'], 2);
    expect(router.assignTo('c1', 'ann')[0]).toEqual({ conversationId: 'c1', operatorId: 'ann' });
  });
});
