// Issue 17's two timed rules as pure functions of a conversation and its settings: when its
// operator loses it for not answering (no-reply), and when the bot asks "anything else?" and
// then resolves it as idle. The desk turns these times into deadlines; nothing here waits.
//
// "Sends nothing" means: the customer is waiting for an answer (waitingSince is set) and the
// assigned operator has not sent a public reply since. The timer runs from the later of the
// assignment and the customer's oldest unanswered message, so a chatty customer does not push
// it back, and a new holder (transfer, return) gets the full time. A private note answers
// nobody and stops nothing. A hold does not pause it: hold is for waiting on a colleague while
// the customer has been answered; a customer left waiting still needs someone.
//
// Idle: the operator answered (waitingSince is null) and the customer has been silent since
// `idleSince` (that reply, or the end of a hold). After `askMs` the bot asks "anything else?";
// after `closeMs` more the dialog is resolved with the tag `idle`. Any customer message stops it.
import type { Conversation } from '../../shared/schemas';

export interface TimerSettings {
  /** The queue's no-reply time; null: off. */
  noReplyMs: number | null;
  /** The channel's silence before "anything else?", and after it before the close; either null: off. */
  idleAskMs: number | null;
  idleCloseMs: number | null;
}

export const NO_TIMERS: TimerSettings = { noReplyMs: null, idleAskMs: null, idleCloseMs: null };

/** The tag an idle close resolves with; reports count these apart from handled dialogs. */
export const IDLE_TAG = 'idle';

export interface DueTimes {
  noReplyDueAt: number | null;
  idleAskAt: number | null;
  idleCloseAt: number | null;
}

export function dueTimes(c: Conversation, settings: TimerSettings): DueTimes {
  const assigned = c.status === 'assigned' && c.operatorId !== null && c.assignedAt !== null;
  const noReplyDueAt =
    assigned && settings.noReplyMs !== null && c.waitingSince !== null
      ? Math.max(c.assignedAt!, c.waitingSince) + settings.noReplyMs
      : null;
  const idleOn =
    assigned &&
    !c.held &&
    settings.idleAskMs !== null &&
    settings.idleCloseMs !== null &&
    c.waitingSince === null &&
    (c.idleSince ?? null) !== null;
  if (!idleOn) return { noReplyDueAt, idleAskAt: null, idleCloseAt: null };
  const asked = c.idleAskedAt ?? null;
  return {
    noReplyDueAt,
    idleAskAt: asked === null ? c.idleSince! + settings.idleAskMs! : null,
    idleCloseAt: (asked ?? c.idleSince! + settings.idleAskMs!) + settings.idleCloseMs!,
  };
}

/** The conversation as clients see it: its persisted state and the times its timers fall due. */
export function withDueTimes(c: Conversation, settings: TimerSettings): Conversation {
  // Every field present, so a dialog reads the same before a restart and after it.
  return {
    ...c,
    idleSince: c.idleSince ?? null,
    idleAskedAt: c.idleAskedAt ?? null,
    held: c.held ?? false,
    passedOverBy: c.passedOverBy ?? null,
    ...dueTimes(c, settings),
  };
}

/** The bot asked "anything else?": the close now counts from here. */
export function askedAnythingElse(c: Conversation, at: number): Conversation {
  return { ...c, idleAskedAt: at };
}

/**
 * The operator pauses (on) or resumes (off) the idle close. Resuming starts the silence afresh
 * from now, and asks again: the customer should not be closed on the instant of a resume.
 */
export function held(c: Conversation, on: boolean, at: number): Conversation {
  if (on) return { ...c, held: true };
  return { ...c, held: false, idleAskedAt: null, idleSince: c.idleSince == null ? null : at };
}
