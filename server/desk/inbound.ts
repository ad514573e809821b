// A customer's message arriving through any channel: deduplicated by the channel's message id,
// attached to the contact's open conversation (or a reopened or new one), routed, committed —
// and only then acknowledged.
import type { Attachment, Conversation, Message, VisitorPage } from '../../shared/schemas';
import { customerWrote, decideArrival, openConversation, rated, ratingIn, reopened } from '../domain/conversation';
import { spokenLang } from '../domain/bot';
import { durationWords } from '../domain/duration-words';
import { ACKNOWLEDGES, expectedAnswerAt, spanMinutes } from '../domain/queue-position';
import { RateLimiter } from '../domain/rate-limit';
import type { VouchedIdentity } from '../domain/customer-identity';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import { CustomerLinking } from './customer-linking';
import { waitingItem, type ConversationBook } from './conversation-book';
import type { Directory } from './directory';
import { DeskError } from './errors';
import { KeyedSerializer } from './keyed-serializer';
import { offHoursNotice, slaDeadline } from './off-hours';
import { conversationFromRow, messageFromRow, type ChannelRecord } from './mappers';

export interface InboundMessage {
  externalId: string;
  contact: InboundContact;
  text: string;
  /** Files already checked and stored (Attachments.intake or resolve). */
  attachments?: Attachment[];
  /** The page the customer wrote from (web chat): kept on the conversation for its operator. */
  page?: VisitorPage;
}

export interface InboundContact {
  id: string;
  name?: string;
  /** An address shown on the customer's card (a channel's sender, a site's say-so). */
  email?: string;
  phone?: string;
  /**
   * The e-mail addresses and phone numbers the channel or site proved (issue 18 §1): the only
   * things a new contact is linked to an existing customer on.
   */
  identities?: VouchedIdentity[];
  /** An address the customer typed (a web chat's pre-chat form): stored apart, never trusted. */
  givenEmail?: string;
  /** Consent the customer gave, when, and the text they agreed to. */
  consent?: { at: number; text: string };
  /** The language the channel reports for the customer (a BCP 47 tag): the bot answers in it if it can. */
  lang?: string;
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  duplicate: boolean;
}

export class Inbound {
  private readonly inFlight = new Map<string, Promise<InboundResult>>();
  private readonly perContact = new KeyedSerializer();
  private readonly linking: CustomerLinking;
  readonly limiter: RateLimiter;

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
    private readonly book: ConversationBook,
  ) {
    this.limiter = new RateLimiter(ctx.clock, ctx.settings.contactRatePerSec, ctx.settings.contactBurst);
    this.linking = new CustomerLinking(ctx);
  }

  async receive(channel: ChannelRecord, message: InboundMessage): Promise<InboundResult> {
    const key = `${channel.id}\u0000${message.externalId}`;
    const pending = this.inFlight.get(key);
    if (pending) return { ...(await pending), duplicate: true };
    const stored = await this.ctx.store.get(this.ctx.store.q.messageByExternalId, {
      channel_id: channel.id,
      external_id: message.externalId,
    });
    if (stored) return { conversationId: stored.conversation_id, messageId: stored.id, duplicate: true };
    const raced = this.inFlight.get(key);
    if (raced) return { ...(await raced), duplicate: true };
    // Checked here, once for every channel, and only for a new message: a retry of one already
    // stored is still answered, and a refused message takes nothing from the contact's rate.
    this.ctx.disk.assertRoom();
    // Retries of accepted messages are answered above; only new messages count against the rate.
    if (!this.limiter.take(`${channel.id}\u0000${message.contact.id}`)) {
      throw new DeskError('TOO_MANY_REQUESTS', 'too many messages from this contact: slow down and retry later');
    }
    const work = this.perContact.run(`${channel.id}\u0000${message.contact.id}`, () => this.accept(channel, message));
    this.inFlight.set(key, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * The page a customer is on now (web chat's hello): kept on their open conversation and told to
   * its operator. With no conversation open there is nothing to show it on; the next message
   * brings it (InboundMessage.page). A hint, not a message: skipped while the disk is low or the
   * contact is over its rate (a hello costs a write like a message does), and the next message
   * brings it again.
   */
  async notePage(channel: ChannelRecord, contactId: string, page: VisitorPage): Promise<void> {
    const key = `${channel.id}\u0000${contactId}`;
    await this.perContact.run(key, async () => {
      const open = this.book.byContact(channel.id, contactId);
      if (!open || samePage(open.visitorPage, page)) return;
      if (this.ctx.disk.low || !this.limiter.take(key)) return;
      const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
      const conversation = this.book.save(changes, { ...open, visitorPage: page });
      this.book.announce(changes, conversation, conversation.operatorId);
      await changes.commit();
    });
  }

  /** A visitor's latest conversation as the customer sees it (no private notes), after `sinceMessageId`. */
  async history(channel: ChannelRecord, contactId: string, sinceMessageId: string | undefined): Promise<Message[]> {
    const { store } = this.ctx;
    const latest = await store.get(store.q.latestConversationOfContact, {
      channel_id: channel.id,
      contact_id: contactId,
    });
    if (!latest) return [];
    const rows = await store.all(store.q.messagesOfConversation, { conversation_id: latest.id, limit: 200 });
    return rows
      .reverse()
      .map(messageFromRow)
      .filter((m) => !m.private && (sinceMessageId === undefined || m.id > sinceMessageId));
  }

  private async accept(channel: ChannelRecord, inbound: InboundMessage): Promise<InboundResult> {
    const { ctx, book } = this;
    const changes = new ChangeSet(ctx, ctx.clock.now(), 'memory-first');
    let conversation = book.byContact(channel.id, inbound.contact.id);
    // Most messages continue an open conversation and bring nothing new about the customer:
    // then the conversation already knows who they are and the store need not be asked.
    const known =
      conversation &&
      !inbound.contact.email &&
      !inbound.contact.phone &&
      !inbound.contact.givenEmail &&
      !inbound.contact.identities?.length &&
      !inbound.contact.consent &&
      (inbound.contact.name ?? conversation.customerName) === conversation.customerName;
    const customer = known
      ? { id: conversation!.customerId, name: conversation!.customerName }
      : await this.customerFor(changes, channel, inbound.contact);
    // Read again after the look-ups: a merge may have moved the open conversation meanwhile.
    if (!known) conversation = book.byContact(channel.id, inbound.contact.id);
    if (conversation && (conversation.customerName !== customer.name || conversation.customerId !== customer.id))
      conversation = { ...conversation, customerId: customer.id, customerName: customer.name };
    const arrival = conversation ? 'append' : await this.arrivalFor(channel, inbound, customer);
    if (arrival !== 'append') conversation = arrival.conversation;
    const message: Message = {
      id: ctx.ids.next(),
      conversationId: conversation!.id,
      author: { type: 'customer', id: customer.id, name: customer.name },
      text: inbound.text,
      private: false,
      createdAt: changes.at,
      ...(inbound.attachments?.length && { attachments: inbound.attachments }),
    };
    if (arrival !== 'append' && arrival.kind === 'rating') {
      this.recordRating(changes, arrival.conversation, arrival.score, message, inbound.externalId);
      await changes.commit();
      return { conversationId: arrival.conversation.id, messageId: message.id, duplicate: false };
    }
    const wasWaiting = conversation!.waitingSince !== null;
    const sla = { firstResponseMs: channel.slaFirstResponseMs, nextResponseMs: channel.slaNextResponseMs };
    const { calendars } = this.directory;
    const deadline = slaDeadline(calendars, this.directory, channel, conversation!.queueId);
    conversation = customerWrote(conversation!, changes.at, sla, deadline);
    // Business hours: a waiting customer hears when the queue opens, once per closed period.
    const offHours = offHoursNotice(calendars, this.directory, ctx.bot, conversation, changes.at);
    if (offHours) conversation = offHours.conversation;
    const movedPage = inbound.page !== undefined && !samePage(conversation.visitorPage, inbound.page);
    if (movedPage) conversation = { ...conversation, visitorPage: inbound.page };

    if (arrival === 'append') {
      book.save(changes, conversation);
      book.addMessage(changes, conversation, message, { externalId: inbound.externalId });
      if (offHours) book.botMessage(changes, conversation, 'offHours', offHours.text);
      // The response clock started (the holder's hotlist and the supervisors' figures move), or
      // the customer writes from another page.
      if (!wasWaiting || movedPage) book.announce(changes, conversation, conversation.operatorId);
      if (conversation.status === 'queued')
        book.applyAssignments(changes, ctx.router.updateSla(conversation.id, conversation.slaDueAt));
    } else {
      // The sticky rule: a reopened dialog prefers its last operator, and any new one the operator
      // who holds another dialog of the same customer (another channel, issue 18 §1), if they have room.
      const prefer =
        (arrival.kind === 'reopen' ? conversation.lastOperatorId : null) ??
        book.holderOfCustomer(conversation.customerId);
      const assignment = ctx.router.enqueue(waitingItem(conversation), { preferOperatorId: prefer ?? undefined });
      book.save(changes, conversation);
      book.announce(changes, conversation, null);
      // Address the messages to whoever the conversation is about to be assigned to.
      const holder = { ...conversation, operatorId: assignment?.operatorId ?? null };
      book.addMessage(changes, holder, message, { externalId: inbound.externalId });
      // While closed the off-hours notice is the whole answer: "an operator will answer shortly",
      // a queue position or an answer time would promise what the night does not keep.
      const lang = book.langOf(conversation);
      const queue = this.directory.queues.get(conversation.queueId);
      const held = queue !== undefined && calendars.holds(queue, changes.at);
      if (offHours) book.botMessage(changes, holder, 'offHours', offHours.text);
      else if (arrival.kind === 'new' && !held) {
        book.botMessage(changes, holder, 'greeting', ctx.bot.say(lang, 'greeting'));
        if (ACKNOWLEDGES[channel.medium]) this.acknowledge(changes, holder);
      }
      if (assignment) {
        book.applyAssignments(changes, [assignment]);
      } else if (!held) {
        const position = ctx.router.position(conversation.id) ?? 1;
        book.botMessage(changes, conversation, 'queuePosition', ctx.bot.say(lang, 'queuePosition', { position }));
      }
    }
    await changes.commit();
    return { conversationId: conversation.id, messageId: message.id, duplicate: false };
  }

  /** A new letter's one acknowledgement, with when its answer can be expected (issue 17 §4). */
  private acknowledge(changes: ChangeSet, conversation: Conversation): void {
    const answerAt = expectedAnswerAt(changes.at, conversation.slaDueAt);
    const lang = this.book.langOf(conversation);
    const within = durationWords(lang, spanMinutes(answerAt - changes.at));
    const text = this.ctx.bot.say(lang, 'expectedAnswer', { within });
    this.book.botMessage(changes, conversation, 'expectedAnswer', text, { acknowledgement: true });
  }

  private recordRating(
    changes: ChangeSet,
    conversation: Conversation,
    score: number,
    message: Message,
    externalId: string,
  ): void {
    const { book, ctx } = this;
    const closed = book.save(changes, rated(conversation, score));
    book.addMessage(changes, closed, message, { externalId });
    changes.event(
      ctx.bus,
      null,
      {
        type: 'conversation.rated',
        conversationId: closed.id,
        operatorId: closed.lastOperatorId,
        queueId: closed.queueId,
        channelId: closed.channelId,
        score,
      },
      closed.id,
    );
    book.botMessage(changes, closed, 'thanksForRating', ctx.bot.say(book.langOf(closed), 'thanksForRating'));
  }

  private async arrivalFor(
    channel: ChannelRecord,
    inbound: InboundMessage,
    customer: { id: string; name: string | null },
  ): Promise<
    | { kind: 'new' | 'reopen'; conversation: Conversation }
    | { kind: 'rating'; conversation: Conversation; score: number }
  > {
    const { store, clock, ids } = this.ctx;
    const now = clock.now();
    const contactId = inbound.contact.id;
    const row = await store.get(store.q.latestConversationOfContact, { channel_id: channel.id, contact_id: contactId });
    const latest = row ? conversationFromRow(row, customer.name, channel) : null;
    const score = ratingIn(latest, inbound.text, now);
    if (latest && score !== null) return { kind: 'rating', conversation: latest, score };
    // A language the channel reports now wins over the one the conversation had.
    const lang = spokenLang(inbound.contact.lang);
    if (latest && decideArrival(latest, now, this.ctx.settings.reopenWindowMs) === 'reopen') {
      return { kind: 'reopen', conversation: { ...reopened(latest, now), ...(lang && { lang }) } };
    }
    return {
      kind: 'new',
      conversation: openConversation({
        id: ids.next(),
        customerId: customer.id,
        customerName: customer.name,
        channelId: channel.id,
        channelKind: channel.adapter,
        medium: channel.medium,
        contactId,
        queueId: channel.queueId,
        weight: channel.weight,
        at: now,
        ...(lang && { lang }),
      }),
    };
  }

  /**
   * The customer behind a channel contact, created on first contact unless a verified identity
   * of the contact belongs to a customer already (then the contact joins them); details and
   * identities kept current.
   */
  private async customerFor(changes: ChangeSet, channel: ChannelRecord, contact: InboundMessage['contact']) {
    const { store, ids } = this.ctx;
    let link = await store.get(store.q.contactByExternal, { channel_id: channel.id, external_id: contact.id });
    const linking = CustomerLinking.concerns(contact) ? await this.linking.resolve(contact) : null;
    const joined = !link && linking ? this.linking.customerToJoin(linking) : null;
    if (joined !== null) {
      changes.write(store.q.insertContact, { channel_id: channel.id, external_id: contact.id, customer_id: joined });
      link = { customer_id: joined };
    }
    if (!link) {
      const customer = {
        id: ids.next(),
        name: contact.name ?? null,
        email: contact.email ?? null,
        phone: contact.phone ?? null,
      };
      changes.write(store.q.insertCustomer, { ...customer, created_at: changes.at });
      if (contact.givenEmail || contact.consent)
        changes.write(store.q.updateCustomer, {
          ...customer,
          given_email: contact.givenEmail ?? null,
          consent_at: contact.consent?.at ?? null,
          consent_text: contact.consent?.text ?? null,
        });
      changes.write(store.q.insertContact, {
        channel_id: channel.id,
        external_id: contact.id,
        customer_id: customer.id,
      });
      if (linking) await this.linking.record(changes, customer.id, linking, contact.givenEmail, true);
      return customer;
    }
    const customer = (await store.get(store.q.customerById, { id: link.customer_id }))!;
    if (linking) await this.linking.record(changes, customer.id, linking, contact.givenEmail, false);
    const next = {
      id: customer.id,
      name: contact.name ?? customer.name,
      email: contact.email ?? customer.email,
      phone: contact.phone ?? customer.phone,
    };
    const given = {
      given_email: contact.givenEmail ?? customer.given_email,
      consent_at: contact.consent?.at ?? customer.consent_at,
      consent_text: contact.consent?.text ?? customer.consent_text,
    };
    if (
      next.name !== customer.name ||
      next.email !== customer.email ||
      next.phone !== customer.phone ||
      given.given_email !== customer.given_email ||
      given.consent_at !== customer.consent_at
    ) {
      changes.write(store.q.updateCustomer, { ...next, ...given });
    }
    return next;
  }
}

function samePage(a: VisitorPage | undefined, b: VisitorPage): boolean {
  return a !== undefined && a.url === b.url && a.title === b.title;
}
