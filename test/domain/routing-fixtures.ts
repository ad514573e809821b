// Shared fixtures of the routing rule tests: a router with two queues on a manual clock, an
// operator who is online and available, a waiting item, and the refusal a call throws.
import { ManualClock } from '../../server/domain/clock';
import { Router, RoutingError, type WaitingItem } from '../../server/domain/routing';

export function desk(graceMs = 60_000) {
  const clock = new ManualClock(1_000_000);
  const router = new Router(clock, { graceMs });
  router.setQueue({ id: 'sales', skills: ['sales'], priority: 1 });
  router.setQueue({ id: 'support', skills: ['support'], priority: 1 });
  return { clock, router };
}

/** Adds an operator that is connected and available. */
export function online(router: Router, id: string, skills: string[], capacity: number) {
  router.setOperator({ id, skills, capacity });
  router.connect(id);
  return router.setStatus(id, 'available');
}

export const item = (conversationId: string, queueId: string, more: Partial<WaitingItem> = {}): WaitingItem => ({
  conversationId,
  queueId,
  weight: 1,
  slaDueAt: null,
  waitingSince: 0,
  ...more,
});

/** The RoutingError `fn` throws; fails the test if it throws anything else, or nothing. */
export function refusal(fn: () => unknown): RoutingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RoutingError) return e;
    throw e;
  }
  throw new Error('expected a RoutingError');
}

/** The kind (class name) of the RoutingError `fn` throws. */
export function codeOf(fn: () => unknown): string {
  return refusal(fn).code;
}
