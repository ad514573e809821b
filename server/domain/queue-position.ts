// When a waiting customer is told their place in the queue again, how long they can expect to
// wait, and when an e-mail can expect its answer (issue 17 §4). Pure: time comes in as numbers.
import type { Medium } from '../../shared/sla';

const MINUTE = 60_000;

/**
 * How often a channel's waiting customers hear their position. An update needs BOTH: the
 * position moved by at least `minChange` since the last one told, AND at least `minIntervalMs`
 * passed since then ("whichever is rarer": each condition alone would allow more updates).
 */
export interface Cadence {
  minChange: number;
  minIntervalMs: number;
}

/**
 * Defaults per medium. A web chat is watched while the customer waits: every move, at most
 * twice a minute, feels live. A messenger buzzes the customer's phone: every third place, at
 * most every two minutes. Social networks are read rarely. SMS: none, each one is a paid message
 * the customer did not ask for (the SMS adapter carries no notices at all). E-mail: none; one
 * acknowledgement with the expected answer time instead (ACKNOWLEDGES).
 */
export const DEFAULT_CADENCE: Record<Medium, Cadence | null> = {
  chat: { minChange: 1, minIntervalMs: 30_000 },
  messenger: { minChange: 3, minIntervalMs: 120_000 },
  social: { minChange: 5, minIntervalMs: 600_000 },
  email: null,
  sms: null,
};

/** Media whose new conversations get one acknowledgement with the expected answer time. */
export const ACKNOWLEDGES: Record<Medium, boolean> = {
  chat: false,
  messenger: false,
  social: false,
  email: true,
  sms: false,
};

/** The position last told to a customer, and when. */
export interface Told {
  position: number;
  at: number;
}

export type UpdateDecision =
  /** Tell the customer now. */
  | { kind: 'tell' }
  /** The position moved enough but it is too soon: look again at `at`. */
  | { kind: 'wait-until'; at: number }
  /** Not moved enough: nothing to do until the queue changes. */
  | { kind: 'wait-for-change' };

export function decideUpdate(told: Told, position: number, now: number, cadence: Cadence): UpdateDecision {
  if (Math.abs(position - told.position) < cadence.minChange) return { kind: 'wait-for-change' };
  const due = told.at + cadence.minIntervalMs;
  return now >= due ? { kind: 'tell' } : { kind: 'wait-until', at: due };
}

/** Assignments out of one queue counted over a window of `minutes`. */
export interface ServedIn {
  served: number;
  minutes: number;
}

/** The fewest assignments a window must hold before its rate is trusted. */
export const MIN_SERVED_FOR_RATE = 3;

/**
 * A queue's measured service rate, in assignments per minute: the last 5 minutes when they hold
 * enough assignments to mean something (so a change of staffing shows soon), else the last hour;
 * null with no assignment in the hour, where any figure would be a guess.
 */
export function serviceRate(fiveMinutes: ServedIn, hour: ServedIn): number | null {
  if (fiveMinutes.served >= MIN_SERVED_FOR_RATE && fiveMinutes.minutes > 0)
    return fiveMinutes.served / fiveMinutes.minutes;
  if (hour.served > 0 && hour.minutes > 0) return hour.served / hour.minutes;
  return null;
}

/** The longest wait we state; past it the estimate says "about 2 hours" rather than a precise-looking figure. */
export const MAX_WAIT_MINUTES = 120;

/**
 * Expected wait in whole minutes for the customer at `position`: the customers up to and
 * including them are served at `perMinute`, so position ÷ rate. At least 1 (we never promise
 * "now"), at most MAX_WAIT_MINUTES, rounded to steps a person reads as an estimate (1–10 exact,
 * then 5, then 15). null when there is no rate.
 */
export function expectedWaitMinutes(position: number, perMinute: number | null): number | null {
  if (perMinute === null || !(perMinute > 0)) return null;
  const raw = Math.min(MAX_WAIT_MINUTES, Math.max(1, position / perMinute));
  if (raw <= 10) return Math.ceil(raw);
  if (raw <= 60) return Math.ceil(raw / 5) * 5;
  return Math.min(MAX_WAIT_MINUTES, Math.ceil(raw / 15) * 15);
}

/**
 * When an e-mail received at `receivedAt` can expect its first answer: its first-response
 * deadline, which counts working time only when its channel says so (business hours). Without a
 * deadline (none owed) it is now, which the wording rounds up to a minute.
 */
export function expectedAnswerAt(receivedAt: number, slaDueAt: number | null): number {
  return slaDueAt ?? receivedAt;
}

/** A span as whole minutes, for wording: up to an hour in minutes, then in whole hours (rounded up). */
export function spanMinutes(ms: number): number {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  return minutes < 60 ? minutes : Math.ceil(minutes / 60) * 60;
}

/** The configured cadences (config `queueUpdates`) over the defaults of every medium. */
export function cadences(
  configured: Partial<Record<Medium, { minChange: number; minIntervalSeconds: number } | null>>,
): Record<Medium, Cadence | null> {
  const out = { ...DEFAULT_CADENCE };
  for (const [medium, c] of Object.entries(configured) as [Medium, (typeof configured)[Medium]][]) {
    if (c === undefined) continue;
    out[medium] = c === null ? null : { minChange: c.minChange, minIntervalMs: c.minIntervalSeconds * 1000 };
  }
  return out;
}
