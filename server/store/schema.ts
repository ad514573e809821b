// Row shapes of every table, for Kysely's type checking. Times are epoch milliseconds;
// JSON columns (skills, payload, body) are TEXT; booleans are 0/1 integers.
import type { Generated } from 'kysely';

export interface OperatorsTable {
  id: string;
  login: string;
  name: string;
  role: string;
  password_hash: string;
  skills: string;
  capacity: number;
  status: string;
  created_at: number;
}
export interface SessionsTable {
  token_hash: string;
  operator_id: string;
  created_at: number;
  expires_at: number;
}
export interface QueuesTable {
  id: string;
  name: string;
  skills: string;
  priority: number;
  /** Set when an admin deleted the queue; the row stays for the conversations that name it. */
  deleted_at: number | null;
  /** Business hours (migration 020): the queue's calendar, and `queue`, `offline-form` or `route` while closed. */
  calendar_id: Generated<string | null>;
  off_hours: Generated<string>;
  /** Migration 021: an assigned operator's time to answer before the dialog is reassigned; null: off. */
  no_reply_ms: number | null;
}
/** A business-hours calendar (migration 020); `week` and `exceptions` are JSON. */
export interface CalendarsTable {
  id: string;
  name: string;
  zone: string;
  week: string;
  exceptions: string;
  created_at: number;
}
/** Operators an admin deleted: who an id in the history was, once their login is free again. */
export interface FormerOperatorsTable {
  id: string;
  login: string;
  name: string;
  role: string;
  created_at: number;
  deleted_at: number;
}
/** Words an operator added to their own spelling dictionary. */
export interface OperatorWordsTable {
  operator_id: string;
  word: string;
  created_at: number;
}
export interface ChannelsTable {
  id: string;
  name: string;
  adapter: string;
  medium: string;
  queue_id: string;
  lang: string;
  weight: number;
  sla_first_ms: number;
  sla_next_ms: number;
  /** The kind's own options, JSON checked by its adapter's schema. */
  settings: string;
  created_at: number;
  /** How many conversations a second the desk may start on it; null: the server's default. */
  start_rate_per_sec: number | null;
  /** How many it may start at once before that rate holds; null: the server's default. */
  start_burst: number | null;
  /** Set when an admin deleted the channel; the row stays for the conversations that name it. */
  deleted_at: number | null;
  /** `wall` or `business` (migration 020): whether the SLA counts only the queue's open hours. */
  sla_clock: Generated<string>;
  /** Migration 021: the customer's silence before "anything else?", and before the idle close after it; null: off. */
  idle_ask_ms: number | null;
  idle_close_ms: number | null;
}
/** A channel's secrets, apart from its settings: `signing` for every channel, plus its kind's credentials. */
export interface ChannelSecretsTable {
  channel_id: string;
  name: string;
  value: string;
}
/** An adapter's durable notes per channel (migration 008). */
export interface ChannelStateTable {
  channel_id: string;
  name: string;
  value: string;
}
export interface TemplatesTable {
  id: string;
  name: string;
  text: string;
  /** The customer's language (migration 019) when their channel reported one the bot speaks. */
  lang: string | null;
  use_count: number;
  created_at: number;
}
export interface CustomersTable {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  created_at: number;
  /** The address typed into a web chat's pre-chat form: not verified (migration 011). */
  given_email: string | null;
  /** When the visitor consented in the pre-chat form, and to what. */
  consent_at: number | null;
  consent_text: string | null;
  /** The customer this one was merged into (migration 025); null while it stands on its own. */
  merged_into: string | null;
}
/** An e-mail address or phone number of a customer (migration 024): issue 18 §1. */
export interface CustomerIdentitiesTable {
  id: string;
  kind: string;
  /** Normalised: an e-mail address lower-cased, a phone number in E.164. */
  value: string;
  customer_id: string;
  /** Where it came from: the channel's kind of proof (e-mail sender, provider's phone, a site's signature) or a form. */
  source: string;
  /** 1: a channel or site vouched for it, and customers are linked on it; 0: typed, never linked on. */
  verified: number;
  created_at: number;
}
/** A manual merge of one customer into another, and its undoing (migration 025). */
export interface CustomerMergesTable {
  id: string;
  into_customer_id: string;
  from_customer_id: string;
  /** JSON of the row keys the merge moved (conversations, contacts, identities, call-backs). */
  moved: string;
  merged_by: string;
  merged_at: number;
  unmerged_by: string | null;
  unmerged_at: number | null;
}
export interface ContactsTable {
  channel_id: string;
  external_id: string;
  customer_id: string;
}
export interface ConversationsTable {
  id: string;
  customer_id: string;
  channel_id: string;
  contact_id: string;
  queue_id: string;
  status: string;
  operator_id: string | null;
  last_operator_id: string | null;
  created_at: number;
  queued_at: number | null;
  assigned_at: number | null;
  resolved_at: number | null;
  waiting_since: number | null;
  sla_due_at: number | null;
  sla_target_ms: number | null;
  first_response_at: number | null;
  last_message_at: number;
  weight: number;
  tag: string | null;
  outcome: string | null;
  returned: number;
  rating: number | null;
  /** Read receipts (migration 010): the newest message id each side has seen. */
  operator_read_up_to: string | null;
  customer_read_up_to: string | null;
  /** JSON of the VisitorPage the customer was last seen on; null when none was told. */
  visitor_page: string | null;
  /** `outbound` when the desk started the conversation (migration 018), else `inbound`. */
  direction: string;
  /** The customer's language (migration 019) when their channel reported one the bot speaks. */
  lang: string | null;
  /** The end of the closed period whose off-hours notice the customer got (migration 020). */
  off_hours_until: number | null;
  /** Migration 021: when the idle clock started, when the bot asked "anything else?", the hold, the passed-over operator. */
  idle_since: number | null;
  idle_asked_at: number | null;
  held: number;
  passed_over_by: string | null;
}
export interface MessagesTable {
  id: string;
  conversation_id: string;
  channel_id: string;
  external_id: string | null;
  author_type: string;
  author_id: string | null;
  author_name: string | null;
  client_id: string | null;
  text: string;
  private: number;
  created_at: number;
  /** The provider's id of a delivered message (a Message-ID, a message_id), for threading. */
  provider_id: string | null;
  /** pending, sent or failed for messages delivered through the outbox; null otherwise. */
  delivery_status: string | null;
  delivery_error: string | null;
  /** The message's files as a JSON array of {name, type, size, hash}; null for none. */
  attachments: string | null;
  /** A bot message's kind (BotTexts key, migration 011); null for every other message. */
  notice: string | null;
}
export interface FilesTable {
  hash: string;
  size: number;
  type: string;
  /** When the file was last stored or uploaded again: housekeeping's grace counts from here. */
  created_at: number;
}
export interface FileBlobsTable {
  hash: string;
  bytes: Buffer;
}
export interface UploadsTable {
  ref: string;
  /** Who may attach it: `webchat:{channelId}:{contactId}` or `operator:{id}`. */
  owner: string;
  hash: string;
  name: string;
  type: string;
  size: number;
  created_at: number;
}
export interface MessageFilesTable {
  message_id: string;
  hash: string;
}
export interface ServerKeysTable {
  name: string;
  value: string;
}
export interface EventsTable {
  seq: Generated<number>;
  at: number;
  type: string;
  operator_id: string | null;
  conversation_id: string | null;
  payload: string;
}
export interface OutboxTable {
  id: Generated<number>;
  channel_id: string;
  conversation_id: string;
  message_id: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
  /** When the provider refused the entry for good: it is not retried. */
  failed_at: number | null;
}
/** A provider's report on a message whose provider id the outbox had not recorded yet. */
export interface EarlyReportsTable {
  channel_id: string;
  provider_id: string;
  status: string;
  error: string | null;
  received_at: number;
}
/** A call-back request (migration 022): status open | claimed | done | cancelled. */
export interface CallbacksTable {
  id: string;
  conversation_id: string;
  customer_id: string;
  queue_id: string;
  phone: string;
  reason: string;
  requested_by: string;
  requested_at: number;
  status: string;
  claimed_by: string | null;
  claimed_at: number | null;
  closed_at: number | null;
  outcome: string | null;
  /** When the overdue alert was raised, so a restart does not raise it again. */
  alerted_at: number | null;
}
export interface Database {
  operators: OperatorsTable;
  sessions: SessionsTable;
  former_operators: FormerOperatorsTable;
  operator_words: OperatorWordsTable;
  queues: QueuesTable;
  calendars: CalendarsTable;
  channels: ChannelsTable;
  channel_secrets: ChannelSecretsTable;
  channel_state: ChannelStateTable;
  templates: TemplatesTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  customer_merges: CustomerMergesTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  events: EventsTable;
  outbox: OutboxTable;
  files: FilesTable;
  file_blobs: FileBlobsTable;
  uploads: UploadsTable;
  message_files: MessageFilesTable;
  server_keys: ServerKeysTable;
  early_reports: EarlyReportsTable;
  callbacks: CallbacksTable;
}
