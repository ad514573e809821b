// The open conversations in memory (the router decides on them without touching the disk) and
// the writes every conversation change shares: saving the row, adding a message with its event
// and outbox entry, and carrying out the router's assignments.
import type { Conversation, Lang, Message, Notice } from '../../shared/schemas';
import { outboundDelivery, type OutboundTemplate } from '../channels/delivery';
import type { Outbox } from '../channels/outbox';
import { assigned } from '../domain/conversation';
import { withDueTimes } from '../domain/reply-timers';
import type { Assignment } from '../domain/routing';
import { ChangeSet } from './changes';
import type { ChannelPort } from './channel-port';
import type { DeskContext } from './context';
import type { DirectoryRecords } from './directory-records';
import { DeskError } from './errors';
import { conversationFromRow, conversationToRow, messageToRow } from './mappers';
import { customerLang } from './off-hours';
import { enqueueOutboxEntry } from './outbox-entry';

export interface MessageOrigin {
  externalId?: string | null;
  clientId?: string | null;
  /** The approved template the message is sent as (its text is the template filled in). */
  template?: OutboundTemplate;
  /**
   * A bot message the customer is sent even on a channel that carries no notices: e-mail's one
   * acknowledgement of a new letter (server/domain/queue-position.ts ACKNOWLEDGES).
   */
  acknowledgement?: boolean;
}

const contactKey = (channelId: string, contactId: string) => `${channelId}\u0000${contactId}`;

export class ConversationBook {
  private readonly open = new Map<string, Conversation>();
  private readonly openByContact = new Map<string, string>();
  /** Conversations put back after their operator's grace ran out: served ahead of newcomers. */
  private readonly returned = new Set<string>();
  /** Told every saved state (issue 17's timers follow it); see watch(). */
  private readonly watchers: ((conversation: Conversation) => void)[] = [];

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    /** Operator and bot messages for channels that deliver through it (ChannelPort.usesOutbox). */
    private readonly outbox: Pick<Outbox, 'enqueue'>,
    private readonly channels: Pick<
      ChannelPort,
      'usesOutbox' | 'maxTextLength' | 'carriesAttachments' | 'carriesNotices'
    >,
  ) {}

  /** Rebuilds memory and the router from the store after a start. */
  async restore(): Promise<void> {
    const { store, router } = this.ctx;
    const rows = await store.all(store.q.openConversations, {});
    const names = new Map<string, string | null>();
    for (const row of rows) {
      if (!names.has(row.customer_id)) {
        const customer = await store.get(store.q.customerById, { id: row.customer_id });
        names.set(row.customer_id, customer?.name ?? null);
      }
      const channel = this.records.channel(row.channel_id);
      const activity = await store.get(store.q.lastMessageAtOfConversation, { conversation_id: row.id });
      const conversation = this.timed(
        conversationFromRow(
          { ...row, last_message_at: Math.max(row.last_message_at, activity?.at ?? 0) },
          names.get(row.customer_id) ?? null,
          channel,
        ),
      );
      this.put(conversation);
      if (row.returned) this.returned.add(row.id);
      if (conversation.operatorId) {
        // Not connected yet: this starts the operator's grace; past it the dialog waits in its queue again.
        router.restoreAssignment(
          conversation.id,
          conversation.operatorId,
          conversation.weight,
          waitingItem(conversation),
        );
      } else {
        router.enqueue(waitingItem(conversation), {
          returned: row.returned === 1,
          avoidOperatorId: conversation.passedOverBy ?? null,
        });
      }
    }
    for (const conversation of this.open.values()) for (const watch of this.watchers) watch(conversation);
  }

  /**
   * Calls `watcher` with every state a conversation is saved in, and with each open one after a
   * restore: how the timers of issue 17 follow assignments, replies, holds and closes without
   * each command having to remember them.
   */
  watch(watcher: (conversation: Conversation) => void): void {
    this.watchers.push(watcher);
  }

  /** The conversation with the times its timers fall due, from its queue's and channel's settings. */
  private timed(conversation: Conversation): Conversation {
    return withDueTimes(conversation, this.records.timerSettings(conversation.queueId, conversation.channelId));
  }

  get(id: string): Conversation | undefined {
    return this.open.get(id);
  }

  require(id: string): Conversation {
    const conversation = this.open.get(id);
    if (!conversation) throw new DeskError('NOT_FOUND', `conversation ${id} is not open`);
    return conversation;
  }

  byContact(channelId: string, contactId: string): Conversation | undefined {
    const id = this.openByContact.get(contactKey(channelId, contactId));
    return id ? this.open.get(id) : undefined;
  }

  all(): Conversation[] {
    return [...this.open.values()];
  }

  /**
   * Who holds an open conversation of the customer now (the longest held first), for the sticky
   * rule widened to the customer (issue 18 §1). A scan of the open conversations: it runs once
   * per new conversation, not per message.
   */
  holderOfCustomer(customerId: string): string | null {
    let held: Conversation | undefined;
    for (const c of this.open.values())
      if (
        c.customerId === customerId &&
        c.operatorId !== null &&
        (!held || (c.assignedAt ?? 0) < (held.assignedAt ?? 0))
      )
        held = c;
    return held?.operatorId ?? null;
  }

  ofOperator(operatorId: string): Conversation[] {
    return this.all().filter((c) => c.operatorId === operatorId);
  }

  /** Records the new state in memory and adds its row to the change set. */
  save(changes: ChangeSet, given: Conversation, opts: { returned?: boolean } = {}): Conversation {
    const conversation = this.timed(given);
    const before = this.open.get(conversation.id);
    const wasReturned = this.returned.has(conversation.id);
    if (opts.returned === true) this.returned.add(conversation.id);
    if (opts.returned === false || conversation.status !== 'queued') this.returned.delete(conversation.id);
    if (conversation.status === 'resolved') {
      this.open.delete(conversation.id);
      this.openByContact.delete(contactKey(conversation.channelId, conversation.contactId));
      this.returned.delete(conversation.id);
    } else {
      this.put(conversation);
    }
    // Most customer messages change nothing but the time of last activity, which restore()
    // rebuilds from the transcript: skipping that write takes one statement off the hot path.
    for (const watch of this.watchers) watch(conversation);
    if (before && wasReturned === this.returned.has(conversation.id) && onlyActivityDiffers(before, conversation))
      return conversation;
    changes.write(
      this.ctx.store.q.saveConversation,
      conversationToRow(conversation, this.returned.has(conversation.id)),
    );
    return conversation;
  }

  /**
   * Stores a message, tells whoever holds the conversation, and sends an operator's or the bot's
   * message on to the customer: to their live connections on the bus once committed, and into
   * the outbox when the channel's adapter delivers through it. Returns the message as stored
   * (with its pending delivery, if any).
   */
  addMessage(changes: ChangeSet, conversation: Conversation, message: Message, origin: MessageOrigin = {}): Message {
    const { store, bus } = this.ctx;
    const channel = this.records.channel(conversation.channelId);
    const toCustomer =
      message.author.type !== 'customer' &&
      !message.private &&
      (message.author.type !== 'bot' || origin.acknowledgement === true || this.channels.carriesNotices(channel));
    const durable = toCustomer && this.channels.usesOutbox(channel);
    const stored: Message = durable
      ? { ...message, delivery: { status: 'pending', providerId: null, error: null } }
      : message;
    changes.write(
      store.q.insertMessage,
      messageToRow(stored, conversation.channelId, origin.externalId ?? null, origin.clientId ?? null),
    );
    // Housekeeping keeps a file while any message refers to it.
    for (const file of message.attachments ?? [])
      changes.write(store.q.insertMessageFile, { message_id: message.id, hash: file.hash });
    changes.event(bus, conversation.operatorId, { type: 'message.created', message: stored }, conversation.id);
    if (!toCustomer) return stored;
    const { contactId } = conversation;
    changes.afterCommit(() => bus.publishToCustomer(channel.id, contactId, stored));
    if (durable)
      this.enqueueDelivery(
        changes,
        conversation,
        message.id,
        JSON.stringify(outboundDelivery(conversation, message, origin.template)),
      );
    return stored;
  }

  /**
   * Puts a failed message in the outbox again, at the end of its conversation's queue: the
   * operator asked for it, so it may go after replies written since. `body`: the delivery it
   * failed with (a template stays a template).
   */
  redeliver(changes: ChangeSet, conversation: Conversation, message: Message, body: string): void {
    const delivery = { status: 'pending' as const, providerId: null, error: null };
    changes.write(this.ctx.store.q.messageDeliveryReported, {
      id: message.id,
      delivery_status: 'pending',
      delivery_error: null,
    });
    changes.event(
      this.ctx.bus,
      conversation.operatorId,
      { type: 'message.delivery', conversationId: conversation.id, messageId: message.id, delivery },
      conversation.id,
    );
    this.enqueueDelivery(changes, conversation, message.id, body);
  }

  private enqueueDelivery(changes: ChangeSet, conversation: Conversation, messageId: string, body: string): void {
    enqueueOutboxEntry(this.ctx, this.outbox, changes, {
      channelId: conversation.channelId,
      conversationId: conversation.id,
      messageId,
      body,
    });
  }

  /** Refuses a reply the customer's channel could not carry, before anything is stored. */
  assertDeliverable(conversation: Conversation, text: string, files = 0): void {
    const channel = this.records.channel(conversation.channelId);
    if (files > 0 && !this.channels.carriesAttachments(channel))
      throw new DeskError(
        'BAD_REQUEST',
        `a ${channel.adapter} channel carries no files: send the text alone, or a link to the file`,
      );
    const max = this.channels.maxTextLength(channel);
    if (max !== null && text.length > max)
      throw new DeskError(
        'BAD_REQUEST',
        `this channel carries at most ${max} characters in one message (this one has ${text.length}): shorten it or send it in parts`,
      );
  }

  /** Tells `audience` (null: supervisors only) the conversation's new state. */
  announce(changes: ChangeSet, conversation: Conversation, audience: string | null): void {
    // With the timers' due times, which a caller's copy may lack or have stale.
    const told = this.timed(conversation);
    changes.event(this.ctx.bus, audience, { type: 'conversation.updated', conversation: told }, conversation.id);
  }

  /** The language the bot speaks to this customer (off-hours.ts customerLang). */
  langOf(conversation: Conversation): Lang {
    return customerLang(this.records, conversation);
  }

  /** The bot's `notice` (which of its sayings, for clients to draw it as one) in the channel's words. */
  botMessage(
    changes: ChangeSet,
    conversation: Conversation,
    notice: Notice,
    text: string,
    origin: Pick<MessageOrigin, 'acknowledgement'> = {},
  ): void {
    this.addMessage(
      changes,
      conversation,
      {
        id: this.ctx.ids.next(),
        conversationId: conversation.id,
        author: { type: 'bot', id: null, name: 'textdesk' },
        text,
        private: false,
        createdAt: changes.at,
        notice,
      },
      origin,
    );
  }

  /** Carries out the router's decisions: the operator gets the dialog, the customer is told. */
  applyAssignments(changes: ChangeSet, assignments: Assignment[]): void {
    for (const { conversationId, operatorId } of assignments) {
      const operator = this.records.operator(operatorId);
      const conversation = this.save(changes, assigned(this.require(conversationId), operatorId, changes.at), {
        returned: false,
      });
      changes.event(this.ctx.bus, operatorId, { type: 'conversation.assigned', conversation }, conversationId);
      this.botMessage(
        changes,
        conversation,
        'operatorJoined',
        this.ctx.bot.say(this.langOf(conversation), 'operatorJoined', { operator: operator.name }),
      );
    }
  }

  private put(conversation: Conversation): void {
    this.open.set(conversation.id, conversation);
    this.openByContact.set(contactKey(conversation.channelId, conversation.contactId), conversation.id);
  }
}

const ACTIVITY_ONLY = new Set<keyof Conversation>(['lastMessageAt', 'customerName']);

function onlyActivityDiffers(a: Conversation, b: Conversation): boolean {
  for (const key of Object.keys(b) as (keyof Conversation)[]) {
    if (!ACTIVITY_ONLY.has(key) && a[key] !== b[key]) return false;
  }
  return true;
}

export function waitingItem(c: Conversation) {
  return {
    conversationId: c.id,
    queueId: c.queueId,
    weight: c.weight,
    slaDueAt: c.slaDueAt,
    waitingSince: c.waitingSince ?? c.queuedAt ?? c.createdAt,
  };
}
