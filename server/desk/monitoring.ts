// Live monitoring (issue 18 §4): a supervisor whispers to a dialog's operator, or takes the
// dialog over. (Following a dialog live is a feed: server/api/follow-feed.ts.)
//
// Decisions where the issue is silent:
// - A whisper is a private note marked `whisper`: stored, shown to whoever holds the dialog and to
//   supervisors, never to the customer (addMessage sends nothing private anywhere). It answers
//   nobody, so the SLA and no-reply clocks run on.
// - A take-over moves the dialog to the supervisor whatever its queue's skills and their capacity
//   (they chose it); its weight counts on them, and the room it frees goes to the queues at once.
//   The SLA deadline is the customer's and stays as it was. The no-reply timer restarts from the
//   take-over, as on any assignment: a supervisor who then leaves the customer unanswered sees the
//   dialog go back to its queue like anyone else. The customer is not told: they were told an
//   operator joined, and a second "operator joined" in the middle of a dialog reads as a restart.
//   The operator is told (conversation.removed, reason 'taken-over'), the transcript keeps a note.
import type { z } from 'zod';
import type { TakeOverInput, WhisperInput } from '../../shared/monitor-schemas';
import type { Conversation, Message } from '../../shared/schemas';
import { assigned } from '../domain/conversation';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Directory } from './directory';
import { DeskError, routed } from './errors';
import { messageFromRow, type OperatorRecord } from './mappers';

export class Monitoring {
  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
  ) {}

  async whisper(actor: OperatorRecord, input: z.output<typeof WhisperInput>): Promise<Message> {
    this.open(input.conversationId);
    const { store } = this.ctx;
    // A retry of a whisper already stored (its answer was lost) returns it rather than a second one.
    const stored = await store.get(store.q.messageByClientId, { author_id: actor.id, client_id: input.clientId });
    if (stored) return messageFromRow(stored);
    // The look-up above yielded: the dialog may have closed meanwhile.
    const conversation = this.open(input.conversationId);
    // Only a row and its event: memory is unchanged, so a refused write (a racing retry) leaves nothing.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    const message = this.book.addMessage(
      changes,
      conversation,
      {
        id: this.ctx.ids.next(),
        conversationId: conversation.id,
        author: { type: 'operator', id: actor.id, name: actor.name },
        text: input.text,
        private: true,
        whisper: true,
        createdAt: changes.at,
      },
      { clientId: input.clientId },
    );
    await changes.commit();
    return message;
  }

  async takeOver(actor: OperatorRecord, input: z.output<typeof TakeOverInput>): Promise<Conversation> {
    const current = this.open(input.conversationId);
    if (current.operatorId === actor.id)
      throw new DeskError('BAD_REQUEST', `conversation ${current.id} is already yours: answer it from your console`);
    const from = current.operatorId;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const [, ...freed] = routed(() => this.ctx.router.takeOver(current.id, actor.id));
    const taken = this.book.save(changes, assigned(current, actor.id, changes.at), { returned: false });
    changes.event(this.ctx.bus, actor.id, { type: 'conversation.assigned', conversation: taken }, taken.id);
    const fromName = from ? (this.directory.operators.get(from)?.name ?? from) : null;
    this.book.addMessage(changes, taken, {
      id: this.ctx.ids.next(),
      conversationId: taken.id,
      author: { type: 'operator', id: actor.id, name: actor.name },
      text: fromName ? `${actor.name} took this dialog over from ${fromName}` : `${actor.name} took this dialog over`,
      private: true,
      createdAt: changes.at,
    });
    if (from)
      changes.event(
        this.ctx.bus,
        from,
        { type: 'conversation.removed', conversationId: taken.id, reason: 'taken-over', byName: actor.name },
        taken.id,
      );
    changes.event(
      this.ctx.bus,
      null,
      { type: 'conversation.takenOver', conversationId: taken.id, fromOperatorId: from, operatorId: actor.id },
      taken.id,
    );
    this.book.applyAssignments(changes, freed);
    await changes.commit();
    return taken;
  }

  private open(conversationId: string): Conversation {
    const conversation = this.book.get(conversationId);
    if (!conversation)
      throw new DeskError(
        'NOT_FOUND',
        `conversation ${conversationId} is not open: only an open dialog can be whispered to or taken over`,
      );
    return conversation;
  }
}
