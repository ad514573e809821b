// How long until something happens to a dialog, written the same in the console and the
// dashboard: short enough for a pane, exact enough to act on, with marks that read without colour.
import type { Conversation } from './schemas';

/** 0:42, 12:05, 1h05, 3d. */
export function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 3600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 24) return `${hours}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;
  return `${Math.floor(hours / 24)}d`;
}

/**
 * Issue 17's timers on a dialog: "↻ 1:40" until it goes back to the queue for want of a reply
 * (the more urgent, so shown first), "⏾ 3:00" until the idle close, "⏸" while the operator holds
 * it. Empty when no timer runs.
 */
export function timerLabel(conversation: Conversation, now: number): string {
  if (conversation.noReplyDueAt != null) return `↻ ${formatWait(conversation.noReplyDueAt - now)}`;
  if (conversation.held) return '⏸';
  if (conversation.idleCloseAt != null) return `⏾ ${formatWait(conversation.idleCloseAt - now)}`;
  return '';
}
