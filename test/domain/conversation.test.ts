// The conversation lifecycle and its SLA clock, one rule per test: plain values in, plain values out.
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/schemas';
import {
  assigned,
  customerWrote,
  decideArrival,
  openConversation,
  operatorReplied,
  reopened,
  requeued,
  resolved,
} from '../../server/domain/conversation';

const SLA = { firstResponseMs: 60_000, nextResponseMs: 300_000 };
const WINDOW = 24 * 60 * 60 * 1000;

function fresh(at = 1_000): Conversation {
  return openConversation({
    id: 'conv-1',
    customerId: 'cust-1',
    customerName: 'Ivan',
    channelId: 'site',
    medium: 'chat',
    contactId: 'ivan',
    queueId: 'support',
    weight: 1,
    at,
  });
}

const closedAt = (resolvedAt: number): Conversation =>
  resolved(assigned(fresh(), 'anna', 2_000), resolvedAt, null, null);

describe('decideArrival', () => {
  it('opens a new conversation for a contact that never wrote', () => {
    expect(decideArrival(null, 5_000, WINDOW)).toBe('new');
  });

  it('appends to a conversation that is still queued or assigned', () => {
    expect(decideArrival(fresh(), 5_000, WINDOW)).toBe('append');
    expect(decideArrival(assigned(fresh(), 'anna', 2_000), 5_000, WINDOW)).toBe('append');
  });

  it('reopens a resolved conversation up to and including the last millisecond of the window', () => {
    expect(decideArrival(closedAt(10_000), 10_000, WINDOW)).toBe('reopen');
    expect(decideArrival(closedAt(10_000), 10_000 + WINDOW, WINDOW)).toBe('reopen');
  });

  it('opens a new conversation once the window has passed', () => {
    expect(decideArrival(closedAt(10_000), 10_000 + WINDOW + 1, WINDOW)).toBe('new');
  });

  it('never reopens with a zero window unless the customer writes in the same millisecond', () => {
    expect(decideArrival(closedAt(10_000), 10_000, 0)).toBe('reopen');
    expect(decideArrival(closedAt(10_000), 10_001, 0)).toBe('new');
  });

  it('opens a new conversation when a resolved one has no resolution time', () => {
    expect(decideArrival({ ...closedAt(10_000), resolvedAt: null }, 10_001, WINDOW)).toBe('new');
  });
});

describe('openConversation', () => {
  it('starts queued, unassigned, with no response owed yet', () => {
    expect(fresh(1_000)).toMatchObject({
      status: 'queued',
      operatorId: null,
      lastOperatorId: null,
      createdAt: 1_000,
      queuedAt: 1_000,
      lastMessageAt: 1_000,
      waitingSince: null,
      slaDueAt: null,
      firstResponseAt: null,
    });
  });
});

describe('customerWrote', () => {
  it('starts the first-response clock on the first message', () => {
    expect(customerWrote(fresh(), 1_000, SLA)).toMatchObject({
      waitingSince: 1_000,
      slaDueAt: 61_000,
      slaTargetMs: 60_000,
      lastMessageAt: 1_000,
    });
  });

  it('starts the next-response clock once an operator has answered', () => {
    const answered = operatorReplied(customerWrote(fresh(), 1_000, SLA), 20_000);
    expect(customerWrote(answered, 50_000, SLA)).toMatchObject({
      waitingSince: 50_000,
      slaDueAt: 350_000,
      slaTargetMs: 300_000,
      firstResponseAt: 20_000,
    });
  });

  it('in a started conversation, a follow-up before the customer wrote is no first response', () => {
    const started: Conversation = { ...fresh(), direction: 'outbound' };
    const followedUp = operatorReplied(started, 5_000);
    expect(followedUp.firstResponseAt).toBeNull();
    // So the customer's first message gets the first-response target, and the answer to it is the first response.
    const waiting = customerWrote(followedUp, 10_000, SLA);
    expect(waiting).toMatchObject({ slaDueAt: 70_000, slaTargetMs: 60_000 });
    expect(operatorReplied(waiting, 30_000).firstResponseAt).toBe(30_000);
  });

  it('does not restart a running clock when the customer writes again', () => {
    const waiting = customerWrote(fresh(), 1_000, SLA);
    const again = customerWrote(waiting, 30_000, SLA);
    expect(again).toMatchObject({ waitingSince: 1_000, slaDueAt: 61_000, slaTargetMs: 60_000, lastMessageAt: 30_000 });
  });

  it('leaves the input untouched', () => {
    const before = fresh();
    customerWrote(before, 1_000, SLA);
    expect(before.waitingSince).toBeNull();
  });
});

describe('operatorReplied', () => {
  it('stops the clock and records the first response', () => {
    const waiting = customerWrote(assigned(fresh(), 'anna', 1_500), 1_000, SLA);
    expect(operatorReplied(waiting, 9_000)).toMatchObject({
      firstResponseAt: 9_000,
      waitingSince: null,
      slaDueAt: null,
      slaTargetMs: null,
      lastMessageAt: 9_000,
    });
  });

  it('keeps the time of the first response on later replies', () => {
    const once = operatorReplied(customerWrote(fresh(), 1_000, SLA), 9_000);
    const twice = operatorReplied(customerWrote(once, 20_000, SLA), 25_000);
    expect(twice.firstResponseAt).toBe(9_000);
    expect(twice.slaDueAt).toBeNull();
  });
});

describe('assignment and the queue', () => {
  it('assigned gives the conversation to the operator and remembers them', () => {
    const waiting = customerWrote(fresh(), 1_000, SLA);
    const result = assigned(waiting, 'anna', 2_000);
    expect(result).toMatchObject({ status: 'assigned', operatorId: 'anna', lastOperatorId: 'anna', assignedAt: 2_000 });
    // Being assigned is not an answer: the customer is still waiting on the same deadline.
    expect(result).toMatchObject({ waitingSince: 1_000, slaDueAt: 61_000 });
  });

  it('requeued puts it back in its queue without forgetting the last operator or the deadline', () => {
    const held = assigned(customerWrote(fresh(), 1_000, SLA), 'anna', 2_000);
    expect(requeued(held, 70_000)).toMatchObject({
      status: 'queued',
      operatorId: null,
      lastOperatorId: 'anna',
      queueId: 'support',
      queuedAt: 70_000,
      assignedAt: null,
      waitingSince: 1_000,
      slaDueAt: 61_000,
    });
  });

  it('requeued into another queue moves it there', () => {
    expect(requeued(assigned(fresh(), 'anna', 2_000), 3_000, 'sales').queueId).toBe('sales');
  });
});

describe('resolution and reopening', () => {
  it('resolved closes the conversation, releases the operator and clears any deadline', () => {
    const held = assigned(customerWrote(fresh(), 1_000, SLA), 'anna', 2_000);
    expect(resolved(held, 5_000, 'billing', 'solved')).toMatchObject({
      status: 'resolved',
      operatorId: null,
      lastOperatorId: 'anna',
      resolvedAt: 5_000,
      waitingSince: null,
      slaDueAt: null,
      slaTargetMs: null,
      tag: 'billing',
      outcome: 'solved',
    });
  });

  it('reopened queues it again with the resolution cleared and the last operator kept', () => {
    const closed = resolved(
      operatorReplied(assigned(customerWrote(fresh(), 1_000, SLA), 'anna', 2_000), 3_000),
      5_000,
      'billing',
      'solved',
    );
    expect(reopened(closed, 8_000)).toMatchObject({
      status: 'queued',
      operatorId: null,
      lastOperatorId: 'anna',
      queuedAt: 8_000,
      assignedAt: null,
      resolvedAt: null,
      tag: null,
      outcome: null,
      createdAt: 1_000,
    });
  });

  it('a reopened conversation that was answered before owes a next response, not a first one', () => {
    const closed = resolved(
      operatorReplied(assigned(customerWrote(fresh(), 1_000, SLA), 'anna', 2_000), 3_000),
      5_000,
      null,
      null,
    );
    const wrote = customerWrote(reopened(closed, 8_000), 8_000, SLA);
    expect(wrote).toMatchObject({
      waitingSince: 8_000,
      slaDueAt: 308_000,
      slaTargetMs: 300_000,
      firstResponseAt: 3_000,
    });
  });
});
