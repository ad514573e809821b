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

// The marks live in their own module, free of zod, so the console starts without loading it.
export { NEAR_BREACH_SHARE, slaMark, type SlaMark } from './sla-mark';
