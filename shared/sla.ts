// Channel media, their default SLA targets and capacity weights, and the SLA arithmetic both
// the server (deadlines) and the clients (marks on screen) use.
import { z } from 'zod';

export const MEDIA = ['chat', 'messenger', 'social', 'email', 'sms'] as const;
export const Medium = z.enum(MEDIA);
export type Medium = z.infer<typeof Medium>;

const MIN = 60_000;

/** Default targets (DESIGN.md §2): chat answered in a minute, e-mail within 4 hours. */
export const DEFAULT_SLA: Record<Medium, { firstResponseMs: number; nextResponseMs: number }> = {
  chat: { firstResponseMs: 1 * MIN, nextResponseMs: 1 * MIN },
  messenger: { firstResponseMs: 15 * MIN, nextResponseMs: 15 * MIN },
  social: { firstResponseMs: 60 * MIN, nextResponseMs: 60 * MIN },
  email: { firstResponseMs: 240 * MIN, nextResponseMs: 240 * MIN },
  sms: { firstResponseMs: 15 * MIN, nextResponseMs: 15 * MIN },
};

/** Share of an operator's capacity one conversation takes: a live chat is 1, an e-mail less. */
export const DEFAULT_WEIGHT: Record<Medium, number> = {
  chat: 1,
  messenger: 1,
  social: 0.5,
  email: 0.5,
  sms: 0.5,
};

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
