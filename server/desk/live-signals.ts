// Typing indicators and read receipts (issue 15), both ways. Typing is ephemeral: it goes to the
// operator who holds the dialog (EventBus.publishEphemeral) or to the customer's live connections
// (EventBus.signalCustomer), throttled here per dialog and side, and is never stored. Read markers
// are durable: the newest message id each side has seen, on the conversation's row, moving only
// forwards; the customer's reaches the operator as conversation.updated, the operator's reaches
// the customer's live connections once committed.
import type { Conversation } from '../../shared/schemas';
import { ChangeSet } from './changes';
import type { ChannelPort } from './channel-port';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Directory } from './directory';
import { DeskError } from './errors';
import type { ChannelRecord, OperatorRecord } from './mappers';
import { writableConversation } from './operator-actions';

/**
 * At most one typing signal per dialog and side in this time: the clients send one every few
 * seconds while someone types, and a flood from a script costs a map look-up, not a frame.
 */
export const TYPING_SIGNAL_MS = 1000;

export class LiveSignals {
  /** When each dialog's side last passed a typing signal on, by `${conversationId}:${side}`. */
  private readonly lastTyping = new Map<string, { at: number; active: boolean }>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
    private readonly channels: Pick<ChannelPort, 'showsTyping' | 'showsReadReceipts'>,
  ) {}

  /** The customer types (or stopped): told to whoever holds their open dialog, if anyone does. */
  customerTyping(channel: ChannelRecord, contactId: string, active: boolean): void {
    const conversation = this.book.byContact(channel.id, contactId);
    if (!conversation?.operatorId || !this.pass(conversation.id, 'customer', active)) return;
    this.ctx.bus.publishEphemeral(conversation.operatorId, this.ctx.clock.now(), {
      type: 'conversation.typing',
      conversationId: conversation.id,
      active,
    });
  }

  /**
   * The operator types in the dialog's composer: shown to the customer where the channel's kind
   * can show it; elsewhere nothing happens (it is still a success: the console need not know
   * kinds). `shown` says whether it went out.
   */
  operatorTyping(actor: OperatorRecord, conversationId: string): { shown: boolean } {
    const conversation = writableConversation(this.book, actor, conversationId);
    const channel = this.directory.channel(conversation.channelId);
    if (!this.channels.showsTyping(channel) || !this.pass(conversation.id, 'operator', true)) return { shown: false };
    this.ctx.bus.signalCustomer(channel.id, conversation.contactId, { type: 'typing', name: actor.name });
    return { shown: true };
  }

  /** The operator has seen the dialog up to `upTo` (a message of it): stored, then told to the customer. */
  async operatorRead(actor: OperatorRecord, conversationId: string, upTo: string): Promise<Conversation> {
    writableConversation(this.book, actor, conversationId);
    await this.assertMessageOf(conversationId, upTo);
    // The look-up yielded: the dialog may have moved or been resolved meanwhile.
    const conversation = writableConversation(this.book, actor, conversationId);
    if (conversation.operatorReadUpTo !== null && upTo <= conversation.operatorReadUpTo) return conversation;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const saved = this.book.save(changes, { ...conversation, operatorReadUpTo: upTo });
    const channel = this.directory.channel(conversation.channelId);
    if (this.channels.showsReadReceipts(channel))
      changes.afterCommit(() =>
        this.ctx.bus.signalCustomer(channel.id, conversation.contactId, { type: 'read', upTo }),
      );
    await changes.commit();
    return saved;
  }

  /**
   * The customer has seen their open dialog up to `upTo`: stored, and the holder (and supervisors)
   * get the dialog with its new marker. Nothing happens without an open dialog or when the marker
   * would move back.
   */
  async customerRead(channel: ChannelRecord, contactId: string, upTo: string): Promise<void> {
    const before = this.book.byContact(channel.id, contactId);
    if (!before) return;
    // A write like any other: refused while the data directory is low on space.
    this.ctx.disk.assertRoom();
    await this.assertMessageOf(before.id, upTo);
    const conversation = this.book.get(before.id);
    if (!conversation || (conversation.customerReadUpTo !== null && upTo <= conversation.customerReadUpTo)) return;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const saved = this.book.save(changes, { ...conversation, customerReadUpTo: upTo });
    this.book.announce(changes, saved, saved.operatorId);
    await changes.commit();
  }

  /** The operator's marker on the contact's latest dialog, open or not (a reloaded widget shows it). */
  async operatorReadUpTo(channel: ChannelRecord, contactId: string): Promise<string | null> {
    const open = this.book.byContact(channel.id, contactId);
    if (open) return open.operatorReadUpTo;
    const { store } = this.ctx;
    const latest = await store.get(store.q.latestConversationOfContact, {
      channel_id: channel.id,
      contact_id: contactId,
    });
    return latest?.operator_read_up_to ?? null;
  }

  /** A marker names a message of that dialog, or it is refused before anything changes. */
  private async assertMessageOf(conversationId: string, messageId: string): Promise<void> {
    const { store } = this.ctx;
    const row = await store.get(store.q.messageById, { id: messageId });
    if (row?.conversation_id !== conversationId)
      throw new DeskError('BAD_REQUEST', `message ${messageId} is not in conversation ${conversationId}`);
  }

  /**
   * Whether a typing signal passes the throttle: one per TYPING_SIGNAL_MS, except that "stopped"
   * right after "typing" passes at once (the other side then hides the mark without waiting).
   */
  private pass(conversationId: string, side: 'customer' | 'operator', active: boolean): boolean {
    const key = `${conversationId}:${side}`;
    const now = this.ctx.clock.now();
    const last = this.lastTyping.get(key);
    const stops = !active && last?.active === true;
    if (last !== undefined && !stops && now - last.at < TYPING_SIGNAL_MS) return false;
    if (last === undefined && !active) return false;
    // Keys of dialogs long quiet are dropped as the map grows, so it holds only the recent ones.
    if (this.lastTyping.size >= 4096) {
      for (const [k, seen] of this.lastTyping) if (now - seen.at >= TYPING_SIGNAL_MS) this.lastTyping.delete(k);
    }
    this.lastTyping.set(key, { at: now, active });
    return true;
  }
}
