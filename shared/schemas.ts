// One zod schema per wire type. Server input validation, client types and the load tool all
// import from here; TypeScript types are inferred, never written twice.
import { z } from 'zod';
import { CustomerMergedEvent } from './customer-schemas';
import { LIMITS } from './limits';
import { Medium } from './sla';
import { deskId, deskText, filledText, isBlank, storable, TEXT_RULE_MESSAGES } from './text-rules';

// Every field that takes text from outside follows the desk's text rule (shared/text-rules.ts).
const text = deskText;
const id = deskId(LIMITS.id);
const skills = z.array(deskId(LIMITS.skill)).max(LIMITS.skills);
export const epochMs = z.number().int().nonnegative();

export const Role = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;
export const OperatorStatus = z.enum(['available', 'away', 'offline']);
export type OperatorStatus = z.infer<typeof OperatorStatus>;
export const ConversationStatus = z.enum(['queued', 'assigned', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;
export const Lang = z.enum(['en', 'ru']);
export type Lang = z.infer<typeof Lang>;
export const Capacity = z.number().min(0).max(100);

// ---- entities as clients see them -------------------------------------------------------

export const Operator = z.object({
  id,
  login: z.string(),
  name: z.string(),
  role: Role,
  skills,
  capacity: Capacity,
  status: OperatorStatus,
  connected: z.boolean(),
  load: z.number(),
});
export type Operator = z.infer<typeof Operator>;

/**
 * What a queue does while its calendar says closed (issue 17 §1): `queue` waits for opening,
 * `offline-form` also turns the web widget into a leave-a-message form, `route` routes anyway.
 */
export const OffHoursPolicy = z.enum(['queue', 'offline-form', 'route']);
export type OffHoursPolicy = z.infer<typeof OffHoursPolicy>;
/** Whether a channel's SLA counts every hour (`wall`) or only its queue's open hours (`business`). */
export const SlaClock = z.enum(['wall', 'business']);
export type SlaClock = z.infer<typeof SlaClock>;

export const Queue = z.object({
  id,
  name: z.string(),
  skills,
  priority: z.number().int(),
  /** Business hours: absent or null, always open. */
  calendarId: id.nullable().optional(),
  offHours: OffHoursPolicy.optional(),
  /** No-reply reassignment (issue 17 §2): the assigned operator's time to answer; null or absent: off. */
  noReplyMs: z.number().int().positive().nullable().optional(),
});
export type Queue = z.infer<typeof Queue>;

/**
 * A channel's kind on the wire: a name the server's registry of adapters knows. Built-in kinds
 * are listed in shared/channel-kinds.ts; a server may register more (a test's loopback kind), so the server, not
 * this schema, says which exist.
 */
const ChannelKindName = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z][a-z0-9_-]*$/, 'a channel kind such as api or webchat');
/** Per-kind settings: each adapter's own schema checks them on the server. */
const ChannelSettings = z
  .record(deskId(64), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 4096, 'settings take at most 4096 characters as JSON');
export const Channel = z.object({
  id,
  name: z.string(),
  adapter: ChannelKindName,
  medium: Medium,
  queueId: id,
  lang: Lang,
  weight: z.number(),
  slaFirstResponseMs: z.number().int(),
  slaNextResponseMs: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  /** Absent: wall-clock time. */
  slaClock: SlaClock.optional(),
  /** Idle close (issue 17 §3): the customer's silence before "anything else?"; null or absent: off. */
  idleAskMs: z.number().int().positive().nullable().optional(),
  /** …and the further silence after it before the dialog is resolved as idle. */
  idleCloseMs: z.number().int().positive().nullable().optional(),
  /** Conversations a second the desk may start on it (issue 16); absent: the server's outboundRatePerSec. */
  startRatePerSec: z.number().optional(),
  /** How many it may start at once before that rate holds; absent: the server's outboundBurst. */
  startBurst: z.number().int().optional(),
});
export type Channel = z.infer<typeof Channel>;
/** A channel's own start rate and burst; in an update, null goes back to the server's default. */
const StartRate = z.number().positive().max(1000);
const StartBurst = z.number().int().positive().max(10_000);
/** A channel as `admin channel list` shows it: every secret masked, only its name and last characters. */
export const ChannelListing = Channel.extend({ secrets: z.record(z.string(), z.string()) });
export type ChannelListing = z.infer<typeof ChannelListing>;
/** What `admin channel test` reports: whether a probe went out, and what the provider answered. */
export const ChannelProbe = z.object({
  channelId: id,
  adapter: z.string(),
  probed: z.boolean(),
  ok: z.boolean(),
  status: z.number().int().optional(),
  detail: z.string(),
});
export type ChannelProbe = z.infer<typeof ChannelProbe>;

export const Template = z.object({
  id,
  name: z.string(),
  text: z.string(),
  lang: Lang.nullable(),
  useCount: z.number().int(),
});
export type Template = z.infer<typeof Template>;

export const Customer = z.object({
  id,
  name: z.string().nullable(),
  /** An address the desk may trust: from a channel that proves it (a mail's sender) or a site that vouches for its user. */
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** An address the visitor typed into a pre-chat form: nobody checked it, so nothing links or trusts by it. */
  givenEmail: z.string().nullable().optional(),
  /** When the visitor ticked the pre-chat form's consent, and the text they agreed to. */
  consent: z.object({ at: epochMs, text: z.string() }).nullable().optional(),
});
export type Customer = z.infer<typeof Customer>;

/**
 * The page a visitor is on, as their widget reported it (web chat's hello): an http(s) URL in its
 * normal form (new URL().href, so printable ASCII), and the page's title.
 */
export const VisitorPage = z.object({
  url: storable(z.string().max(LIMITS.pageUrl))
    .refine(isWebUrl, 'must be an http:// or https:// URL')
    .transform((url) => new URL(url).href)
    .refine((url) => url.length <= LIMITS.pageUrl, `must take at most ${LIMITS.pageUrl} characters`),
  title: deskText(LIMITS.pageTitle).default(''),
});
export type VisitorPage = z.infer<typeof VisitorPage>;

function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const Conversation = z.object({
  id,
  customerId: id,
  customerName: z.string().nullable(),
  channelId: id,
  /**
   * The channel's kind (shared/channel-kinds.ts), for the console's channel mark. Absent from
   * servers before the marks.
   */
  channelKind: z.string().optional(),
  medium: Medium,
  contactId: z.string(),
  queueId: id,
  status: ConversationStatus,
  operatorId: id.nullable(),
  lastOperatorId: id.nullable(),
  createdAt: epochMs,
  queuedAt: epochMs.nullable(),
  assignedAt: epochMs.nullable(),
  resolvedAt: epochMs.nullable(),
  /** When the customer's oldest unanswered message arrived; null when nobody is waiting. */
  waitingSince: epochMs.nullable(),
  /** Deadline of the pending first or next response; null when no response is owed. */
  slaDueAt: epochMs.nullable(),
  /** The allowance slaDueAt was computed from, so clients can tell "near" from "ok". */
  slaTargetMs: z.number().int().nullable(),
  firstResponseAt: epochMs.nullable(),
  lastMessageAt: epochMs,
  weight: z.number(),
  tag: z.string().nullable(),
  outcome: z.string().nullable(),
  /** Customer satisfaction, 1–5, given after the close. */
  rating: z.number().int().min(1).max(5).nullable(),
  /** Read receipts: the newest message id the operator has seen in the console; null: none yet. */
  operatorReadUpTo: z.string().nullable(),
  /** The newest message id the customer has seen (web chat: in an open panel of a visible tab). */
  customerReadUpTo: z.string().nullable(),
  /** The page the customer was last seen on (web chat); absent when their channel tells none. */
  visitorPage: VisitorPage.optional(),
  /** `outbound`: the desk wrote first (an operator's /new, a script); absent: the customer did. */
  direction: z.literal('outbound').optional(),
  /**
   * The language the customer's channel reports for them (Telegram's language_code), when the
   * desk speaks it: the bot answers in it. Absent: the channel's language.
   */
  lang: Lang.optional(),
  /** The end of the closed period the customer was told about (the off-hours notice); absent: never told. */
  offHoursUntil: epochMs.optional(),
  /** Issue 17: when the customer's silence started counting (last operator reply, end of a hold). */
  idleSince: epochMs.nullable().optional(),
  /** When the bot asked "anything else?"; the idle close follows unless the customer writes. */
  idleAskedAt: epochMs.nullable().optional(),
  /** The operator paused idle close for this dialog (/hold). */
  held: z.boolean().optional(),
  /** The operator a no-reply return took it from: not offered to them again while another qualifies. */
  passedOverBy: id.nullable().optional(),
  /** When the dialog goes back to its queue unless its operator answers (the server's clock); null: no timer. */
  noReplyDueAt: epochMs.nullable().optional(),
  /** When the bot asks "anything else?" (null once asked, or no timer). */
  idleAskAt: epochMs.nullable().optional(),
  /** When the dialog is resolved as idle unless the customer writes; null: no timer. */
  idleCloseAt: epochMs.nullable().optional(),
});
export type Conversation = z.infer<typeof Conversation>;

export const AuthorType = z.enum(['customer', 'operator', 'bot']);
export type AuthorType = z.infer<typeof AuthorType>;
/**
 * How an operator's or the bot's message fared with a channel that delivers through the outbox:
 * pending until the provider took it (sent, with the provider's id for threading), or failed
 * when the provider refused it for good. Absent for customers' messages, private notes and
 * channels that push to live connections.
 */
export const MessageDelivery = z.object({
  /** pending: in the outbox; sent: the provider took it; delivered and read: as the provider reports. */
  status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed']),
  providerId: z.string().nullable(),
  error: z.string().nullable(),
});
export type MessageDelivery = z.infer<typeof MessageDelivery>;
/**
 * A file a message carries: the name as sent (sanitised: no path, no control characters), the
 * type detected from its bytes, its size in bytes and its SHA-256 (the file's address).
 */
export const Attachment = z.object({
  name: z.string(),
  type: z.string(),
  size: z.number().int().nonnegative(),
  hash: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;
/** An uploaded file not yet sent: `ref` is what a message (operator.send, a web chat frame) names it by. */
export const UploadedFile = Attachment.extend({ ref: z.string() });
export type UploadedFile = z.infer<typeof UploadedFile>;
/** Refs of uploads a message carries; at most this many files per message (the server's limits apply too). */
export const UploadRefs = z.array(deskId(64)).max(LIMITS.attachmentsPerMessage);
/**
 * One parameter of a channel template: a single line, since providers refuse line breaks in
 * them (WhatsApp's error 132018), and not blank.
 */
const TemplateParam = filledText(LIMITS.templateParam).refine((v) => !/[\n\r\t]/.test(v), {
  message: 'a template parameter is one line: no line breaks or tabs',
});
/**
 * A template the channel's provider approved (WhatsApp's message templates): its name and
 * language as the provider knows them, how many `{{n}}` parameters its body takes, and its text,
 * for the operator to read and for the transcript.
 */
export const ChannelTemplate = z.object({
  name: deskId(LIMITS.templateName).regex(/^[a-z0-9_]+$/, 'a template name is lower-case letters, digits and _'),
  lang: deskId(16),
  params: z.number().int().min(0).max(LIMITS.templateParams),
  text: filledText(1024),
});
export type ChannelTemplate = z.infer<typeof ChannelTemplate>;
/**
 * What a conversation's channel allows in one reply (issue 16, the composer's count), as its
 * adapter says: the server is the one source of these numbers. `maxText`: the longest reply in
 * UTF-16 units, as the server measures it (the provider's limit, else the desk's own);
 * `partLength`: a longer text goes as several messages of at most this (Telegram), null: one
 * message; `smsParts`: billed in SMS parts (shared/sms-parts.ts); `files`: whether files go.
 */
export const ChannelLimits = z.object({
  maxText: z.number().int().positive(),
  partLength: z.number().int().positive().nullable(),
  smsParts: z.boolean(),
  files: z.boolean(),
});
export type ChannelLimits = z.infer<typeof ChannelLimits>;
/**
 * Where a conversation's reply window stands (operator.replyWindow). `windowMs` null: the channel
 * has no window, free text always goes. Otherwise free text goes until `closesAt` (null: the
 * customer never wrote, so it never opened); after it, only `templates`. `now` is the server's
 * clock when it answered, so a console counts down without trusting its own.
 */
export const ReplyWindow = z.object({
  windowMs: z.number().int().positive().nullable(),
  closesAt: epochMs.nullable(),
  now: epochMs,
  templates: z.array(ChannelTemplate),
  /** What the channel allows in a reply, for the composer to count against. Absent from older servers. */
  limits: ChannelLimits.optional(),
});
export type ReplyWindow = z.infer<typeof ReplyWindow>;
/** A message needs text, or at least one file. */
export const textOrFiles = (m: { text: string; attachments?: unknown[]; template?: unknown }) =>
  !isBlank(m.text) || (m.attachments?.length ?? 0) > 0 || m.template !== undefined;
// The text rule's own words: a message of files only is the one case where blank text is allowed.
export const TEXT_OR_FILES = { message: TEXT_RULE_MESSAGES.blank, path: ['text'] };
/** Which of the bot's sayings a bot message is (server/domain/bot.ts BotTexts), so clients can draw it as a notice. */
export const Notice = z.enum([
  'greeting',
  'queuePosition',
  'operatorJoined',
  'closed',
  'askRating',
  'thanksForRating',
  'callbackPromised',
  'callbackClaimed',
  'queueUpdate',
  'expectedAnswer',
  'offHours',
  'anythingElse',
  'idleClosed',
]);
export type Notice = z.infer<typeof Notice>;
export const Message = z.object({
  id,
  conversationId: id,
  author: z.object({ type: AuthorType, id: z.string().nullable(), name: z.string().nullable() }),
  text: z.string(),
  /** A private note: visible to operators and supervisors, never delivered to the customer. */
  private: z.boolean(),
  createdAt: epochMs,
  delivery: MessageDelivery.optional(),
  /** Absent when the message carries no file (and from servers before attachments). */
  attachments: z.array(Attachment).optional(),
  /** A bot message's kind; absent on every other message (and on bot messages stored before 011). */
  notice: Notice.optional(),
});
export type Message = z.infer<typeof Message>;

export const CallbackStatus = z.enum(['open', 'claimed', 'done', 'cancelled']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;
/** A call-back request as supervisors see it: who to call, why, who asked, and how far it got. */
export const Callback = z.object({
  id,
  conversationId: id,
  customerId: id,
  customerName: z.string().nullable(),
  queueId: id,
  phone: z.string(),
  reason: z.string(),
  requestedBy: id,
  requestedByName: z.string().nullable(),
  requestedAt: epochMs,
  status: CallbackStatus,
  claimedBy: id.nullable(),
  claimedAt: epochMs.nullable(),
  closedAt: epochMs.nullable(),
  outcome: z.string().nullable(),
});
export type Callback = z.infer<typeof Callback>;

// ---- live events (subscriptions; the seq is the tracked() id) ----------------------------

export const DeskEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('conversation.assigned'), conversation: Conversation }),
  z.object({ type: z.literal('conversation.updated'), conversation: Conversation }),
  z.object({
    type: z.literal('conversation.removed'),
    conversationId: id,
    reason: z.enum(['resolved', 'transferred', 'requeued', 'no-reply']),
  }),
  /** Issue 17 §2: the operator sent nothing in the queue's time, so the dialog went back to its queue. */
  z.object({
    type: z.literal('conversation.reassigned'),
    conversationId: id,
    operatorId: id,
    queueId: id,
    reason: z.literal('no-reply'),
  }),
  z.object({ type: z.literal('message.created'), message: Message }),
  /** How an operator's or the bot's message fared with the provider, once it is final. */
  z.object({
    type: z.literal('message.delivery'),
    conversationId: id,
    messageId: id,
    delivery: MessageDelivery,
  }),
  z.object({ type: z.literal('operator.updated'), operator: Operator }),
  z.object({
    type: z.literal('callback.requested'),
    conversationId: id,
    operatorId: id,
    phone: z.string(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal('conversation.rated'),
    conversationId: id,
    operatorId: id.nullable(),
    queueId: id,
    channelId: id,
    score: z.number().int().min(1).max(5),
  }),
  /** A call-back request was made or moved on (claimed, done, cancelled): supervisors only. */
  z.object({ type: z.literal('callback.changed'), callback: Callback }),
  /** A call-back request has waited past the configured target unclaimed: supervisors only. */
  z.object({ type: z.literal('callback.overdue'), callback: Callback, waitedMs: epochMs }),
  /** A template was added (or changed): every operator's picker has it without a restart. */
  z.object({ type: z.literal('template.changed'), template: Template }),
  z.object({ type: z.literal('template.deleted'), templateId: id }),
  /**
   * The customer is typing (active) or stopped. Ephemeral: never stored, never replayed after a
   * reconnect; it rides the feed with the seq of the event before it (server/api/live-feed.ts).
   */
  z.object({ type: z.literal('conversation.typing'), conversationId: id, active: z.boolean() }),
  /** Issue 18 §1: two customers were merged (or a merge undone): contact cards showing either are stale. */
  CustomerMergedEvent,
]);
export type DeskEvent = z.infer<typeof DeskEvent>;
export type DeskEventEnvelope = DeskEvent & { seq: number; at: number };
/** One item of operator.events / supervisor.events: the events committed since the previous
 * item, oldest first; the item is tracked by its last event's seq. Sending what accumulated in
 * one turn of the server's event loop as one frame saves a frame and a tRPC item per event. */
export type DeskEventBatch = DeskEventEnvelope[];

// ---- procedure inputs --------------------------------------------------------------------

export const LoginInput = z.object({
  login: deskText(LIMITS.login).min(1),
  password: deskText(LIMITS.password).min(1),
});
export const SubscribeInput = z.object({ lastEventId: text(32).nullish() }).optional();
export const ConversationRef = z.object({ conversationId: id });
/** The operator has seen the dialog up to this message (its newest on screen). */
export const MarkReadInput = z.object({ conversationId: id, upTo: id });
export const MessagesInput = ConversationRef.extend({
  limit: z.number().int().min(1).max(LIMITS.transcriptPage).default(200),
  /** Only messages older than this one (the oldest of the previous page). */
  before: id.optional(),
});
/**
 * Starting a conversation (issue 16): on a channel, with a customer's contact there (`customerId`)
 * or an address the channel can reach (`address`: an e-mail address, a phone number in E.164, an
 * API contact id, or a chat the channel already knows), and the first message: text, or one of the
 * channel's approved templates (the only thing a channel with a reply window carries first).
 */
const StartFields = {
  channelId: id,
  to: z.union([z.object({ customerId: id }).strict(), z.object({ address: deskText(320).trim().min(1) }).strict()]),
  /** Client-generated idempotency key: a retry never starts a second conversation. */
  clientId: deskText(64).min(8),
  text: deskText(LIMITS.messageText).trim().optional(),
  template: z
    .object({
      name: deskId(LIMITS.templateName),
      params: z.array(TemplateParam).max(LIMITS.templateParams).default([]),
    })
    .strict()
    .optional(),
};
const oneFirstMessage = (m: { text?: string; template?: unknown }) =>
  (m.template === undefined) !== isBlank(m.text ?? '');
const ONE_FIRST_MESSAGE = { message: 'give the first message: text, or a template — one of them', path: ['text'] };
export const StartConversationInput = z.object(StartFields).strict().refine(oneFirstMessage, ONE_FIRST_MESSAGE);
/** /new's customer search: part of a name, an e-mail or a phone; at most 20 answers (10 unless asked). */
export const SearchCustomersInput = z
  .object({
    query: deskText(100).trim().min(2, 'type at least 2 characters of a name, e-mail or phone'),
    limit: z.number().int().min(1).max(20).default(10),
  })
  .strict();
/** A customer /new may write to, as the search lists them. */
export const CustomerMatch = z.object({
  id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type CustomerMatch = z.infer<typeof CustomerMatch>;
/** POST /channels/api/outbound: the same, and who gets it — an operator, or the channel's queue when absent. */
export const OutboundStartBody = z
  .object({ ...StartFields, operatorId: id.optional() })
  .strict()
  .refine(oneFirstMessage, ONE_FIRST_MESSAGE);
/** A channel as the console's /new form offers it: whether and to whom it starts conversations. */
export const StartableChannel = z.object({
  id,
  name: z.string(),
  kind: z.string(),
  starts: z.enum(['any-address', 'known-contacts', 'never']),
  /** The channel's approved templates: a channel with a reply window starts with one of them. */
  templates: z.array(ChannelTemplate),
  /** Whether free text is refused until the customer writes (a reply window). */
  templateOnly: z.boolean(),
});
export type StartableChannel = z.infer<typeof StartableChannel>;

export const SendMessageInput = z
  .object({
    conversationId: id,
    /** Client-generated idempotency key: a retry after a dropped connection never duplicates. */
    clientId: deskText(64).min(8),
    text: deskText(LIMITS.messageText).trim().default(''),
    private: z.boolean().default(false),
    /** Refs returned by operator.upload. */
    attachments: UploadRefs.optional(),
    /**
     * One of the channel's approved templates (operator.replyWindow lists them), with its
     * parameters in order: the only thing a channel with a reply window carries once it closed.
     * The message is stored with the template's text filled in; `text` is then left empty.
     */
    template: z
      .object({
        name: deskId(LIMITS.templateName),
        params: z.array(TemplateParam).max(LIMITS.templateParams).default([]),
      })
      .optional(),
  })
  .refine(textOrFiles, TEXT_OR_FILES)
  .refine((m) => !m.template || (isBlank(m.text) && !m.attachments?.length && !m.private), {
    message: 'a template is sent alone: no text, files or private flag beside it',
    path: ['template'],
  });
/** One file, base64, up to the server's per-file limit (operator.upload; also the ceiling of the frame). */
export const UploadInput = z.object({
  name: deskId(LIMITS.fileName),
  data: z.base64().max(LIMITS.uploadBase64),
  /** Continues the upload this ref names (a file larger than one call carries). */
  append: deskId(64).optional(),
  /** False while more parts follow; the file is checked and stored with the last one. */
  last: z.boolean().default(true),
});
/** Where an upload stands: `file` once the last part was checked and stored. */
export const UploadProgress = z.object({ ref: z.string(), received: z.number().int(), file: UploadedFile.nullable() });
export type UploadProgress = z.infer<typeof UploadProgress>;
/** One attachment of a message the actor may read; `offset` pages through a large file. */
export const AttachmentInput = z.object({
  conversationId: id,
  messageId: id,
  index: z.number().int().min(0).max(LIMITS.attachmentsPerMessage),
  offset: z.number().int().min(0).default(0),
});
export const AttachmentChunk = Attachment.extend({
  offset: z.number().int(),
  /** Base64 of at most LIMITS.downloadChunk bytes from `offset`. */
  data: z.string(),
  done: z.boolean(),
});
export type AttachmentChunk = z.infer<typeof AttachmentChunk>;
export const ResolveInput = z.object({
  conversationId: id,
  tag: text(LIMITS.name).optional(),
  outcome: text(LIMITS.name).optional(),
});
export const TransferTarget = z.union([z.object({ queueId: id }).strict(), z.object({ operatorId: id }).strict()]);
export const TransferInput = z.object({
  conversationId: id,
  to: TransferTarget,
  note: text(LIMITS.note).default(''),
});
/** Pauses (on) or resumes (off) the idle close of one dialog (issue 17 §3, the console's /hold). */
export const HoldInput = z.object({ conversationId: id, on: z.boolean() });
/** Sends a message the provider refused once more (`message.retry` in the console). */
export const RetryDeliveryInput = z.object({ conversationId: id, messageId: id });
export const CallbackInput = z.object({
  conversationId: id,
  phone: z
    .string()
    .trim()
    .min(5)
    .max(32)
    .regex(/^\+?[0-9 ()-]+$/, 'digits, spaces, brackets, dashes and a leading + only'),
  reason: text(LIMITS.note).default(''),
});
// ---- call-backs (issue 17 §5) ----------------------------------------------------------------

export const CallbackIdInput = z.object({ callbackId: id });
export const CallbackDoneInput = z.object({ callbackId: id, outcome: filledText(LIMITS.note) });
export const CallbackCancelInput = z.object({ callbackId: id, outcome: text(LIMITS.note).default('') });
export const CallbackListInput = z
  .object({ status: z.enum(['open', 'all']).default('open'), limit: z.number().int().min(1).max(500).default(200) })
  .default({ status: 'open', limit: 200 });

export const SetStatusInput = z.object({ status: z.enum(['available', 'away']) });
export const SetOperatorStatusInput = z.object({ operatorId: id, status: OperatorStatus });
export const SetCapacityInput = z.object({ operatorId: id, capacity: Capacity });

const Login = z
  .string()
  .min(1)
  .max(LIMITS.login)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
export const CreateOperatorInput = z.object({
  login: Login,
  name: filledText(LIMITS.name),
  password: deskText(LIMITS.password).min(8, 'at least 8 characters'),
  role: Role.default('operator'),
  skills: skills.default([]),
  capacity: Capacity.default(3),
});
export const UpdateOperatorInput = z.object({
  id,
  name: filledText(LIMITS.name).optional(),
  password: deskText(LIMITS.password).min(8).optional(),
  role: Role.optional(),
  skills: skills.optional(),
  capacity: Capacity.optional(),
});
const Slug = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dash and underscore only');
/** A timer setting: whole milliseconds, at least a second, at most a week; null turns it off. */
const TimerMs = z
  .number()
  .int()
  .min(1000, 'a timer is at least 1000 ms (1 s)')
  .max(7 * 24 * 3600 * 1000, 'a timer is at most a week');
export const CreateQueueInput = z.object({
  id: Slug,
  name: filledText(LIMITS.name),
  skills: skills.default([]),
  priority: z.number().int().min(0).max(100).default(0),
  calendarId: id.nullable().optional(),
  offHours: OffHoursPolicy.optional(),
  noReplyMs: TimerMs.nullable().default(null),
});
/** Only what is given changes; waiting conversations are routed by the new skills and priority. */
export const UpdateQueueInput = z.object({
  id: Slug,
  name: filledText(LIMITS.name).optional(),
  skills: skills.optional(),
  priority: z.number().int().min(0).max(100).optional(),
  /** null detaches the calendar: the queue is always open. */
  calendarId: id.nullable().optional(),
  offHours: OffHoursPolicy.optional(),
  noReplyMs: TimerMs.nullable().optional(),
});
export const DeleteQueueInput = z.object({ id: Slug });
export const DeleteOperatorInput = z.object({ id });
/** What deleting an operator did: `requeued` is how many open conversations went back to their queues. */
export const DeletedOperator = z.object({ id, login: z.string(), name: z.string(), requeued: z.number().int() });
export type DeletedOperator = z.infer<typeof DeletedOperator>;
export const WebhookUrl = storable(z.url({ protocol: /^https?$/ }).max(LIMITS.url));
/** A credential's value: a bot token, a mail password. Stored apart from the channel, never shown again. */
const Credential = deskText(LIMITS.credential).min(1);
export const CreateChannelInput = z.object({
  id: Slug,
  name: filledText(LIMITS.name),
  adapter: ChannelKindName.default('api'),
  medium: Medium.default('chat'),
  queueId: id,
  lang: Lang.default('en'),
  weight: z.number().positive().max(10).optional(),
  slaFirstResponseMs: z.number().int().positive().optional(),
  slaNextResponseMs: z.number().int().positive().optional(),
  slaClock: SlaClock.optional(),
  idleAskMs: TimerMs.nullable().default(null),
  idleCloseMs: TimerMs.nullable().default(null),
  startRatePerSec: StartRate.optional(),
  startBurst: StartBurst.optional(),
  settings: ChannelSettings.default({}),
  credentials: z.record(deskId(64), Credential).default({}),
});
/**
 * Only what is given changes, on the running server. In `settings` and `credentials` a key
 * given replaces its value and null removes it; the kind's schema checks the result.
 */
export const UpdateChannelInput = z.object({
  id: Slug,
  name: filledText(LIMITS.name).optional(),
  queueId: id.optional(),
  lang: Lang.optional(),
  weight: z.number().positive().max(10).optional(),
  slaFirstResponseMs: z.number().int().positive().optional(),
  slaNextResponseMs: z.number().int().positive().optional(),
  slaClock: SlaClock.optional(),
  idleAskMs: TimerMs.nullable().optional(),
  idleCloseMs: TimerMs.nullable().optional(),
  startRatePerSec: StartRate.nullable().optional(),
  startBurst: StartBurst.nullable().optional(),
  settings: z.record(deskId(64), z.unknown()).optional(),
  credentials: z.record(deskId(64), Credential.nullable()).optional(),
});
export const ChannelRef = z.object({ id: Slug });
export const CreateTemplateInput = z.object({
  name: filledText(LIMITS.name),
  text: filledText(LIMITS.templateText),
  lang: Lang.nullable().default(null),
});
export const DeleteByIdInput = z.object({ id });

// ---- the generic channel's HTTP contract -------------------------------------------------

export const ApiInboundMessage = z
  .object({
    id: deskId(LIMITS.id),
    contact: z.object({
      id: deskId(LIMITS.id),
      name: deskText(LIMITS.name).optional(),
      email: deskText(LIMITS.name).optional(),
      phone: deskText(64).optional(),
      /** The customer's language, a BCP 47 tag (`ru`, `en-GB`): the bot answers in it when it speaks it. */
      lang: z
        .string()
        .regex(/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/, 'a language tag such as ru or en-GB')
        .max(35)
        .optional(),
    }),
    text: deskText(LIMITS.messageText).default(''),
    /** Files as base64; the server's limits per file and per message apply. */
    attachments: z
      .array(z.object({ name: deskId(LIMITS.fileName), data: z.base64() }).strict())
      .max(LIMITS.attachmentsPerMessage)
      .optional(),
  })
  .refine(textOrFiles, TEXT_OR_FILES);
export type ApiInboundMessage = z.infer<typeof ApiInboundMessage>;

export const ApiInboundAccepted = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  duplicate: z.boolean(),
});

export const WebhookPayload = z.object({
  event: z.literal('message.created'),
  channelId: z.string(),
  conversationId: z.string(),
  contact: z.object({ id: z.string() }),
  message: z.object({
    id: z.string(),
    text: z.string(),
    author: z.object({ type: z.enum(['operator', 'bot']), name: z.string() }),
    createdAt: z.string(),
    /** Each with a signed download URL that expires (GET it as is, no other credential). */
    attachments: z.array(Attachment.extend({ url: z.string(), expiresAt: z.string() })).optional(),
  }),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
/** `admin channel test` on an API channel: a signed request the receiver should answer 2xx. */
export const WebhookProbe = z.object({ event: z.literal('channel.probe'), channelId: z.string(), at: z.string() });
export type WebhookProbe = z.infer<typeof WebhookProbe>;
