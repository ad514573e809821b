// Closing a conversation, one path for every close: an operator's resolve and the idle close of
// issue 17 both free the capacity slot, tell the customer, supervisors and the holder, and hand
// the freed room to whoever waits.
import type { Conversation, Notice } from '../../shared/schemas';
import { resolved } from '../domain/conversation';
import type { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';

export interface Resolution {
  tag: string | null;
  outcome: string | null;
  /** What the bot tells the customer, in order. */
  notices: Notice[];
}

export function resolveConversation(
  ctx: DeskContext,
  book: ConversationBook,
  changes: ChangeSet,
  current: Conversation,
  { tag, outcome, notices }: Resolution,
): Conversation {
  const holder = current.operatorId;
  const pulls = ctx.router.release(current.id);
  const closed = book.save(changes, resolved(current, changes.at, tag, outcome));
  const lang = book.langOf(current);
  for (const notice of notices)
    book.botMessage(changes, { ...closed, operatorId: holder }, notice, ctx.bot.say(lang, notice));
  book.announce(changes, closed, null);
  changes.event(
    ctx.bus,
    holder,
    { type: 'conversation.removed', conversationId: current.id, reason: 'resolved' },
    current.id,
  );
  book.applyAssignments(changes, pulls);
  return closed;
}
