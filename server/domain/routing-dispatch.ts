// The two moves that hand out waiting work: an operator with room pulls, a changed queue head
// is offered. Both stop as soon as nothing fits, which is what keeps the router's invariant.
import type { Assignment } from './routing-types';
import {
  freeOf,
  isReady,
  offerTo,
  servedBefore,
  type ConversationRecord,
  type OperatorRecord,
  type QueueRecord,
} from './routing-state';

/** Records one assignment (load, heaps, bookkeeping): supplied by the router that owns them. */
export type Assign = (conv: ConversationRecord, op: OperatorRecord) => Assignment;

/**
 * Restores the invariant after operators gained room (`ops`) or queues changed head
 * (`queues`): operators pull first, then queue heads are offered in service order, each to the
 * freest operator of its queue. Offering never gives anyone room, so this terminates.
 */
export function settle(assign: Assign, ops: Iterable<OperatorRecord>, queues: Iterable<QueueRecord>): Assignment[] {
  const out: Assignment[] = [];
  const dirty = new Set(queues);
  for (const op of ops) pull(assign, op, out, dirty);
  while (dirty.size > 0) {
    let bestQueue: QueueRecord | undefined;
    let best: ConversationRecord | undefined;
    for (const queue of dirty) {
      const head = queue.waiting.peek();
      if (!head || queue.def.closed) dirty.delete(queue);
      else if (!best || servedBefore(queue, head, bestQueue!, best)) [bestQueue, best] = [queue, head];
    }
    if (!best || !bestQueue) break;
    const op = offerTo(bestQueue, best);
    if (!op || freeOf(op) < best.weight) {
      dirty.delete(bestQueue);
      continue;
    }
    bestQueue.waiting.delete(best.id);
    out.push(assign(best, op));
  }
  return out;
}

/** The operator takes the best head that fits, across the queues it covers, while it has room. */
function pull(assign: Assign, op: OperatorRecord, out: Assignment[], changedHeads: Set<QueueRecord>): void {
  if (!isReady(op)) return;
  for (;;) {
    const free = freeOf(op);
    let bestQueue: QueueRecord | undefined;
    let best: ConversationRecord | undefined;
    for (const queue of op.queues) {
      if (queue.def.closed) continue;
      const head = queue.waiting.peek();
      if (head && head.weight <= free && (!best || servedBefore(queue, head, bestQueue!, best))) {
        [bestQueue, best] = [queue, head];
      }
    }
    if (!best || !bestQueue) return;
    bestQueue.waiting.delete(best.id);
    changedHeads.add(bestQueue);
    out.push(assign(best, op));
  }
}
