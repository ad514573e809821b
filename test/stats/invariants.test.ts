// Property: whatever order the service reports facts in, the live counters add up to the open
// conversations and never go negative.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SEC, desk } from './fixtures';

const conversation = fc.constantFrom('c1', 'c2', 'c3', 'c4');
const queueId = fc.constantFrom('sales', 'support');
const step = fc.oneof(
  fc.record({ kind: fc.constant('queue' as const), id: conversation, queueId }),
  fc.record({ kind: fc.constant('assign' as const), id: conversation, op: fc.constantFrom('ann', 'bob') }),
  fc.record({ kind: fc.constant('answer' as const), id: conversation }),
  fc.record({ kind: fc.constant('transfer' as const), id: conversation, queueId }),
  fc.record({ kind: fc.constant('resolve' as const), id: conversation }),
  fc.record({ kind: fc.constant('abandon' as const), id: conversation }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 90 }) }),
);

test('live counters match the open conversations', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const d = desk();
      const open = new Map<string, { operator: string | null }>();
      for (const s of steps) {
        if (s.kind === 'wait') d.clock.advance(s.seconds * SEC);
        else if (s.kind === 'queue') {
          d.queue(s.id, s.queueId);
          open.set(s.id, { operator: null });
        } else if (s.kind === 'assign') {
          d.assign(s.id, s.op);
          if (open.has(s.id)) open.set(s.id, { operator: s.op });
        } else if (s.kind === 'answer') d.answer(s.id, 'ann');
        else if (s.kind === 'transfer') {
          d.transfer(s.id, s.queueId);
          if (open.has(s.id)) open.set(s.id, { operator: null });
        } else {
          if (s.kind === 'resolve') d.resolve(s.id, 'ann');
          else d.abandon(s.id);
          open.delete(s.id);
        }
      }
      const snap = d.engine.snapshot();
      const waiting = [...open.values()].filter((c) => c.operator === null).length;
      expect(snap.totals.waiting).toBe(waiting);
      expect(snap.totals.assigned).toBe(open.size - waiting);
      expect(snap.queues.reduce((n, q) => n + q.waiting + q.assigned, 0)).toBe(open.size);
      const opAssigned = snap.operators.reduce((n, o) => n + o.assigned, 0);
      expect(opAssigned).toBe(open.size - waiting);
      for (const scope of [snap.totals, ...snap.queues, ...snap.channels]) {
        expect(scope.nearBreach + scope.breached).toBeLessThanOrEqual(open.size);
        expect(Math.min(scope.nearBreach, scope.breached, scope.waiting)).toBeGreaterThanOrEqual(0);
      }
    }),
    { numRuns: 200 },
  );
});
