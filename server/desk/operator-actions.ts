// What operators and supervisors do to conversations: read, reply, add notes, resolve, transfer.
// Every command checks who may do it, then commits one change set.
import type { z } from 'zod';
import type { CustomerIdentities } from '../../shared/customer-schemas';
import { LIMITS } from '../../shared/limits';
import type {
  AttachmentChunk,
  AttachmentInput,
  UploadInput,
  UploadProgress,
  Callback,
  CallbackInput,
  RetryDeliveryInput,
  Conversation,
  HoldInput,
  Message,
  ReplyWindow,
  ResolveInput,
  SendMessageInput,
  TransferInput,
} from '../../shared/schemas';
import { outboundText } from '../../shared/text-rules';
import type { Attachments } from '../attachments/attachments';
import { operatorReplied, requeued } from '../domain/conversation';
import { held } from '../domain/reply-timers';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { ConversationBook } from './conversation-book';
import type { Directory } from './directory';
import { DeskError, routed } from './errors';
import { customerIdentities } from './customer-records';
import { conversationFromRow, messageFromRow, type OperatorRecord } from './mappers';
import type { Callbacks } from './callbacks';
import type { ReplyWindows } from './reply-window';
import { resolveConversation } from './resolution';

/** A tag or outcome left empty is none (null), not an outcome named "" in the reports. */
const noneIfBlank = (value: string | undefined): string | null => (value?.trim() ? value.trim() : null);

/** Whose uploads an operator's message may carry: their own. */
export const uploadOwner = (actor: OperatorRecord) => `operator:${actor.id}`;

const canSeeAll = (actor: OperatorRecord) => actor.role === 'supervisor' || actor.role === 'admin';

/** An open conversation the actor may act on: their own, or any for supervisors. */
export function writableConversation(
  book: Pick<ConversationBook, 'get'>,
  actor: OperatorRecord,
  conversationId: string,
): Conversation {
  const conversation = book.get(conversationId);
  if (!conversation || (!canSeeAll(actor) && conversation.operatorId !== actor.id)) {
    throw new DeskError('FORBIDDEN', `conversation ${conversationId} is not assigned to you`);
  }
  return conversation;
}

export class OperatorActions {
  private readonly inFlight = new Map<string, Promise<Message>>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
    private readonly files: Attachments,
    private readonly windows: ReplyWindows,
    private readonly callbacks: Callbacks,
  ) {}

  /** The conversation's reply window and the channel's approved templates (for the composer). */
  replyWindow(actor: OperatorRecord, conversationId: string): Promise<ReplyWindow> {
    return this.windows.state(this.writable(actor, conversationId));
  }

  /** An open conversation the actor may act on: their own, or any for supervisors. */
  private writable(actor: OperatorRecord, conversationId: string): Conversation {
    return writableConversation(this.book, actor, conversationId);
  }

  /** Any conversation (open or closed) the actor may read. */
  private async readable(actor: OperatorRecord, conversationId: string): Promise<Conversation> {
    const open = this.book.get(conversationId);
    if (open && (canSeeAll(actor) || open.operatorId === actor.id)) return open;
    if (canSeeAll(actor)) {
      const row = await this.ctx.store.get(this.ctx.store.q.conversationById, { id: conversationId });
      if (row) {
        const customer = await this.ctx.store.get(this.ctx.store.q.customerById, { id: row.customer_id });
        return conversationFromRow(row, customer?.name ?? null, this.directory.channel(row.channel_id));
      }
      throw new DeskError('NOT_FOUND', `conversation ${conversationId} does not exist`);
    }
    throw new DeskError('FORBIDDEN', `conversation ${conversationId} is not assigned to you`);
  }

  conversationsOf(actor: OperatorRecord): Conversation[] {
    return this.book.ofOperator(actor.id);
  }

  /** The newest `limit` messages of a conversation, or those older than `before`, oldest first. */
  async messages(actor: OperatorRecord, conversationId: string, limit: number, before?: string): Promise<Message[]> {
    await this.readable(actor, conversationId);
    const { store } = this.ctx;
    const rows =
      before === undefined
        ? await store.all(store.q.messagesOfConversation, { conversation_id: conversationId, limit })
        : await store.all(store.q.messagesOfConversationBefore, { conversation_id: conversationId, before, limit });
    return rows.reverse().map(messageFromRow);
  }

  /** Part of one file of a message in a conversation the actor may read, from `offset`. */
  async attachment(actor: OperatorRecord, input: z.output<typeof AttachmentInput>): Promise<AttachmentChunk> {
    await this.readable(actor, input.conversationId);
    const { store } = this.ctx;
    const row = await store.get(store.q.messageById, { id: input.messageId });
    const file =
      row?.conversation_id === input.conversationId ? messageFromRow(row).attachments?.[input.index] : undefined;
    if (!file)
      throw new DeskError(
        'NOT_FOUND',
        `message ${input.messageId} has no file ${input.index + 1} in this conversation`,
      );
    const bytes = await this.files.read(file.hash);
    if (!bytes) throw new DeskError('NOT_FOUND', `the bytes of file "${file.name}" are gone from the store`);
    const part = bytes.subarray(input.offset, input.offset + LIMITS.downloadChunk);
    const end = input.offset + part.length;
    return { ...file, offset: input.offset, data: part.toString('base64'), done: end >= bytes.length };
  }

  /** A file (or part of one) the operator sends ahead of the message that carries it. */
  upload(actor: OperatorRecord, input: z.output<typeof UploadInput>): Promise<UploadProgress> {
    this.ctx.disk.assertRoom();
    return this.files.uploadPart(uploadOwner(actor), {
      name: input.name,
      bytes: Buffer.from(input.data, 'base64'),
      append: input.append,
      last: input.last,
    });
  }

  /**
   * The customer behind a conversation, their earlier conversations, and (issue 18 §1) their
   * identities and merges, for context.
   */
  async customer(actor: OperatorRecord, conversationId: string) {
    const conversation = await this.readable(actor, conversationId);
    const { store } = this.ctx;
    const customer = (await store.get(store.q.customerById, { id: conversation.customerId }))!;
    const history = await store.all(store.q.conversationsOfCustomer, { customer_id: customer.id, limit: 50 });
    const { identities, merges } = await customerIdentities(store, customer);
    return {
      identities,
      merges,
      customer: {
        id: customer.id,
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        givenEmail: customer.given_email,
        consent: customer.consent_at === null ? null : { at: customer.consent_at, text: customer.consent_text ?? '' },
      },
      conversations: history.map((row) =>
        conversationFromRow(row, customer.name, this.directory.channel(row.channel_id)),
      ),
    };
  }

  /** The identities and merges of the customer behind a conversation the actor may read. */
  async customerIdentities(actor: OperatorRecord, conversationId: string): Promise<CustomerIdentities> {
    const conversation = await this.readable(actor, conversationId);
    const { store } = this.ctx;
    const customer = (await store.get(store.q.customerById, { id: conversation.customerId }))!;
    return customerIdentities(store, customer);
  }

  async send(actor: OperatorRecord, input: z.output<typeof SendMessageInput>): Promise<Message> {
    const key = `${actor.id}\u0000${input.clientId}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const stored = await this.ctx.store.get(this.ctx.store.q.messageByClientId, {
      author_id: actor.id,
      client_id: input.clientId,
    });
    if (stored) return messageFromRow(stored);
    const raced = this.inFlight.get(key);
    if (raced) return raced;
    const work = this.sendNew(actor, input);
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async sendNew(actor: OperatorRecord, input: z.output<typeof SendMessageInput>): Promise<Message> {
    let conversation = this.writable(actor, input.conversationId);
    const refs = input.attachments ?? [];
    const template = input.template ? this.windows.template(conversation, input.template) : undefined;
    if (!input.private && !template) {
      this.book.assertDeliverable(conversation, input.text, refs.length);
      // A template is what a closed window allows; free text and files are checked against it.
      await this.windows.assertFreeText(conversation);
    }
    const attachments = await this.files.resolve(uploadOwner(actor), refs);
    // The look-up above yielded: the conversation may have moved meanwhile.
    conversation = this.writable(actor, input.conversationId);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const message: Message = {
      id: this.ctx.ids.next(),
      conversationId: conversation.id,
      author: { type: 'operator', id: actor.id, name: actor.name },
      // The outbound edge: a reply is stored as the customer's channel will carry it.
      text: template ? template.text : input.private ? input.text : outboundText(input.text),
      private: input.private,
      createdAt: changes.at,
      ...(attachments.length && { attachments }),
    };
    // A private note answers nobody, so it leaves the SLA clock running.
    const wasWaiting = conversation.waitingSince !== null;
    if (!input.private) conversation = operatorReplied(conversation, changes.at);
    this.book.save(changes, conversation);
    const sent = this.book.addMessage(changes, conversation, message, {
      clientId: input.clientId,
      template: template?.outbound,
    });
    if (wasWaiting && !input.private) this.book.announce(changes, conversation, conversation.operatorId);
    // A supervisor may answer a conversation still in the queue: it no longer owes a response.
    if (!input.private && conversation.status === 'queued') {
      this.book.applyAssignments(changes, this.ctx.router.updateSla(conversation.id, null));
    }
    await changes.commit();
    return sent;
  }

  async resolve(actor: OperatorRecord, input: z.output<typeof ResolveInput>): Promise<Conversation> {
    const current = this.writable(actor, input.conversationId);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const closed = resolveConversation(this.ctx, this.book, changes, current, {
      tag: noneIfBlank(input.tag),
      outcome: noneIfBlank(input.outcome),
      notices: ['closed', 'askRating'],
    });
    await changes.commit();
    return closed;
  }

  /** Pauses or resumes the idle close of a dialog the actor may act on (issue 17 §3, /hold). */
  async hold(actor: OperatorRecord, input: z.output<typeof HoldInput>): Promise<Conversation> {
    const current = this.writable(actor, input.conversationId);
    if ((current.held ?? false) === input.on) return current;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const next = this.book.save(changes, held(current, input.on, changes.at));
    this.book.announce(changes, next, next.operatorId);
    await changes.commit();
    return next;
  }

  /**
   * Hands a dialog that text cannot solve to the voice line: the request is stored for
   * supervisors to keep (./callbacks.ts), the transcript keeps a note of it, and the customer is
   * told to expect the call.
   */
  async requestCallback(actor: OperatorRecord, input: z.output<typeof CallbackInput>): Promise<Callback> {
    const conversation = this.writable(actor, input.conversationId);
    // Only rows and events: nothing in memory changes, so a refused write leaves nothing behind.
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    this.book.addMessage(changes, conversation, {
      id: this.ctx.ids.next(),
      conversationId: conversation.id,
      author: { type: 'operator', id: actor.id, name: actor.name },
      text: `Call-back requested: ${input.phone}${input.reason ? ` — ${input.reason}` : ''}`,
      private: true,
      createdAt: changes.at,
    });
    const lang = this.book.langOf(conversation);
    this.book.botMessage(
      changes,
      conversation,
      'callbackPromised',
      this.ctx.bot.say(lang, 'callbackPromised', { phone: input.phone }),
    );
    changes.event(
      this.ctx.bus,
      null,
      {
        type: 'callback.requested',
        conversationId: conversation.id,
        operatorId: actor.id,
        phone: input.phone,
        reason: input.reason,
      },
      conversation.id,
    );
    const callback = this.callbacks.request(changes, actor, conversation, input);
    await changes.commit();
    return callback;
  }

  async transfer(actor: OperatorRecord, input: z.output<typeof TransferInput>): Promise<Conversation> {
    const current = this.writable(actor, input.conversationId);
    const { router } = this.ctx;
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    const previousHolder = current.operatorId;
    let moved: Conversation;
    let assignments;
    if ('queueId' in input.to) {
      const { queueId } = input.to;
      this.directory.queue(queueId);
      moved = requeued(current, changes.at, queueId);
      assignments = routed(() => router.moveToQueue(current.id, queueId, current.slaDueAt));
    } else {
      const target = this.directory.operator(input.to.operatorId);
      if (target.id === previousHolder)
        throw new DeskError('BAD_REQUEST', 'the conversation is already assigned to that operator');
      // A supervisor's choice stands over the queue's skills; an operator hands over to someone who has them.
      assignments = routed(() => router.assignTo(current.id, target.id, { ignoreSkills: canSeeAll(actor) }));
      moved = requeued(current, changes.at);
    }
    this.book.save(changes, moved);
    this.book.announce(changes, moved, null);
    if (input.note) {
      this.book.addMessage(changes, moved, {
        id: this.ctx.ids.next(),
        conversationId: moved.id,
        author: { type: 'operator', id: actor.id, name: actor.name },
        text: input.note,
        private: true,
        createdAt: changes.at,
      });
    }
    if (previousHolder) {
      changes.event(
        this.ctx.bus,
        previousHolder,
        { type: 'conversation.removed', conversationId: moved.id, reason: 'transferred' },
        moved.id,
      );
    }
    this.book.applyAssignments(changes, assignments);
    await changes.commit();
    return this.book.get(moved.id) ?? moved;
  }

  /** A message the provider refused goes into the outbox again, when the operator asks. */
  async retryDelivery(actor: OperatorRecord, input: z.output<typeof RetryDeliveryInput>): Promise<void> {
    const conversation = this.writable(actor, input.conversationId);
    const { store } = this.ctx;
    const row = await store.get(store.q.messageById, { id: input.messageId });
    if (!row || row.conversation_id !== conversation.id)
      throw new DeskError('NOT_FOUND', `message ${input.messageId} is not in conversation ${conversation.id}`);
    if (row.delivery_status !== 'failed')
      throw new DeskError(
        'BAD_REQUEST',
        `message ${input.messageId} has not failed: only a failed message is sent again`,
      );
    const failed = await store.get(store.q.lastOutboxOfMessage, { message_id: row.id });
    if (!failed)
      throw new DeskError(
        'BAD_REQUEST',
        `message ${input.messageId} never went through the outbox: nothing to send again`,
      );
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'disk-first');
    this.book.redeliver(changes, conversation, messageFromRow(row), failed.body);
    await changes.commit();
  }
}
