// The contract every channel kind implements, each in its own folder (server/channels/<kind>/)
// and listed once in server/channels/registry.ts. After Novu's providers: the desk hands over a
// channel-neutral delivery; the adapter turns it into the provider's call and returns the
// provider's id. Nothing outside a kind's folder names the kind.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ZodError, type z } from 'zod';
import type { ChannelTemplate, Message, VisitorPage } from '../../shared/schemas';
import type { ProviderReport } from '../desk/delivery-reports';
import type { InboundMessage, InboundResult } from '../desk/inbound';
import type { CustomerSignalListener } from '../events/bus';
import type { ChannelRecord } from '../desk/mappers';
import type { Attachments } from '../attachments/attachments';
import type { OutboundDelivery } from './delivery';

export interface Capabilities {
  attachments: boolean;
  html: boolean;
  /** Whether a sent message can be changed afterwards. */
  edits: boolean;
  /** The longest text one message may carry, in characters; null: no limit of the provider's own. */
  maxTextLength: number | null;
  /**
   * A longer text than this goes as several messages (Telegram's 4096, cut by
   * shared/text-parts.ts), so the composer counts the parts. Absent: one message.
   */
  splitsTextAt?: number;
  /** Each message is billed as SMS parts (shared/sms-parts.ts), so the composer counts them. Absent: false. */
  smsParts?: boolean;
  /**
   * Whether the bot's chat notices (greeting, place in queue, "operator joined", the rating
   * question) go to the customer. A letter's writer waits for the answer, not for a chat's events.
   */
  notices: boolean;
  /**
   * Whether the customer can be shown "the operator is typing" (and tells when they type): a live
   * chat can, a letter or a webhook cannot. The kind hears the signal through ChannelHost.onSignal.
   * Absent: false, so a kind that cannot show it says nothing.
   */
  typing?: boolean;
  /**
   * Whether the customer can be shown that the operator has read their messages
   * (ChannelHost.onSignal). Absent: false.
   */
  readReceipts?: boolean;
  /**
   * How long after the customer's last message the channel takes free text (WhatsApp's 24-hour
   * customer-service window); past it, only the channel's approved templates. Absent: no window.
   */
  replyWindowMs?: number;
  /**
   * Whether the desk may write first (issue 16, "conversations the desk starts"): `any-address`
   * to any address the kind can reach (an e-mail address, a phone number, an API contact id);
   * `known-contacts` only to a chat that wrote to the channel before (a bot may not write first);
   * false: never (a web chat visitor must be on the page).
   */
  startsConversations: StartsConversations;
}

export type StartsConversations = 'any-address' | 'known-contacts' | false;

/** A contact an operator or a script named to write to first, in the form inbound messages carry it. */
export type StartAddress = { id: string; email?: string; phone?: string } | { error: string };

/**
 * What became of one delivery attempt. `transient`: worth retrying with backoff (a timeout, a
 * 5xx of an HTTP API, an SMTP 4xx, a 429); `retryAfterMs`: the provider named how long to wait
 * (a 429's retry_after), and the outbox waits at least that long. `permanent`: the provider
 * refused this message for good (an SMTP 5xx, an unknown recipient, a closed reply window); the
 * outbox stops retrying and the message is marked failed for the operator to see.
 */
export type DeliveryOutcome =
  | { status: 'sent'; providerId: string | null }
  | { status: 'transient'; error: string; retryAfterMs?: number }
  | { status: 'permanent'; error: string };

/** What a probe found: `probed` false when the kind has no provider to ask (web chat). */
export interface ProbeOutcome {
  probed: boolean;
  ok: boolean;
  status?: number;
  detail: string;
}

/** A channel as its adapter sees it: settings and credentials already parsed by its own schemas. */
export interface ConfiguredChannel<Settings, Credentials> {
  id: string;
  /** The signing secret every channel has (API bearer and webhook signatures, web chat visitor tokens). */
  secret: string;
  settings: Settings;
  credentials: Credentials;
}

/** An adapter's durable notes per channel, by name (the channel_state table). */
export interface ChannelState {
  get(channelId: string, name: string): Promise<string | null>;
  set(channelId: string, name: string, value: string): Promise<void>;
}

/**
 * Listeners a kind runs once for all its channels, configured for the server rather than per
 * channel: one SMTP port takes the mail of every e-mail channel.
 */
export interface SharedListeners {
  smtp: { host: string; port: number; tls: { key: Buffer; cert: Buffer } | null; maxBytes: number } | null;
}

/** What the composition root lends an adapter to take customers' messages in. */
export interface ChannelHost {
  /** The live channel of this adapter's kind with that id; undefined for none, or one of another kind. */
  channel(id: string): ChannelRecord | undefined;
  /** Every live channel of this adapter's kind, as it is now. */
  channels(): ChannelRecord[];
  /** The contact of a conversation that came through this channel; undefined for none. */
  conversationContact(channel: ChannelRecord, conversationId: string): Promise<string | undefined>;
  state: ChannelState;
  listeners: SharedListeners;
  receive(channel: ChannelRecord, message: InboundMessage): Promise<InboundResult>;
  history(channel: ChannelRecord, contactId: string, sinceMessageId: string | undefined): Promise<Message[]>;
  /** The page a customer is on now, for kinds that know it (web chat): shown with their open conversation. */
  notePage(channel: ChannelRecord, contactId: string, page: VisitorPage): Promise<void>;
  /**
   * Business hours (issue 17 §1): whether the channel's queue is closed now with the
   * `offline-form` policy, so a kind with a form of its own (web chat) offers it instead of a
   * live chat. Absent from hosts without business hours: never.
   */
  offlineForm?(channel: ChannelRecord): boolean;
  /** Operator and bot messages as they commit, for kinds that push them to live connections. */
  onOutbound(listener: (channelId: string, contactId: string, message: Message) => void): () => void;
  /** "The operator types" and "has read up to", for kinds whose capabilities say they show them. */
  onSignal(listener: CustomerSignalListener): () => void;
  /** The customer types (or stopped): told to the operator who holds their open conversation. */
  customerTyping(channel: ChannelRecord, contactId: string, active: boolean): void;
  /** The customer has seen their open conversation up to a message of it; a DeskError if it is not one. */
  customerRead(channel: ChannelRecord, contactId: string, upTo: string): Promise<void>;
  /** The operator's read marker on the contact's latest conversation; null for none. */
  operatorReadUpTo(channel: ChannelRecord, contactId: string): Promise<string | null>;
  /** Counts a newly stored customer message (metrics). */
  accepted(channel: ChannelRecord): void;
  /** The channel's provider link is up again: deliveries waiting out a backoff go now, not later. */
  reachable(channel: ChannelRecord): void;
  /**
   * A provider's later word on a message it took (delivered, read, failed), by the provider's id
   * that deliver() returned. Repeats and out-of-order reports change nothing; a report that comes
   * before the outbox has recorded the id is kept until it has.
   */
  deliveryReport(channel: ChannelRecord, report: ProviderReport): Promise<'applied' | 'unchanged' | 'early'>;
  /** Attachments: checking and storing customers' files, reading them back, signing download links. */
  files: Pick<Attachments, 'limits' | 'intake' | 'upload' | 'resolve' | 'read' | 'downloadLink'>;
  log: Logger;
}

export interface HttpRoute {
  method: 'GET' | 'POST' | 'OPTIONS';
  /** A find-my-way path, e.g. `/channels/api/:channelId/messages`. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>): Promise<void>;
}

/** What an adapter listens on once mounted. */
export interface MountedChannel {
  routes: HttpRoute[];
  /** Takes a WebSocket upgrade whose path is this kind's; false leaves it to others. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Resolves once the kind's own listeners listen, with their ports by name (e.g. `smtp`). */
  listening?: Promise<Record<string, number>>;
  /**
   * After an admin added, changed or deleted one of this kind's channels (committed): the kind
   * brings its provider in step (registers a webhook) and starts or stops what runs per channel
   * (a poller). `channel` is undefined once deleted. Awaited by the admin's call, so a webhook is
   * registered when `channel add` returns; a failure is the kind's to log and retry, not to throw.
   */
  channelChanged?(channelId: string, channel: ChannelRecord | undefined): Promise<void>;
  close(): void | Promise<void>;
}

export interface AdapterDefinition<Settings, Credentials> {
  kind: string;
  /** The kind's per-channel options (`admin channel add --setting name=value`). */
  settings: z.ZodType<Settings>;
  /** The kind's credentials (`--credential name=value`): stored apart, never shown again. */
  credentials: z.ZodType<Credentials>;
  capabilities: Capabilities;
  /**
   * Whether the channel's operator and bot messages go through the durable outbox. False when
   * the kind pushes them to live connections from the host's feed, or has nowhere to send them.
   */
  usesOutbox(channel: ConfiguredChannel<Settings, Credentials>): boolean;
  mount(host: ChannelHost): MountedChannel;
  /**
   * Hands one message to the provider; gives up when `signal` aborts (the outbox's timeout).
   * Only kinds whose usesOutbox can be true need it.
   */
  deliver?(
    channel: ConfiguredChannel<Settings, Credentials>,
    delivery: OutboundDelivery,
    signal: AbortSignal,
    host: ChannelHost | undefined,
  ): Promise<DeliveryOutcome>;
  /** Asks the provider whether the channel is set up right, without a customer's message. */
  probe(channel: ConfiguredChannel<Settings, Credentials>, signal: AbortSignal): Promise<ProbeOutcome>;
  /** The provider-approved templates the channel may send (outside its reply window, only those). */
  templates?(channel: ConfiguredChannel<Settings, Credentials>): ChannelTemplate[];
  /**
   * An address typed to start a conversation, normalised to the contact id this kind's inbound
   * messages carry (so the customer's reply finds the conversation), or why it is none. Absent:
   * the address is the contact id as typed, trimmed.
   */
  startAddress?(address: string): StartAddress;
}

/** An adapter as the registry holds it: its config parsed by its own schemas on every use. */
export interface ChannelAdapter {
  kind: string;
  capabilities: Capabilities;
  /**
   * Parses a kind's settings and credentials; throws a ZodError when they do not fit, its paths
   * starting with `settings` or `credentials`.
   */
  configure(settings: unknown, credentials: unknown): { settings: object; credentials: Record<string, string> };
  usesOutbox(channel: ChannelRecord): boolean;
  mount(host: ChannelHost): MountedChannel;
  /**
   * `host`: what the kind was mounted with (e-mail reads its thread notes through it); undefined
   * before the kinds are mounted, since the outbox starts first.
   */
  deliver(
    channel: ChannelRecord,
    delivery: OutboundDelivery,
    signal: AbortSignal,
    host: ChannelHost | undefined,
  ): Promise<DeliveryOutcome>;
  probe(channel: ChannelRecord, signal: AbortSignal): Promise<ProbeOutcome>;
  /** The channel's approved templates; none for a kind without them. */
  templates(channel: ChannelRecord): ChannelTemplate[];
  startAddress(address: string): StartAddress;
}

export function defineAdapter<Settings extends object, Credentials extends Record<string, string>>(
  def: AdapterDefinition<Settings, Credentials>,
): ChannelAdapter {
  const configured = (channel: ChannelRecord): ConfiguredChannel<Settings, Credentials> => ({
    id: channel.id,
    secret: channel.secret,
    settings: def.settings.parse(channel.settings),
    credentials: def.credentials.parse(channel.credentials),
  });
  return {
    kind: def.kind,
    capabilities: def.capabilities,
    configure: (settings, credentials) => ({
      settings: parseUnder('settings', def.settings, settings),
      credentials: parseUnder('credentials', def.credentials, credentials),
    }),
    usesOutbox: (channel) => def.usesOutbox(configured(channel)),
    mount: (host) => def.mount(host),
    deliver: async (channel, delivery, signal, host) =>
      def.deliver
        ? def.deliver(configured(channel), delivery, signal, host)
        : { status: 'permanent', error: `a ${def.kind} channel does not deliver through the outbox` },
    probe: (channel, signal) => def.probe(configured(channel), signal),
    templates: (channel) => def.templates?.(configured(channel)) ?? [],
    startAddress: (address) => def.startAddress?.(address) ?? { id: address.trim() },
  };
}

/** The schema's result, or its ZodError with every path under `key`, so a message says which part was wrong. */
function parseUnder<T>(key: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })));
}
