// Issue 17's timers on the desk: each open conversation's due times (server/domain/reply-timers.ts,
// carried on the conversation) become the deadlines `noreply:<id>` and `idle:<id>`, kept in step
// with every saved state through the book, and re-armed for each open dialog after a restore.
import type { Conversation } from '../../shared/schemas';
import { requeued } from '../domain/conversation';
import { askedAnythingElse, IDLE_TAG } from '../domain/reply-timers';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Deadlines } from './deadlines';
import { resolveConversation } from './resolution';

const noReplyKey = (id: string) => `noreply:${id}`;
const idleKey = (id: string) => `idle:${id}`;

export class ReplyTimers {
  constructor(
    private readonly ctx: DeskContext,
    private readonly book: ConversationBook,
    private readonly deadlines: Deadlines,
  ) {
    book.watch((conversation) => this.follow(conversation));
  }

  /** Moves or clears the conversation's deadlines to match its due times. */
  private follow(c: Conversation): void {
    const open = c.status !== 'resolved';
    const noReplyAt = open ? (c.noReplyDueAt ?? null) : null;
    if (noReplyAt === null) this.deadlines.clear(noReplyKey(c.id));
    else if (this.deadlines.at(noReplyKey(c.id)) !== noReplyAt)
      this.deadlines.set(noReplyKey(c.id), noReplyAt, () => this.noReply(c.id));
    const idleAt = open ? (c.idleAskAt ?? c.idleCloseAt ?? null) : null;
    if (idleAt === null) this.deadlines.clear(idleKey(c.id));
    else if (this.deadlines.at(idleKey(c.id)) !== idleAt)
      this.deadlines.set(idleKey(c.id), idleAt, () => this.idle(c.id));
  }

  /** The operator sent nothing in the queue's time: the dialog goes back to its queue, ahead of newcomers. */
  private async noReply(id: string): Promise<void> {
    const c = this.book.get(id);
    const now = this.ctx.clock.now();
    // A deadline overtaken by a reply, transfer or close meanwhile is not acted on.
    if (!c || c.status !== 'assigned' || c.operatorId === null || c.noReplyDueAt == null || c.noReplyDueAt > now)
      return;
    const from = c.operatorId;
    const changes = new ChangeSet(this.ctx, now, 'memory-first');
    const assignments = this.ctx.router.returnToQueue(id);
    const back = this.book.save(changes, { ...requeued(c, now), passedOverBy: from }, { returned: true });
    this.book.announce(changes, back, null);
    changes.event(this.ctx.bus, from, { type: 'conversation.removed', conversationId: id, reason: 'no-reply' }, id);
    changes.event(
      this.ctx.bus,
      null,
      { type: 'conversation.reassigned', conversationId: id, operatorId: from, queueId: c.queueId, reason: 'no-reply' },
      id,
    );
    this.book.applyAssignments(changes, assignments);
    await changes.commit();
    this.ctx.log.info({ conversationId: id, operatorId: from }, 'no reply in time: dialog returned to its queue');
  }

  /** The customer stayed silent: first "anything else?", then the idle close. */
  private async idle(id: string): Promise<void> {
    const c = this.book.get(id);
    const now = this.ctx.clock.now();
    if (!c) return;
    const lang = this.book.langOf(c);
    if (c.idleAskAt != null && c.idleAskAt <= now) {
      const changes = new ChangeSet(this.ctx, now, 'memory-first');
      const asked = this.book.save(changes, askedAnythingElse(c, now));
      this.book.botMessage(changes, asked, 'anythingElse', this.ctx.bot.say(lang, 'anythingElse'));
      this.book.announce(changes, asked, asked.operatorId);
      await changes.commit();
      return;
    }
    if (c.idleAskAt != null || c.idleCloseAt == null || c.idleCloseAt > now) return;
    const changes = new ChangeSet(this.ctx, now, 'memory-first');
    // No rating question: a customer who went silent rates nothing, and a rating they never gave
    // is better than one prompted from someone who left.
    resolveConversation(this.ctx, this.book, changes, c, {
      tag: IDLE_TAG,
      outcome: null,
      notices: ['idleClosed'],
    });
    await changes.commit();
  }
}
