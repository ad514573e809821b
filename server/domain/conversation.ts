// The conversation lifecycle (queued → assigned → resolved, reopened when the customer writes
// again within the window) and its SLA deadlines, as pure state transitions.
import type { Conversation } from '../../shared/schemas';

export interface SlaTargets {
  firstResponseMs: number;
  nextResponseMs: number;
}

export const DEFAULT_REOPEN_WINDOW_MS = 24 * 60 * 60 * 1000;

export type Arrival = 'append' | 'reopen' | 'new';

/** What a customer's message does to the contact's latest conversation. */
export function decideArrival(latest: Conversation | null, now: number, reopenWindowMs: number): Arrival {
  if (!latest) return 'new';
  if (latest.status !== 'resolved') return 'append';
  return latest.resolvedAt !== null && now - latest.resolvedAt <= reopenWindowMs ? 'reopen' : 'new';
}

export function openConversation(fields: {
  id: string;
  customerId: string;
  customerName: string | null;
  channelId: string;
  channelKind?: string;
  medium: Conversation['medium'];
  contactId: string;
  queueId: string;
  weight: number;
  lang?: Conversation['lang'];
  at: number;
}): Conversation {
  const { at, ...identity } = fields;
  return {
    ...identity,
    status: 'queued',
    operatorId: null,
    lastOperatorId: null,
    createdAt: at,
    queuedAt: at,
    assignedAt: null,
    resolvedAt: null,
    waitingSince: null,
    slaDueAt: null,
    slaTargetMs: null,
    firstResponseAt: null,
    lastMessageAt: at,
    tag: null,
    outcome: null,
    rating: null,
    operatorReadUpTo: null,
    customerReadUpTo: null,
  };
}

/** When an allowance of `ms` started at `from` runs out: on the wall clock unless a calendar counts business time. */
export type SlaDeadline = (from: number, ms: number) => number;
const wallClock: SlaDeadline = (from, ms) => from + ms;

/**
 * A customer message starts the response clock unless one is already running: the first
 * response target until an operator has answered once, the next-response target afterwards.
 */
export function customerWrote(c: Conversation, at: number, sla: SlaTargets, deadline = wallClock): Conversation {
  if (c.waitingSince !== null) return { ...c, lastMessageAt: at };
  const targetMs = c.firstResponseAt === null ? sla.firstResponseMs : sla.nextResponseMs;
  // An answer to "anything else?" cancels the idle close; the next operator reply starts it afresh.
  const unasked = c.idleAskedAt != null ? { idleAskedAt: null } : {};
  return {
    ...c,
    ...unasked,
    lastMessageAt: at,
    waitingSince: at,
    slaDueAt: deadline(at, targetMs),
    slaTargetMs: targetMs,
  };
}

/**
 * An operator's public reply answers everything the customer was waiting for. In a conversation
 * the desk started, a message before the customer has written answers nothing: it is no first
 * response, so the customer's first message still gets the first-response target.
 */
export function operatorReplied(c: Conversation, at: number): Conversation {
  const answersNothing = c.direction === 'outbound' && c.waitingSince === null;
  return {
    ...c,
    lastMessageAt: at,
    firstResponseAt: c.firstResponseAt ?? (answersNothing ? null : at),
    waitingSince: null,
    slaDueAt: null,
    slaTargetMs: null,
    // The customer's silence counts from the latest reply (issue 17 §3).
    idleSince: at,
    idleAskedAt: null,
  };
}

export function assigned(c: Conversation, operatorId: string, at: number): Conversation {
  return { ...c, status: 'assigned', operatorId, lastOperatorId: operatorId, assignedAt: at, passedOverBy: null };
}

export function requeued(c: Conversation, at: number, queueId = c.queueId): Conversation {
  return { ...c, status: 'queued', operatorId: null, queueId, queuedAt: at, assignedAt: null };
}

export function resolved(c: Conversation, at: number, tag: string | null, outcome: string | null): Conversation {
  return {
    ...c,
    status: 'resolved',
    operatorId: null,
    resolvedAt: at,
    waitingSince: null,
    slaDueAt: null,
    slaTargetMs: null,
    tag,
    outcome,
  };
}

export function reopened(c: Conversation, at: number): Conversation {
  return {
    ...c,
    status: 'queued',
    queuedAt: at,
    assignedAt: null,
    resolvedAt: null,
    tag: null,
    outcome: null,
    rating: null,
    idleSince: null,
    idleAskedAt: null,
    held: false,
  };
}

/** How long after a close a bare digit 1–5 from the customer counts as their rating. */
export const RATING_WINDOW_MS = 60 * 60 * 1000;

/**
 * The score in a customer's message, if it answers the bot's "rate us 1–5" after a close: only
 * a bare digit, only once, only within the rating window. Anything else reopens as usual.
 */
export function ratingIn(latest: Conversation | null, text: string, now: number): number | null {
  if (!latest || latest.status !== 'resolved' || latest.rating !== null || latest.resolvedAt === null) return null;
  if (now - latest.resolvedAt > RATING_WINDOW_MS) return null;
  const match = /^\s*([1-5])\s*(?:[/из of]+\s*5)?\s*[.!]?\s*$/u.exec(text);
  return match ? Number(match[1]) : null;
}

export function rated(c: Conversation, score: number): Conversation {
  return { ...c, rating: score };
}
