// The orders the console keeps: dialogs by urgency (the hotlist) and messages by time (a transcript).
import type { Conversation, Message } from '../../shared/schemas';

/**
 * The hotlist order: the nearest SLA deadline first, then the customer waiting longest, then the
 * most recent activity. Dialogs that owe nothing sort after those that do.
 */
export function compareUrgency(a: Conversation, b: Conversation): number {
  const due = (a.slaDueAt ?? Infinity) - (b.slaDueAt ?? Infinity);
  if (due !== 0 && !Number.isNaN(due)) return due;
  const waiting = (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity);
  if (waiting !== 0 && !Number.isNaN(waiting)) return waiting;
  return b.lastMessageAt - a.lastMessageAt || a.id.localeCompare(b.id);
}

/** Time order; ids are time-ordered too, which settles messages created in the same millisecond. */
export function byTime(a: Message, b: Message): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
