// The router's internal records and the orders it keeps them in. Capacities and weights are held
// in integer milli-units so that sums such as 0.1 + 0.2 compare exactly against a capacity.
import { IndexedHeap } from './indexed-heap';
import { RankedHeap } from './ranked-heap';
import type { RoutingQueue, RoutingStatus } from './routing-types';

export const toMilli = (x: number): number => Math.round(x * 1000);

export interface ConversationRecord {
  readonly id: string;
  /** null only for an assignment restored without its queue: it cannot go back to waiting. */
  queueId: string | null;
  /** milli-units */
  readonly weight: number;
  slaDueAt: number | null;
  readonly waitingSince: number;
  /** Came back from an operator whose grace ran out: served ahead of newcomers in its queue. */
  returned: boolean;
  operatorId: string | null;
  /** The operator a no-reply return took it from: offered to them only when no one else can take it. */
  avoid: string | null;
}

export interface OperatorRecord {
  readonly id: string;
  skills: ReadonlySet<string>;
  /** milli-units */
  capacity: number;
  /** milli-units; may exceed capacity only through a restored assignment */
  load: number;
  status: RoutingStatus;
  connected: boolean;
  graceDeadline: number | null;
  /** Sequence number of the latest assignment; 0 = never, which ranks as the oldest. */
  lastAssignment: number;
  readonly conversations: Set<string>;
  /** Queues whose skills this operator covers. */
  readonly queues: Set<QueueRecord>;
}

export interface QueueRecord {
  def: RoutingQueue;
  /** Ranked, so a waiting customer's place costs O(log n) (Router.position). */
  readonly waiting: RankedHeap<string, ConversationRecord>;
  /** Operators that can take work now (available and connected) and cover this queue's skills. */
  readonly ready: IndexedHeap<string, OperatorRecord>;
}

export const freeOf = (op: OperatorRecord): number => op.capacity - op.load;

export const isReady = (op: OperatorRecord): boolean => op.status === 'available' && op.connected;

export const covers = (skills: ReadonlySet<string>, queue: RoutingQueue): boolean =>
  queue.skills.every((s) => skills.has(s));

/** Order inside one queue: returned first, then earliest SLA (none last), longest wait, id. */
export function waitsBefore(a: ConversationRecord, b: ConversationRecord): boolean {
  if (a.returned !== b.returned) return a.returned;
  if (a.slaDueAt !== b.slaDueAt) {
    if (a.slaDueAt === null) return false;
    if (b.slaDueAt === null) return true;
    return a.slaDueAt < b.slaDueAt;
  }
  if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince;
  return a.id < b.id;
}

/** Order across queues: the queue's priority decides before anything about the conversation. */
export function servedBefore(qa: QueueRecord, a: ConversationRecord, qb: QueueRecord, b: ConversationRecord): boolean {
  if (qa.def.priority !== qb.def.priority) return qa.def.priority > qb.def.priority;
  return waitsBefore(a, b);
}

/**
 * Which operator a conversation goes to: most free capacity, then the one that waited longest
 * since its last assignment (spreads work evenly), then id so that the choice is reproducible.
 */
export function freerThan(a: OperatorRecord, b: OperatorRecord): boolean {
  const fa = freeOf(a);
  const fb = freeOf(b);
  if (fa !== fb) return fa > fb;
  if (a.lastAssignment !== b.lastAssignment) return a.lastAssignment < b.lastAssignment;
  return a.id < b.id;
}

/**
 * Who a waiting conversation goes to in its queue: the freest ready operator, unless that is the
 * one it avoids and another ready operator has room for it (issue 17 §2: "not offered to the
 * same operator again, unless no one else qualifies"). Avoidance changes who, never whether, so
 * the router's invariant holds as before.
 */
export function offerTo(queue: QueueRecord, conv: ConversationRecord): OperatorRecord | undefined {
  const first = queue.ready.peek();
  if (!first || conv.avoid !== first.id) return first;
  queue.ready.delete(first.id);
  const second = queue.ready.peek();
  queue.ready.set(first.id, first);
  return second && freeOf(second) >= conv.weight ? second : first;
}

export function newQueueRecord(def: RoutingQueue): QueueRecord {
  return {
    def,
    waiting: new RankedHeap<string, ConversationRecord>(waitsBefore),
    ready: new IndexedHeap<string, OperatorRecord>(freerThan),
  };
}
