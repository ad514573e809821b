// Conversations the desk starts (issue 16): an operator's /new or a script writes first, on a
// channel whose kind can (ChannelPort.startsConversations), to a contact in the form the kind's
// inbound messages carry, so the customer's reply lands in the same conversation. What the kind
// allows is asked through the port; no kind is named here.
import type { z } from 'zod';
import type {
  Conversation,
  CustomerMatch,
  Message,
  StartConversationInput,
  StartableChannel,
} from '../../shared/schemas';
import { outboundText } from '../../shared/text-rules';
import { assigned, openConversation } from '../domain/conversation';
import { likePatterns, rankCustomers } from '../domain/customer-search';
import { customersLike } from '../store/customer-queries';
import { RateLimiter } from '../domain/rate-limit';
import { ChangeSet } from './changes';
import type { ChannelPort } from './channel-port';
import type { DeskContext } from './context';
import { waitingItem, type ConversationBook } from './conversation-book';
import type { DirectoryRecords } from './directory-records';
import { DeskError, routed } from './errors';
import { conversationFromRow, messageFromRow, type ChannelRecord, type OperatorRecord } from './mappers';
import type { ReplyWindows } from './reply-window';

type StartInput = z.output<typeof StartConversationInput>;
/** Customers the store hands the ranking at most: enough for any name typed in part. */
const SEARCH_CANDIDATES = 200;
/** Who gets the started conversation: the starter, another operator if they can take it, or the queue. */
export type StartTarget = { take: 'self' } | { prefer: string } | { take: 'queue' };

export interface Started {
  conversation: Conversation;
  message: Message;
}

interface Contact {
  id: string;
  email?: string;
  phone?: string;
}

export class OutboundStarts {
  private readonly inFlight = new Map<string, Promise<Started>>();
  /**
   * Token buckets keyed by channel, so one channel's flood never holds back another's starts; one
   * limiter per distinct rate and burst, since a channel may set its own (startRatePerSec,
   * startBurst). A channel whose setting changes starts with a full bucket at its new rate.
   */
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly records: DirectoryRecords,
    private readonly book: ConversationBook,
    private readonly windows: ReplyWindows,
    private readonly port: Pick<ChannelPort, 'startsConversations' | 'startAddress' | 'templates' | 'replyWindowMs'>,
  ) {}

  /** The channel's start rate: its own, else the server's (outboundRatePerSec, outboundBurst). */
  private rateOf(channel: ChannelRecord): { perSec: number; burst: number } {
    const { outboundRatePerSec = 1, outboundBurst = 10 } = this.ctx.settings;
    return { perSec: channel.startRatePerSec ?? outboundRatePerSec, burst: channel.startBurst ?? outboundBurst };
  }

  private limiterOf(channel: ChannelRecord): RateLimiter {
    const { perSec, burst } = this.rateOf(channel);
    const key = `${perSec}/${burst}`;
    let limiter = this.limiters.get(key);
    if (!limiter) this.limiters.set(key, (limiter = new RateLimiter(this.ctx.clock, perSec, burst)));
    return limiter;
  }

  /** The live channels with whether (and to whom) each starts conversations, for the console's /new. */
  channels(): StartableChannel[] {
    return [...this.records.channels.values()].map((channel) => ({
      id: channel.id,
      name: channel.name,
      kind: channel.adapter,
      starts: this.port.startsConversations(channel) || 'never',
      templates: this.port.templates(channel),
      templateOnly: this.port.replyWindowMs(channel) !== null,
    }));
  }

  /**
   * Customers matching what an operator typed in /new, best first: the store narrows by substring
   * (at most 200 candidates, the newest customers first), the domain ranks (customer-search.ts).
   */
  async searchCustomers(query: string, limit: number): Promise<CustomerMatch[]> {
    const rows = await customersLike(this.ctx.store, likePatterns(query), SEARCH_CANDIDATES);
    return rankCustomers(query, rows, limit).map(({ id, name, email, phone }) => ({ id, name, email, phone }));
  }

  /** Starts one conversation; a retry with the same clientId gets the first one back. */
  async start(actor: OperatorRecord, input: StartInput, target: StartTarget): Promise<Started> {
    const key = `${actor.id}\u0000${input.clientId}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const done = await this.stored(actor, input.clientId);
    if (done) return done;
    const raced = this.inFlight.get(key);
    if (raced) return raced;
    const work = this.startNew(actor, input, target);
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async stored(actor: OperatorRecord, clientId: string): Promise<Started | null> {
    const { store } = this.ctx;
    const row = await store.get(store.q.messageByClientId, { author_id: actor.id, client_id: clientId });
    if (!row) return null;
    const message = messageFromRow(row);
    const open = this.book.get(message.conversationId);
    if (open) return { conversation: open, message };
    const conversationRow = (await store.get(store.q.conversationById, { id: message.conversationId }))!;
    const customer = await store.get(store.q.customerById, { id: conversationRow.customer_id });
    const channel = this.records.channel(conversationRow.channel_id);
    return { conversation: conversationFromRow(conversationRow, customer?.name ?? null, channel), message };
  }

  private async startNew(actor: OperatorRecord, input: StartInput, target: StartTarget): Promise<Started> {
    const { ctx, book } = this;
    const channel = this.records.channels.get(input.channelId);
    if (!channel) throw new DeskError('NOT_FOUND', `channel ${input.channelId} does not exist`);
    const { contact, customer } = await this.contactFor(channel, input.to);
    const open = book.byContact(channel.id, contact.id);
    if (open)
      throw new DeskError(
        'CONFLICT',
        `this contact already has conversation ${open.id} open on channel ${channel.id}: write there instead`,
      );
    const at = ctx.clock.now();
    let conversation: Conversation = {
      ...openConversation({
        id: ctx.ids.next(),
        customerId: customer?.id ?? ctx.ids.next(),
        customerName: customer?.name ?? null,
        channelId: channel.id,
        channelKind: channel.adapter,
        medium: channel.medium,
        contactId: contact.id,
        queueId: channel.queueId,
        weight: channel.weight,
        at,
      }),
      direction: 'outbound',
    };
    const template = input.template ? this.windows.template(conversation, input.template) : undefined;
    if (!template) {
      const text = input.text ?? '';
      book.assertDeliverable(conversation, text);
      // A new conversation has no customer message yet: a channel with a reply window takes a template only.
      await this.windows.assertFreeText(conversation);
    }
    if ('prefer' in target) this.records.operator(target.prefer);
    ctx.disk.assertRoom();
    // Taken last, once the start is known to be good: a refused one costs the channel nothing.
    const limiter = this.limiterOf(channel);
    if (!limiter.take(channel.id)) {
      const waitS = Math.max(1, Math.ceil(limiter.msUntilToken(channel.id) / 1000));
      throw new DeskError(
        'TOO_MANY_REQUESTS',
        `channel ${channel.id} starts at most ${this.rateOf(channel).perSec} conversation(s) a second: retry in ${waitS} s`,
      );
    }
    // The look-ups above yielded: another start, or the customer, may have opened one meanwhile.
    const raced = book.byContact(channel.id, contact.id);
    if (raced) {
      limiter.refund(channel.id);
      throw new DeskError('CONFLICT', `this contact already has conversation ${raced.id} open: write there instead`);
    }
    const changes = new ChangeSet(ctx, at, 'memory-first');
    if (!customer) this.newCustomer(changes, channel, conversation.customerId, contact);
    else if (customer.linked === false)
      changes.write(ctx.store.q.insertContact, {
        channel_id: channel.id,
        external_id: contact.id,
        customer_id: customer.id,
      });
    const holder = this.route(conversation, actor, target);
    if (holder) conversation = assigned(conversation, holder, at);
    book.save(changes, conversation);
    book.announce(changes, conversation, null);
    if (holder) changes.event(ctx.bus, holder, { type: 'conversation.assigned', conversation }, conversation.id);
    const message: Message = {
      id: ctx.ids.next(),
      conversationId: conversation.id,
      author: { type: 'operator', id: actor.id, name: actor.name },
      text: template ? template.text : outboundText(input.text ?? ''),
      private: false,
      createdAt: at,
    };
    // The first message answers nothing: no first response is recorded, so the customer's reply
    // starts the first-response clock as in any conversation.
    const sent = book.addMessage(changes, conversation, message, {
      clientId: input.clientId,
      template: template?.outbound,
    });
    await changes.commit();
    return { conversation: book.get(conversation.id) ?? conversation, message: sent };
  }

  /** The operator the router gives the new conversation to, or null while it waits in its queue. */
  private route(conversation: Conversation, actor: OperatorRecord, target: StartTarget): string | null {
    const { router } = this.ctx;
    const item = waitingItem(conversation);
    if ('take' in target && target.take === 'self') return routed(() => router.takeStarted(item, actor.id)).operatorId;
    const preferOperatorId = 'prefer' in target ? target.prefer : undefined;
    return routed(() => router.enqueue(item, { preferOperatorId }))?.operatorId ?? null;
  }

  /**
   * The contact to write to, and its customer if known: a customer's contact on the channel (or,
   * where any address will do, their phone or e-mail as the channel takes it), or an address —
   * only one the channel has heard from when the kind may not write first to strangers.
   */
  private async contactFor(
    channel: ChannelRecord,
    to: StartInput['to'],
  ): Promise<{ contact: Contact; customer: { id: string; name: string | null; linked: boolean } | null }> {
    const { store } = this.ctx;
    const starts = this.port.startsConversations(channel);
    if (starts === false)
      throw new DeskError(
        'BAD_REQUEST',
        `a ${channel.adapter} channel cannot start a conversation: its customer has to write first`,
      );
    if ('customerId' in to) {
      const customer = await store.get(store.q.customerById, { id: to.customerId });
      if (!customer) throw new DeskError('NOT_FOUND', `customer ${to.customerId} does not exist`);
      const links = await store.all(store.q.contactsOfCustomerOnChannel, {
        customer_id: customer.id,
        channel_id: channel.id,
      });
      if (links[0]) return { contact: { id: links[0].external_id }, customer: { ...customer, linked: true } };
      if (starts === 'any-address') {
        for (const known of [customer.phone, customer.email]) {
          const address = known ? this.port.startAddress(channel, known) : null;
          if (address && !('error' in address)) {
            const linked = await store.get(store.q.contactByExternal, {
              channel_id: channel.id,
              external_id: address.id,
            });
            if (linked && linked.customer_id !== customer.id)
              throw new DeskError('CONFLICT', `${address.id} on channel ${channel.id} belongs to another customer`);
            return { contact: address, customer: { ...customer, linked: linked !== undefined } };
          }
        }
      }
      throw new DeskError(
        'BAD_REQUEST',
        `customer ${customer.id} has no contact on channel ${channel.id}${starts === 'any-address' ? ' and no phone or e-mail it takes' : ''}: give an address instead`,
      );
    }
    const address = this.port.startAddress(channel, to.address);
    if ('error' in address) throw new DeskError('BAD_REQUEST', address.error);
    const link = await store.get(store.q.contactByExternal, { channel_id: channel.id, external_id: address.id });
    if (!link) {
      if (starts === 'known-contacts')
        throw new DeskError(
          'BAD_REQUEST',
          `a ${channel.adapter} channel writes only to chats that wrote to it first, and ${address.id} never did on channel ${channel.id}`,
        );
      return { contact: address, customer: null };
    }
    const customer = (await store.get(store.q.customerById, { id: link.customer_id }))!;
    return { contact: address, customer: { ...customer, linked: true } };
  }

  private newCustomer(changes: ChangeSet, channel: ChannelRecord, customerId: string, contact: Contact): void {
    const { store } = this.ctx;
    changes.write(store.q.insertCustomer, {
      id: customerId,
      name: null,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      created_at: changes.at,
    });
    changes.write(store.q.insertContact, { channel_id: channel.id, external_id: contact.id, customer_id: customerId });
  }
}
