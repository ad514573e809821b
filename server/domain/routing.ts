// Who gets which conversation: skills, capacity, queue priority, SLA and stickiness, decided in
// memory with no I/O so the service layer can persist the returned assignments as it likes.
//
// Invariant kept after every public call (the property tests check it): no operator that is
// available and connected has free capacity >= the weight of the head of an open queue it covers
// (a closed queue, outside its business hours, keeps its conversations until it opens).
// Only queue heads are considered: a head too heavy for an operator's free room blocks that
// queue for that operator, even if a lighter conversation waits behind it. Keeping each queue in
// strict order is what makes every decision O(queues × log n) instead of a scan of the queue.
import type { Clock } from './clock';
import { IndexedHeap } from './indexed-heap';
import { settle, type Assign } from './routing-dispatch';
import {
  covers,
  freeOf,
  isReady,
  newQueueRecord,
  offerTo,
  toMilli,
  type ConversationRecord,
  type OperatorRecord,
  type QueueRecord,
} from './routing-state';
import {
  AlreadyRouted,
  CapacityExceeded,
  NotEligible,
  UnknownConversation,
  UnknownOperator,
  UnknownQueue,
  type Assignment,
  type GraceExpiry,
  type RestoredQueue,
  type RoutingOperator,
  type RoutingQueue,
  type RoutingStatus,
  type WaitingItem,
} from './routing-types';

export * from './routing-types';

export class Router {
  private readonly graceMs: number;
  private readonly queues = new Map<string, QueueRecord>();
  private readonly operators = new Map<string, OperatorRecord>();
  private readonly conversations = new Map<string, ConversationRecord>();
  private readonly graceDeadlines = new IndexedHeap<string, OperatorRecord>(
    (a, b) => a.graceDeadline! < b.graceDeadline! || (a.graceDeadline === b.graceDeadline && a.id < b.id),
  );
  private assignments = 0;

  constructor(
    private readonly clock: Clock,
    opts: { graceMs?: number } = {},
  ) {
    this.graceMs = opts.graceMs ?? 60_000;
  }

  setQueue(q: RoutingQueue): Assignment[] {
    const def = { id: q.id, skills: [...q.skills], priority: q.priority, closed: q.closed ?? false };
    let queue = this.queues.get(q.id);
    if (queue) queue.def = def;
    else this.queues.set(q.id, (queue = newQueueRecord(def)));
    for (const op of this.operators.values()) this.placeIn(op, queue);
    return settle(this.assign, [], [queue]);
  }

  setOperator(def: RoutingOperator): Assignment[] {
    if (!(Number.isFinite(def.capacity) && def.capacity >= 0)) {
      throw new RangeError(`capacity of operator ${def.id} must be a number >= 0, got ${def.capacity}`);
    }
    let op = this.operators.get(def.id);
    if (op) {
      op.skills = new Set(def.skills);
      op.capacity = toMilli(def.capacity);
    } else {
      op = {
        id: def.id,
        skills: new Set(def.skills),
        capacity: toMilli(def.capacity),
        load: 0,
        status: 'offline',
        connected: false,
        graceDeadline: null,
        lastAssignment: 0,
        conversations: new Set(),
        queues: new Set(),
      };
      this.operators.set(def.id, op);
    }
    for (const queue of this.queues.values()) this.placeIn(op, queue);
    return settle(this.assign, [op], []);
  }

  setStatus(operatorId: string, status: RoutingStatus): Assignment[] {
    const op = this.operator(operatorId);
    op.status = status;
    this.refresh(op);
    return settle(this.assign, [op], []);
  }

  connect(operatorId: string): Assignment[] {
    const op = this.operator(operatorId);
    op.connected = true;
    this.graceDeadlines.delete(op.id);
    op.graceDeadline = null;
    this.refresh(op);
    return settle(this.assign, [op], []);
  }

  disconnect(operatorId: string): void {
    const op = this.operator(operatorId);
    op.connected = false;
    this.startGrace(op);
    this.refresh(op);
  }

  nextGraceDeadline(): number | null {
    return this.graceDeadlines.peek()?.graceDeadline ?? null;
  }

  expireGrace(): GraceExpiry {
    const now = this.clock.now();
    const result: GraceExpiry = { requeued: [], assignments: [], unqueued: [] };
    const touched = new Set<QueueRecord>();
    for (let op = this.graceDeadlines.peek(); op && op.graceDeadline! <= now; op = this.graceDeadlines.peek()) {
      this.graceDeadlines.pop();
      op.graceDeadline = null;
      const conversationIds = [...op.conversations];
      for (const id of conversationIds) {
        const conv = this.conversations.get(id)!;
        this.detach(conv, op);
        if (conv.queueId === null) {
          this.conversations.delete(id);
          result.unqueued.push(id);
          continue;
        }
        conv.returned = true;
        const queue = this.queues.get(conv.queueId)!;
        queue.waiting.set(id, conv);
        touched.add(queue);
      }
      result.requeued.push({ operatorId: op.id, conversationIds });
    }
    result.assignments = settle(this.assign, [], touched);
    return result;
  }

  enqueue(
    item: WaitingItem,
    opts: { preferOperatorId?: string; returned?: boolean; avoidOperatorId?: string | null } = {},
  ): Assignment | null {
    const queue = this.queue(item.queueId);
    this.assertNew(item.conversationId);
    const conv: ConversationRecord = {
      id: item.conversationId,
      queueId: item.queueId,
      weight: weightOf(item.conversationId, item.weight),
      slaDueAt: item.slaDueAt,
      waitingSince: item.waitingSince,
      returned: opts.returned ?? false,
      operatorId: null,
      avoid: opts.avoidOperatorId ?? null,
    };
    this.conversations.set(conv.id, conv);
    const preferred = opts.preferOperatorId === undefined ? undefined : this.operators.get(opts.preferOperatorId);
    if (queue.def.closed) {
      queue.waiting.set(conv.id, conv);
      return null;
    }
    if (preferred && isReady(preferred) && preferred.queues.has(queue) && freeOf(preferred) >= conv.weight) {
      return this.assign(conv, preferred);
    }
    queue.waiting.set(conv.id, conv);
    // Anything queued ahead of it already fits nobody (the invariant), so only a new head can go now.
    if (queue.waiting.peekKey() !== conv.id) return null;
    const op = offerTo(queue, conv);
    if (!op || freeOf(op) < conv.weight) return null;
    queue.waiting.delete(conv.id);
    return this.assign(conv, op);
  }

  /**
   * Startup: records an assignment read from disk, even past capacity (disk wins). An operator
   * that is not connected gets a grace period from now, so its work is requeued by expireGrace()
   * unless it reconnects; pass `queue` so the conversation has somewhere to go back to.
   */
  restoreAssignment(conversationId: string, operatorId: string, weight: number, queue?: RestoredQueue): void {
    const op = this.operator(operatorId);
    if (queue) this.queue(queue.queueId);
    this.assertNew(conversationId);
    const conv: ConversationRecord = {
      id: conversationId,
      queueId: queue?.queueId ?? null,
      weight: weightOf(conversationId, weight),
      slaDueAt: queue?.slaDueAt ?? null,
      waitingSince: queue?.waitingSince ?? this.clock.now(),
      returned: false,
      operatorId: op.id,
      avoid: null,
    };
    this.conversations.set(conversationId, conv);
    op.conversations.add(conversationId);
    op.load += conv.weight;
    this.refresh(op);
    if (!op.connected) this.startGrace(op);
  }

  /**
   * A conversation an operator started themself (issue 16): theirs at once, even past their
   * capacity, since they chose to take it on; its weight counts, so the queue sends them nothing
   * more until they have room again. Like a restored one, it goes back to its queue after the
   * grace if they are not connected.
   */
  takeStarted(item: WaitingItem, operatorId: string): Assignment {
    this.restoreAssignment(item.conversationId, operatorId, item.weight, item);
    return { conversationId: item.conversationId, operatorId };
  }

  /**
   * Manual transfer to a chosen operator. Capacity is always checked, and so are the skills of
   * the conversation's queue unless `ignoreSkills` (a supervisor decided). The target may be
   * away, or disconnected within its grace period, but not offline.
   */
  assignTo(conversationId: string, operatorId: string, opts: { ignoreSkills?: boolean } = {}): Assignment[] {
    const conv = this.conversation(conversationId);
    const target = this.operator(operatorId);
    if (conv.operatorId === target.id) return [];
    if (target.status === 'offline') throw new NotEligible(operatorId, { reason: 'offline' });
    if (!target.connected && target.graceDeadline === null)
      throw new NotEligible(operatorId, { reason: 'not connected' });
    const queue = conv.queueId === null ? undefined : this.queues.get(conv.queueId);
    const missing = queue?.def.skills.filter((skill) => !target.skills.has(skill)) ?? [];
    if (!opts.ignoreSkills && queue && missing.length > 0)
      throw new NotEligible(operatorId, { reason: 'lacks skills', queueId: queue.def.id, skills: missing });
    if (freeOf(target) < conv.weight)
      throw new CapacityExceeded(operatorId, freeOf(target) / 1000, conv.weight / 1000, conversationId);
    const freed = this.unroute(conv);
    const transfer = this.assign(conv, target);
    return [transfer, ...settle(this.assign, freed.ops, freed.queues)];
  }

  /**
   * A supervisor takes a conversation over (issue 18 §4): theirs at once, whatever the queue's
   * skills and even past their capacity, since they chose to; its weight counts on them, and the
   * room it leaves goes to the queues at once. Like a started one, it goes back to its queue after
   * the grace if they are not connected.
   */
  takeOver(conversationId: string, operatorId: string): Assignment[] {
    const conv = this.conversation(conversationId);
    const target = this.operator(operatorId);
    if (conv.operatorId === target.id) return [];
    const freed = this.unroute(conv);
    const taken = this.assign(conv, target);
    if (!target.connected) this.startGrace(target);
    return [taken, ...settle(this.assign, freed.ops, freed.queues)];
  }

  /**
   * No-reply return (issue 17 §2): the conversation leaves its operator and waits again in its
   * queue ahead of newcomers, like a grace return, offered to anyone else who has room before
   * that operator. Returns the assignments, possibly of this conversation to someone else.
   */
  returnToQueue(conversationId: string): Assignment[] {
    const conv = this.conversation(conversationId);
    if (conv.operatorId === null) return [];
    if (conv.queueId === null)
      throw new RangeError(
        `conversation ${conversationId} was restored without its queue: it has nowhere to return to`,
      );
    const op = this.operators.get(conv.operatorId)!;
    this.detach(conv, op);
    conv.returned = true;
    conv.avoid = op.id;
    const queue = this.queues.get(conv.queueId)!;
    queue.waiting.set(conv.id, conv);
    // Offer the queue first, so the dialog goes to someone else if anyone has room; only then
    // does the operator who let it wait pull work with the room it got back.
    return [...settle(this.assign, [], [queue]), ...settle(this.assign, [op], [])];
  }

  /** Keeps waitingSince, and the "returned" mark of a conversation that was already waiting. */
  moveToQueue(conversationId: string, queueId: string, slaDueAt: number | null): Assignment[] {
    const conv = this.conversation(conversationId);
    const queue = this.queue(queueId);
    const freed = this.unroute(conv);
    const pulls = settle(this.assign, freed.ops, freed.queues);
    conv.queueId = queue.def.id;
    conv.slaDueAt = slaDueAt;
    queue.waiting.set(conv.id, conv);
    return [...pulls, ...settle(this.assign, [], [queue])];
  }

  release(conversationId: string): Assignment[] {
    const conv = this.conversation(conversationId);
    const freed = this.unroute(conv);
    this.conversations.delete(conversationId);
    return settle(this.assign, freed.ops, freed.queues);
  }

  /**
   * Re-keys a waiting conversation (an assigned one just keeps the value for a later requeue).
   * Returns assignments because a new, lighter head may fit an operator the old head did not.
   */
  updateSla(conversationId: string, slaDueAt: number | null): Assignment[] {
    const conv = this.conversation(conversationId);
    conv.slaDueAt = slaDueAt;
    if (conv.operatorId !== null || conv.queueId === null) return [];
    const queue = this.queues.get(conv.queueId)!;
    queue.waiting.set(conv.id, conv);
    return settle(this.assign, [], [queue]);
  }

  operatorOf(conversationId: string): string | null {
    return this.conversations.get(conversationId)?.operatorId ?? null;
  }

  isWaiting(conversationId: string): boolean {
    const conv = this.conversations.get(conversationId);
    return conv !== undefined && conv.operatorId === null;
  }

  /** 1-based rank in its queue, in O(log n): the bot's "you are number N". */
  position(conversationId: string): number | null {
    const conv = this.conversations.get(conversationId);
    if (!conv || conv.operatorId !== null || conv.queueId === null) return null;
    return this.queues.get(conv.queueId)!.waiting.rank(conv.id) ?? null;
  }

  /**
   * Every waiting conversation of a queue with its 1-based rank, in one O(n) walk: for telling
   * many customers their places at once (server/desk/queue-updates.ts).
   */
  positions(queueId: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of this.queue(queueId).waiting.orderedKeys()) out.set(id, out.size + 1);
    return out;
  }

  waitingCount(queueId?: string): number {
    if (queueId !== undefined) return this.queue(queueId).waiting.size;
    let n = 0;
    for (const queue of this.queues.values()) n += queue.waiting.size;
    return n;
  }

  load(operatorId: string): number {
    return this.operator(operatorId).load / 1000;
  }

  operatorIds(): string[] {
    return [...this.operators.keys()];
  }

  conversationsOf(operatorId: string): string[] {
    return [...this.operator(operatorId).conversations];
  }

  private readonly assign: Assign = (conv, op) => {
    conv.operatorId = op.id;
    conv.returned = false;
    conv.avoid = null;
    op.conversations.add(conv.id);
    op.load += conv.weight;
    op.lastAssignment = ++this.assignments;
    this.refresh(op);
    return { conversationId: conv.id, operatorId: op.id };
  };

  private detach(conv: ConversationRecord, op: OperatorRecord): void {
    op.conversations.delete(conv.id);
    op.load -= conv.weight;
    conv.operatorId = null;
    this.refresh(op);
  }

  /** Takes a conversation out of its queue or off its operator; says who may now take work. */
  private unroute(conv: ConversationRecord): { ops: OperatorRecord[]; queues: QueueRecord[] } {
    if (conv.operatorId !== null) {
      const op = this.operators.get(conv.operatorId)!;
      this.detach(conv, op);
      return { ops: [op], queues: [] };
    }
    const queue = this.queues.get(conv.queueId!)!;
    queue.waiting.delete(conv.id);
    return { ops: [], queues: [queue] };
  }

  /** Files the operator under the queue if it covers the queue's skills, else takes it out. */
  private placeIn(op: OperatorRecord, queue: QueueRecord): void {
    const skilled = covers(op.skills, queue.def);
    if (skilled) op.queues.add(queue);
    else op.queues.delete(queue);
    if (skilled && isReady(op)) queue.ready.set(op.id, op);
    else queue.ready.delete(op.id);
  }

  /** Re-files the operator in the ready heaps of its queues after its load or state changed. */
  private refresh(op: OperatorRecord): void {
    const ready = isReady(op);
    for (const queue of op.queues) {
      if (ready) queue.ready.set(op.id, op);
      else queue.ready.delete(op.id);
    }
  }

  private startGrace(op: OperatorRecord): void {
    if (op.graceDeadline !== null) return;
    op.graceDeadline = this.clock.now() + this.graceMs;
    this.graceDeadlines.set(op.id, op);
  }

  private assertNew(conversationId: string): void {
    if (this.conversations.has(conversationId)) throw new AlreadyRouted(conversationId);
  }

  private operator(id: string): OperatorRecord {
    const op = this.operators.get(id);
    if (!op) throw new UnknownOperator(id);
    return op;
  }

  private queue(id: string): QueueRecord {
    const queue = this.queues.get(id);
    if (!queue) throw new UnknownQueue(id);
    return queue;
  }

  private conversation(id: string): ConversationRecord {
    const conv = this.conversations.get(id);
    if (!conv) throw new UnknownConversation(id);
    return conv;
  }
}

function weightOf(conversationId: string, weight: number): number {
  const milli = toMilli(weight);
  if (!(milli > 0)) throw new RangeError(`weight of conversation ${conversationId} must be > 0, got ${weight}`);
  return milli;
}
