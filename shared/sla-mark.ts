// Where a pending response stands against its SLA deadline: the arithmetic behind the marks the
// clients show. Its own module, free of zod (shared/sla.ts re-exports it), so that the console
// starts without loading zod.

/** A deadline is "near" once this share of its target has elapsed. */
export const NEAR_BREACH_SHARE = 0.8;

export type SlaMark = 'ok' | 'near' | 'breached' | 'none';

/**
 * Where a pending response stands against its deadline. `targetMs` is the whole allowance the
 * deadline was computed from, so "near" scales with the channel (12 s for chat, 48 min for e-mail).
 */
export function slaMark(now: number, dueAt: number | null, targetMs: number): SlaMark {
  if (dueAt === null) return 'none';
  if (now >= dueAt) return 'breached';
  const remaining = dueAt - now;
  return remaining <= targetMs * (1 - NEAR_BREACH_SHARE) ? 'near' : 'ok';
}
