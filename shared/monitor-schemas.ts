// Wire types of live monitoring (issue 18 §4): a supervisor follows an open dialog live, whispers
// to its operator, or takes it over. One zod schema per type; the procedures are in
// server/api/supervisor.ts.
import { z } from 'zod';
import { LIMITS } from './limits';
import type { Conversation, DeskEventEnvelope, Message } from './schemas';
import { deskId, deskText } from './text-rules';

const id = deskId(LIMITS.id);

/** A private note only the dialog's operator (and supervisors) see; never delivered to the customer. */
export const WhisperInput = z.object({
  conversationId: id,
  /** Client-generated idempotency key: a retry after a dropped connection never whispers twice. */
  clientId: deskText(64).min(8),
  text: deskText(LIMITS.note).trim().min(1, 'a whisper needs some text'),
});

export const TakeOverInput = z.object({ conversationId: id });

/** How many of the newest messages the first item of a follow carries. */
export const FOLLOW_MESSAGES = 200;

export const FollowInput = z.object({
  conversationId: id,
  /** The tracked id of the last item received: a reconnect resumes from it. */
  lastEventId: deskText(32).nullish(),
});

/**
 * One item of supervisor.follow. The first (unless resuming) carries the dialog as it is and its
 * newest messages; every item carries the events about the dialog since the previous one, oldest
 * first. A message may come both in `messages` and in an event: clients keep it once, by id.
 */
export interface FollowItem {
  conversation?: Conversation;
  messages?: Message[];
  events: DeskEventEnvelope[];
}
