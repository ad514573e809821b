// Schema migrations, applied in order on start. Each is a list of statements written once for
// both dialects; type names that differ come from the dialect.
import type { SqlDialect } from './dialect';

export interface Migration {
  id: string;
  statements: (d: SqlDialect) => string[];
}

export const MIGRATIONS: Migration[] = [
  {
    id: '001-core',
    statements: ({ timestamp: ts, serialKey, real }) => [
      `CREATE TABLE operators (
        id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
        password_hash TEXT NOT NULL, skills TEXT NOT NULL, capacity ${real} NOT NULL,
        status TEXT NOT NULL, created_at ${ts} NOT NULL)`,
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id),
        created_at ${ts} NOT NULL, expires_at ${ts} NOT NULL)`,
      `CREATE TABLE queues (id TEXT PRIMARY KEY, name TEXT NOT NULL, skills TEXT NOT NULL,
        priority INTEGER NOT NULL)`,
      `CREATE TABLE channels (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, adapter TEXT NOT NULL, medium TEXT NOT NULL,
        queue_id TEXT NOT NULL REFERENCES queues(id), secret TEXT NOT NULL, webhook_url TEXT,
        lang TEXT NOT NULL, weight ${real} NOT NULL, sla_first_ms ${ts} NOT NULL,
        sla_next_ms ${ts} NOT NULL, created_at ${ts} NOT NULL)`,
      `CREATE TABLE templates (id TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL,
        lang TEXT, use_count INTEGER NOT NULL, created_at ${ts} NOT NULL)`,
      `CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT, email TEXT, phone TEXT,
        created_at ${ts} NOT NULL)`,
      `CREATE TABLE contacts (
        channel_id TEXT NOT NULL REFERENCES channels(id), external_id TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id), PRIMARY KEY (channel_id, external_id))`,
      `CREATE TABLE conversations (
        id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers(id),
        channel_id TEXT NOT NULL REFERENCES channels(id), contact_id TEXT NOT NULL,
        queue_id TEXT NOT NULL REFERENCES queues(id), status TEXT NOT NULL, operator_id TEXT,
        last_operator_id TEXT, created_at ${ts} NOT NULL, queued_at ${ts}, assigned_at ${ts},
        resolved_at ${ts}, waiting_since ${ts}, sla_due_at ${ts}, sla_target_ms ${ts},
        first_response_at ${ts}, last_message_at ${ts} NOT NULL, weight ${real} NOT NULL,
        tag TEXT, outcome TEXT, returned INTEGER NOT NULL)`,
      `CREATE INDEX conversations_by_contact ON conversations (channel_id, contact_id, created_at)`,
      `CREATE INDEX conversations_by_status ON conversations (status)`,
      `CREATE TABLE messages (
        id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id),
        channel_id TEXT NOT NULL, external_id TEXT, author_type TEXT NOT NULL, author_id TEXT,
        author_name TEXT, client_id TEXT, text TEXT NOT NULL, private INTEGER NOT NULL,
        created_at ${ts} NOT NULL)`,
      // Idempotency keys: a channel's message id, and an operator's client-generated id.
      `CREATE UNIQUE INDEX messages_by_external_id ON messages (channel_id, external_id)`,
      `CREATE UNIQUE INDEX messages_by_client_id ON messages (author_id, client_id)`,
      `CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at)`,
      `CREATE TABLE events (seq ${serialKey}, at ${ts} NOT NULL, type TEXT NOT NULL,
        operator_id TEXT, conversation_id TEXT, payload TEXT NOT NULL)`,
      `CREATE INDEX events_by_operator ON events (operator_id, seq)`,
      `CREATE TABLE outbox (id ${serialKey}, channel_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL,
        attempts INTEGER NOT NULL, next_attempt_at ${ts} NOT NULL, delivered_at ${ts},
        last_error TEXT)`,
      `CREATE INDEX outbox_pending ON outbox (delivered_at, id)`,
    ],
  },
  {
    id: '002-ratings',
    statements: () => [`ALTER TABLE conversations ADD COLUMN rating INTEGER`],
  },
  {
    // Reports select a period's conversations by creation time.
    id: '003-conversations-by-time',
    statements: () => [`CREATE INDEX conversations_by_created_at ON conversations (created_at)`],
  },
  {
    // Each idempotency key exists for one kind of message only (channel ids for customers' and
    // client ids for operators'): indexing only the rows that have one saves every message a
    // B-tree insert. Lookups say `key = ?`, which implies IS NOT NULL, so both engines use them.
    id: '004-partial-idempotency-indexes',
    statements: () => [
      `DROP INDEX messages_by_external_id`,
      `CREATE UNIQUE INDEX messages_by_external_id ON messages (channel_id, external_id) WHERE external_id IS NOT NULL`,
      `DROP INDEX messages_by_client_id`,
      `CREATE UNIQUE INDEX messages_by_client_id ON messages (author_id, client_id) WHERE client_id IS NOT NULL`,
    ],
  },
  {
    // Deleting keeps history. A queue stays as a row marked deleted: conversations and reports
    // refer to it by a foreign key, and adding its id again brings it back. A deleted operator
    // leaves the operators table, so their login is free for someone new, and is kept here:
    // conversations, messages and events still carry their id.
    id: '005-deleted-queues-and-former-operators',
    statements: ({ timestamp: ts }) => [
      `ALTER TABLE queues ADD COLUMN deleted_at ${ts}`,
      `CREATE TABLE former_operators (id TEXT PRIMARY KEY, login TEXT NOT NULL, name TEXT NOT NULL,
        role TEXT NOT NULL, created_at ${ts} NOT NULL, deleted_at ${ts} NOT NULL)`,
    ],
  },
  {
    // Each operator's own spelling dictionary ("add to my dictionary"), kept on the server so it
    // follows them to any terminal. Their words go when they are deleted (Directory.deleteOperator).
    id: '006-operator-words',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE operator_words (operator_id TEXT NOT NULL REFERENCES operators(id), word TEXT NOT NULL,
        created_at ${ts} NOT NULL, PRIMARY KEY (operator_id, word))`,
    ],
  },
  {
    // Channels behind one adapter seam (issue 14 §1). Secrets move out of the channels table
    // into channel_secrets, one row per name (the signing secret and each kind's credentials),
    // so listing or copying channel settings carries none. `settings` holds a kind's own
    // options as JSON, the API kind's webhook URL among them. A deleted channel stays as a row,
    // like a queue, for the conversations and contacts that name it. Messages keep the
    // provider's id and how their delivery went; an outbox entry a provider refused for good is
    // marked failed and no longer retried.
    id: '007-channel-adapters',
    statements: ({ timestamp: ts, jsonObject }) => [
      `CREATE TABLE channel_secrets (channel_id TEXT NOT NULL REFERENCES channels(id),
        name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (channel_id, name))`,
      `INSERT INTO channel_secrets (channel_id, name, value) SELECT id, 'signing', secret FROM channels`,
      `ALTER TABLE channels DROP COLUMN secret`,
      `ALTER TABLE channels ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'`,
      `UPDATE channels SET settings = ${jsonObject(`'webhookUrl', webhook_url`)} WHERE webhook_url IS NOT NULL`,
      `ALTER TABLE channels DROP COLUMN webhook_url`,
      `ALTER TABLE channels ADD COLUMN deleted_at ${ts}`,
      `ALTER TABLE messages ADD COLUMN provider_id TEXT`,
      `ALTER TABLE messages ADD COLUMN delivery_status TEXT`,
      `ALTER TABLE messages ADD COLUMN delivery_error TEXT`,
      `ALTER TABLE outbox ADD COLUMN failed_at ${ts}`,
    ],
  },
  {
    // What a channel's adapter keeps between restarts, by name: an IMAP mailbox's last UID, an
    // e-mail thread's subject and Message-IDs. Small values, written as each message commits.
    id: '008-channel-state',
    statements: () => [
      `CREATE TABLE channel_state (channel_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (channel_id, name))`,
    ],
  },
  {
    // Attachments (issue 14 §3). `files` lists every stored file by its SHA-256, whatever holds
    // its bytes (a directory on the embedded store, file_blobs on PostgreSQL so that every node
    // reads them). A message's files are JSON on its row, read with the transcript, and one
    // message_files row each, so that housekeeping finds files no message refers to. `uploads`
    // are files sent ahead of their message (web chat, operators), known by a random ref and
    // their owner. `server_keys` holds what every node must share, such as the key download
    // links are signed with.
    id: '009-attachments',
    statements: ({ timestamp: ts, bytes }) => [
      `CREATE TABLE files (hash TEXT PRIMARY KEY, size ${ts} NOT NULL, type TEXT NOT NULL, created_at ${ts} NOT NULL)`,
      `CREATE TABLE file_blobs (hash TEXT PRIMARY KEY, bytes ${bytes} NOT NULL)`,
      `CREATE TABLE uploads (ref TEXT PRIMARY KEY, owner TEXT NOT NULL, hash TEXT NOT NULL, name TEXT NOT NULL,
        type TEXT NOT NULL, size ${ts} NOT NULL, created_at ${ts} NOT NULL)`,
      `CREATE INDEX uploads_by_created_at ON uploads (created_at)`,
      `ALTER TABLE messages ADD COLUMN attachments TEXT`,
      `CREATE TABLE message_files (message_id TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (message_id, hash))`,
      `CREATE INDEX message_files_by_hash ON message_files (hash)`,
      `CREATE TABLE server_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
    ],
  },
  {
    // Read receipts (issue 15): the newest message id each side has seen, on the conversation's
    // row, so the widget and the console show them again after a reload or a restart.
    id: '010-read-receipts',
    statements: () => [
      `ALTER TABLE conversations ADD COLUMN operator_read_up_to TEXT`,
      `ALTER TABLE conversations ADD COLUMN customer_read_up_to TEXT`,
    ],
  },
  {
    // The bot's notices by kind (issue 15): a bot message says which of the BotTexts it is, so
    // the widget draws "operator joined" as a notice and the rating question as buttons. The
    // customers of a web chat's pre-chat form: the e-mail they typed, kept apart from `email`
    // (one a channel or site vouches for) because nobody verified it, and the consent they gave
    // with its time and wording.
    id: '011-message-notices',
    statements: ({ timestamp: ts }) => [
      `ALTER TABLE messages ADD COLUMN notice TEXT`,
      `ALTER TABLE customers ADD COLUMN given_email TEXT`,
      `ALTER TABLE customers ADD COLUMN consent_at ${ts}`,
      `ALTER TABLE customers ADD COLUMN consent_text TEXT`,
    ],
  },
  {
    // The page a web chat visitor was last seen on (issue 15), shown to the operator: JSON of
    // { url, title } on the conversation, so it survives a restart and reaches every node.
    id: '012-visitor-page',
    statements: () => [`ALTER TABLE conversations ADD COLUMN visitor_page TEXT`],
  },
  {
    // Providers report on a sent message by their own id (a WhatsApp wamid, an SMPP message_id):
    // finding it must not scan the transcript.
    id: '013-provider-status',
    statements: () => [`CREATE INDEX messages_by_provider_id ON messages (provider_id) WHERE provider_id IS NOT NULL`],
  },
  {
    // A provider's report that came before the outbox recorded the provider's id: kept until it
    // has, and swept after a day (a report for a message sent by another tool, or for an earlier
    // part of a message whose id is its last part's, never finds one).
    id: '014-early-reports',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE early_reports (channel_id TEXT NOT NULL, provider_id TEXT NOT NULL, status TEXT NOT NULL,
        error TEXT, received_at ${ts} NOT NULL, PRIMARY KEY (channel_id, provider_id))`,
      `CREATE INDEX early_reports_by_received_at ON early_reports (received_at)`,
    ],
  },
  {
    // Conversations the desk starts (issue 16): an operator or a script wrote first. Reports
    // count them apart ("outbound"); every earlier conversation was the customer's.
    id: '018-outbound',
    statements: () => [`ALTER TABLE conversations ADD COLUMN direction TEXT NOT NULL DEFAULT 'inbound'`],
  },
  {
    // The customer's own language (issue 16: Telegram's language_code), which the bot speaks
    // in place of the channel's. Null: the channel's, as every earlier conversation had.
    id: '019-conversation-lang',
    statements: () => [`ALTER TABLE conversations ADD COLUMN lang TEXT`],
  },
  {
    // Business hours (issue 17 §1): calendars (zone, weekly intervals and dated exceptions as
    // JSON), which one a queue keeps and what it does while closed, whether a channel's SLA
    // counts business time only, and the end of the closed period a conversation's customer was
    // told about (so a restart does not tell them twice).
    id: '020-calendars',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE calendars (id TEXT PRIMARY KEY, name TEXT NOT NULL, zone TEXT NOT NULL, week TEXT NOT NULL,
        exceptions TEXT NOT NULL, created_at ${ts} NOT NULL)`,
      `ALTER TABLE queues ADD COLUMN calendar_id TEXT`,
      `ALTER TABLE queues ADD COLUMN off_hours TEXT NOT NULL DEFAULT 'queue'`,
      `ALTER TABLE channels ADD COLUMN sla_clock TEXT NOT NULL DEFAULT 'wall'`,
      `ALTER TABLE conversations ADD COLUMN off_hours_until ${ts}`,
    ],
  },
  {
    // No-reply reassignment and idle close (issue 17 §2, §3). The settings: a queue's no-reply
    // time, a channel's idle "anything else?" time and close time after it (null: off). On the
    // conversation, what a restart needs to re-arm both timers exactly: when the idle clock
    // started (the last operator reply, or the end of a hold), when the bot asked "anything
    // else?", the operator's hold, and whom a no-reply return took it from (routing avoids them).
    id: '021-reply-timers',
    statements: ({ timestamp: ts }) => [
      `ALTER TABLE queues ADD COLUMN no_reply_ms ${ts}`,
      `ALTER TABLE channels ADD COLUMN idle_ask_ms ${ts}`,
      `ALTER TABLE channels ADD COLUMN idle_close_ms ${ts}`,
      `ALTER TABLE conversations ADD COLUMN idle_since ${ts}`,
      `ALTER TABLE conversations ADD COLUMN idle_asked_at ${ts}`,
      `ALTER TABLE conversations ADD COLUMN held INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE conversations ADD COLUMN passed_over_by TEXT`,
    ],
  },
  {
    // Call-back requests someone keeps (issue 17 §5): each request is a row that moves only
    // forward, open → claimed → done, or to cancelled. Open ones are listed oldest first and
    // re-armed for their overdue alert on start; `alerted_at` keeps a restart from alerting twice.
    id: '022-callbacks',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE callbacks (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id),
        customer_id TEXT NOT NULL REFERENCES customers(id), queue_id TEXT NOT NULL, phone TEXT NOT NULL,
        reason TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at ${ts} NOT NULL, status TEXT NOT NULL,
        claimed_by TEXT, claimed_at ${ts}, closed_at ${ts}, outcome TEXT, alerted_at ${ts})`,
      `CREATE INDEX callbacks_by_status ON callbacks (status, requested_at)`,
      `CREATE INDEX callbacks_by_requested_at ON callbacks (requested_at)`,
    ],
  },
  {
    // A channel's own rate of starting conversations (issue 16); NULL: the server's default.
    id: '023-channel-start-limits',
    statements: ({ real }) => [
      `ALTER TABLE channels ADD COLUMN start_rate_per_sec ${real}`,
      `ALTER TABLE channels ADD COLUMN start_burst INTEGER`,
    ],
  },
  {
    // One customer across channels (issue 18 §1): the e-mail addresses and phone numbers known of
    // a customer, where each came from, and whether a channel or site vouched for it. A verified
    // identity belongs to one customer (the partial unique index); a typed one may repeat. The
    // backfill trusts only what a provider proved: an e-mail channel's senders and the E.164
    // numbers of SMS and WhatsApp senders; when several customers hold one, the oldest keeps it.
    id: '024-customer-identities',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE customer_identities (id TEXT PRIMARY KEY, kind TEXT NOT NULL, value TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers(id), source TEXT NOT NULL, verified INTEGER NOT NULL,
        created_at ${ts} NOT NULL)`,
      `CREATE UNIQUE INDEX customer_identities_verified ON customer_identities (kind, value) WHERE verified = 1`,
      `CREATE INDEX customer_identities_by_customer ON customer_identities (customer_id)`,
      backfillIdentities('email', 'lower(c.email)', `ch.adapter = 'email'`, 'backfill-email-sender'),
      backfillIdentities('phone', 'c.phone', `ch.adapter IN ('sms', 'whatsapp')`, 'backfill-provider-phone'),
    ],
  },
  {
    // Manual merges (issue 18 §1): what each merge moved (JSON lists of row keys), so an unmerge
    // puts exactly those rows back; who merged and unmerged, and when. A merged customer's row is
    // kept, marked with whom it was merged into.
    id: '025-customer-merges',
    statements: ({ timestamp: ts }) => [
      `CREATE TABLE customer_merges (id TEXT PRIMARY KEY, into_customer_id TEXT NOT NULL REFERENCES customers(id),
        from_customer_id TEXT NOT NULL REFERENCES customers(id), moved TEXT NOT NULL, merged_by TEXT NOT NULL,
        merged_at ${ts} NOT NULL, unmerged_by TEXT, unmerged_at ${ts})`,
      `CREATE INDEX customer_merges_by_into ON customer_merges (into_customer_id)`,
      `CREATE INDEX customer_merges_by_from ON customer_merges (from_customer_id)`,
      `ALTER TABLE customers ADD COLUMN merged_into TEXT`,
    ],
  },
];

/**
 * Migration 024's backfill of one kind: `value` of every customer with a contact on a channel
 * matching `channelIs`, unless an older such customer holds the same value.
 */
function backfillIdentities(kind: 'email' | 'phone', value: string, channelIs: string, source: string): string {
  const provenBy = (customer: string) =>
    `EXISTS (SELECT 1 FROM contacts k JOIN channels ch ON ch.id = k.channel_id
      WHERE k.customer_id = ${customer}.id AND ${channelIs})`;
  const valueOf = (customer: string) => value.replace('c.', `${customer}.`);
  return `INSERT INTO customer_identities (id, kind, value, customer_id, source, verified, created_at)
    SELECT 'backfill-${kind}-' || c.id, '${kind}', ${value}, c.id, '${source}', 1, c.created_at FROM customers c
    WHERE c.${kind} IS NOT NULL ${kind === 'phone' ? `AND c.phone LIKE '+%'` : ''} AND ${provenBy('c')}
      AND NOT EXISTS (SELECT 1 FROM customers o WHERE ${valueOf('o')} = ${value}
        AND (o.created_at < c.created_at OR (o.created_at = c.created_at AND o.id < c.id)) AND ${provenBy('o')})`;
}
