// Random command sequences over a small desk, checking the router's invariants after each step.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ManualClock } from '../../server/domain/clock';
import {
  CapacityExceeded,
  NotEligible,
  Router,
  type Assignment,
  type RoutingStatus,
} from '../../server/domain/routing';

const OPERATORS = ['ann', 'bob', 'cid', 'dan'];
const QUEUES = ['sales', 'support', 'vip'];
const SKILLS = ['sales', 'support', 'english'];
const WEIGHTS = [0.1, 0.2, 0.5, 1, 1.5];
const CAPACITIES = [0, 0.3, 1, 1.5, 2, 2.5, 3];
const GRACE_MS = 1_000;

const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const skillSet = fc.subarray(SKILLS, { maxLength: 2 });
const sla = fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: null });

/** One kind of command with its fields, and how often it comes up relative to the others. */
function kind<K extends string, T extends object>(
  name: K,
  fields: { [P in keyof T]: fc.Arbitrary<T[P]> },
  weight: number,
) {
  return { arbitrary: fc.record(fields).map((f): { kind: K } & T => ({ kind: name, ...f })), weight };
}

const command = fc.oneof(
  // Closed: outside business hours (issue 17 §1), a quarter of the time.
  kind(
    'setQueue',
    { queue: pick(QUEUES), skills: skillSet, priority: fc.nat(2), closed: pick([false, false, false, true]) },
    1,
  ),
  kind('setOperator', { op: pick(OPERATORS), skills: fc.subarray(SKILLS), capacity: pick(CAPACITIES) }, 1),
  kind('setStatus', { op: pick(OPERATORS), status: pick<RoutingStatus>(['available', 'away', 'offline']) }, 3),
  kind('connect', { op: pick(OPERATORS) }, 2),
  kind('disconnect', { op: pick(OPERATORS) }, 1),
  kind('expire', { ms: fc.nat(1_500) }, 2),
  kind(
    'enqueue',
    {
      queue: pick(QUEUES),
      weight: pick(WEIGHTS),
      sla,
      prefer: optional(pick(OPERATORS)),
      returned: fc.boolean(),
    },
    6,
  ),
  kind('restore', { op: pick(OPERATORS), weight: pick(WEIGHTS), queue: optional(pick(QUEUES)) }, 1),
  kind('release', { pick: fc.nat() }, 4),
  kind('assignTo', { pick: fc.nat(), op: pick(OPERATORS), ignoreSkills: fc.boolean() }, 2),
  kind('moveToQueue', { pick: fc.nat(), queue: pick(QUEUES), sla }, 2),
  kind('updateSla', { pick: fc.nat(), sla }, 2),
  kind('returnToQueue', { pick: fc.nat() }, 2),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

const milli = (x: number) => Math.round(x * 1000);

/** What the test knows independently of the router, to judge its answers. */
interface Desk {
  clock: ManualClock;
  router: Router;
  queueSkills: Map<string, string[]>;
  closedQueues: Set<string>;
  operators: Map<string, { skills: Set<string>; capacity: number; status: RoutingStatus; connected: boolean }>;
  conversations: Map<string, { weight: number; queueId: string | null }>;
  released: Set<string>;
  nextId: number;
}

function newDesk(): Desk {
  const clock = new ManualClock(0);
  const desk: Desk = {
    clock,
    router: new Router(clock, { graceMs: GRACE_MS }),
    queueSkills: new Map(),
    closedQueues: new Set(),
    operators: new Map(),
    conversations: new Map(),
    released: new Set(),
    nextId: 0,
  };
  for (const [i, id] of QUEUES.entries())
    run(desk, { kind: 'setQueue', queue: id, skills: [SKILLS[i]], priority: 0, closed: false });
  for (const id of OPERATORS) {
    run(desk, { kind: 'setOperator', op: id, skills: ['sales', 'support'], capacity: 2 });
    run(desk, { kind: 'connect', op: id });
    run(desk, { kind: 'setStatus', op: id, status: 'available' });
  }
  return desk;
}

const isReady = (desk: Desk, id: string) => {
  const op = desk.operators.get(id)!;
  return op.status === 'available' && op.connected;
};
const covers = (desk: Desk, op: string, queueId: string) =>
  desk.queueSkills.get(queueId)!.every((s) => desk.operators.get(op)!.skills.has(s));
const freeOf = (desk: Desk, op: string) => milli(desk.operators.get(op)!.capacity) - milli(desk.router.load(op));

/** Runs one command; returns assignments the router chose by itself (not a manual transfer). */
function run(desk: Desk, c: Command): Assignment[] {
  const { router } = desk;
  const live = [...desk.conversations.keys()];
  const target = 'pick' in c ? live[c.pick % Math.max(live.length, 1)] : undefined;
  switch (c.kind) {
    case 'setQueue':
      desk.queueSkills.set(c.queue, c.skills);
      if (c.closed) desk.closedQueues.add(c.queue);
      else desk.closedQueues.delete(c.queue);
      return router.setQueue({ id: c.queue, skills: c.skills, priority: c.priority, closed: c.closed });
    case 'setOperator': {
      const op = desk.operators.get(c.op) ?? { status: 'offline' as const, connected: false };
      desk.operators.set(c.op, { ...op, skills: new Set(c.skills), capacity: c.capacity });
      return router.setOperator({ id: c.op, skills: c.skills, capacity: c.capacity });
    }
    case 'setStatus':
      desk.operators.get(c.op)!.status = c.status;
      return router.setStatus(c.op, c.status);
    case 'connect':
      desk.operators.get(c.op)!.connected = true;
      return router.connect(c.op);
    case 'disconnect':
      desk.operators.get(c.op)!.connected = false;
      router.disconnect(c.op);
      return [];
    case 'expire': {
      desk.clock.advance(c.ms);
      const expiry = router.expireGrace();
      for (const id of expiry.unqueued) {
        desk.conversations.delete(id);
        desk.released.add(id);
      }
      return expiry.assignments;
    }
    case 'enqueue': {
      const id = `c${desk.nextId++}`;
      desk.conversations.set(id, { weight: c.weight, queueId: c.queue });
      const item = { conversationId: id, queueId: c.queue, weight: c.weight, slaDueAt: c.sla };
      const assigned = router.enqueue(
        { ...item, waitingSince: desk.clock.now() },
        { preferOperatorId: c.prefer, returned: c.returned },
      );
      return assigned ? [assigned] : [];
    }
    case 'restore': {
      const id = `c${desk.nextId++}`;
      desk.conversations.set(id, { weight: c.weight, queueId: c.queue ?? null });
      const queue = c.queue && { queueId: c.queue, slaDueAt: null, waitingSince: desk.clock.now() };
      router.restoreAssignment(id, c.op, c.weight, queue || undefined);
      return [];
    }
    case 'release':
      if (!target) return [];
      desk.conversations.delete(target);
      desk.released.add(target);
      return router.release(target);
    case 'assignTo':
      return target ? manualTransfer(desk, target, c.op, c.ignoreSkills) : [];
    case 'moveToQueue':
      if (!target) return [];
      desk.conversations.get(target)!.queueId = c.queue;
      return router.moveToQueue(target, c.queue, c.sla);
    case 'updateSla':
      return target ? router.updateSla(target, c.sla) : [];
    case 'returnToQueue':
      return target && desk.conversations.get(target)!.queueId !== null ? noReplyReturn(desk, target) : [];
  }
}

/**
 * Issue 17 §2: a dialog taken back for no reply goes to its operator again only when no other
 * operator who is ready, covers its queue and has room for it remains.
 */
function noReplyReturn(desk: Desk, conversationId: string): Assignment[] {
  const from = desk.router.operatorOf(conversationId);
  const out = desk.router.returnToQueue(conversationId);
  if (from !== null && desk.router.operatorOf(conversationId) === from) {
    const { weight, queueId } = desk.conversations.get(conversationId)!;
    for (const op of desk.operators.keys()) {
      if (op === from || !isReady(desk, op) || !covers(desk, op, queueId!)) continue;
      expect(freeOf(desk, op)).toBeLessThan(milli(weight));
    }
  }
  return out;
}

/**
 * A transfer goes through only to an operator who is not offline, covers the queue's skills
 * (unless they are ignored) and has room; a refused one is refused for the stated reason, as the
 * test's own model sees it, and leaves everything as it was.
 */
function manualTransfer(desk: Desk, conversationId: string, op: string, ignoreSkills: boolean): Assignment[] {
  const before = snapshot(desk);
  const { weight, queueId } = desk.conversations.get(conversationId)!;
  const model = desk.operators.get(op)!;
  try {
    const [transfer, ...pulls] = desk.router.assignTo(conversationId, op, { ignoreSkills });
    if (transfer) {
      expect(transfer).toEqual({ conversationId, operatorId: op });
      expect(model.status).not.toBe('offline');
      if (!ignoreSkills && queueId !== null) expect(covers(desk, op, queueId)).toBe(true);
    }
    return pulls;
  } catch (e) {
    if (e instanceof CapacityExceeded) {
      expect(freeOf(desk, op)).toBeLessThan(milli(weight));
    } else if (e instanceof NotEligible) {
      if (e.why.reason === 'offline') expect(model.status).toBe('offline');
      else if (e.why.reason === 'not connected') expect(model.connected).toBe(false);
      else {
        expect(ignoreSkills).toBe(false);
        expect(e.why.queueId).toBe(queueId);
        expect(e.why.skills.length).toBeGreaterThan(0);
        for (const skill of e.why.skills) {
          expect(desk.queueSkills.get(queueId!)).toContain(skill);
          expect(model.skills.has(skill)).toBe(false);
        }
      }
    } else {
      throw e;
    }
    expect(snapshot(desk)).toEqual(before);
    return [];
  }
}

function snapshot(desk: Desk) {
  return {
    loads: OPERATORS.map((op) => desk.router.load(op)),
    owners: [...desk.conversations.keys()].map((id) => desk.router.operatorOf(id)),
  };
}

function checkInvariants(desk: Desk, c: Command, chosen: Assignment[], loadsBefore: Map<string, number>): void {
  const { router } = desk;
  // The router's own choices go to ready operators who cover the queue, within capacity.
  for (const a of chosen) {
    expect(router.operatorOf(a.conversationId)).toBe(a.operatorId);
    expect(isReady(desk, a.operatorId)).toBe(true);
    expect(covers(desk, a.operatorId, desk.conversations.get(a.conversationId)!.queueId!)).toBe(true);
    expect(freeOf(desk, a.operatorId)).toBeGreaterThanOrEqual(0);
    // A closed queue hands out nothing by itself until it opens.
    expect(desk.closedQueues.has(desk.conversations.get(a.conversationId)!.queueId!)).toBe(false);
  }
  const owned = new Map<string, number>();
  for (const op of OPERATORS) {
    const load = milli(router.load(op));
    // Over capacity only through restored state or a capacity cut, and then it never grows.
    if (c.kind !== 'restore' && load > milli(desk.operators.get(op)!.capacity)) {
      expect(load).toBeLessThanOrEqual(loadsBefore.get(op)!);
    }
    let sum = 0;
    for (const id of router.conversationsOf(op)) {
      expect(owned.has(id)).toBe(false);
      owned.set(id, milli(desk.conversations.get(id)!.weight));
      sum += owned.get(id)!;
    }
    expect(load).toBe(sum);
  }
  const heads = new Map<string, string>();
  let waiting = 0;
  for (const [id, conv] of desk.conversations) {
    const operator = router.operatorOf(id);
    expect(router.isWaiting(id)).toBe(operator === null);
    expect(owned.has(id)).toBe(operator !== null);
    if (operator === null) {
      waiting++;
      if (router.position(id) === 1) heads.set(conv.queueId!, id);
    }
  }
  for (const id of desk.released) expect([router.isWaiting(id), router.operatorOf(id)]).toEqual([false, null]);
  expect(router.waitingCount()).toBe(waiting);
  // Work-conserving: no ready operator with room for a head it covers is left idle.
  for (const [queueId, head] of heads) {
    if (desk.closedQueues.has(queueId)) continue;
    const weight = milli(desk.conversations.get(head)!.weight);
    for (const op of OPERATORS) {
      if (isReady(desk, op) && covers(desk, op, queueId)) expect(freeOf(desk, op)).toBeLessThan(weight);
    }
  }
}

describe('routing invariants under random command sequences', () => {
  it('capacity, single ownership, load sums and work conservation hold after every step', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }), (commands) => {
        const desk = newDesk();
        for (const c of commands) {
          const loadsBefore = new Map(OPERATORS.map((op) => [op, milli(desk.router.load(op))]));
          const chosen = run(desk, c);
          checkInvariants(desk, c, chosen, loadsBefore);
        }
      }),
      { numRuns: 150 },
    );
  });
});
