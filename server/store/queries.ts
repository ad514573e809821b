// Every SQL statement the server runs, built once with Kysely for the store's dialect.
import { sql, type Kysely, type Selectable } from 'kysely';
import { callbackQueries } from './callback-queries';
import { identityQueries } from './identity-queries';
import { param as p, params, prepare, type NoArgs } from './prepared';
import type {
  CalendarsTable,
  ChannelSecretsTable,
  ChannelStateTable,
  EarlyReportsTable,
  ChannelsTable,
  ConversationsTable,
  CustomersTable,
  Database,
  EventsTable,
  FilesTable,
  FormerOperatorsTable,
  MessagesTable,
  OperatorsTable,
  OperatorWordsTable,
  OutboxTable,
  QueuesTable,
  TemplatesTable,
  UploadsTable,
} from './schema';

export type OperatorRow = Selectable<OperatorsTable>;
export type OperatorWordRow = Selectable<OperatorWordsTable>;
export type QueueRow = Selectable<QueuesTable>;
/** A queue as written: every column but the deletion mark and business hours, which have statements of their own. */
export type QueueFields = Omit<QueueRow, 'deleted_at' | 'calendar_id' | 'off_hours'>;
export type CalendarRow = Selectable<CalendarsTable>;
export type FormerOperatorRow = Selectable<FormerOperatorsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
/** A channel as written: every column but the deletion mark, which has a statement of its own. */
export type ChannelFields = Omit<ChannelRow, 'deleted_at' | 'sla_clock'>;
export type ChannelSecretRow = Selectable<ChannelSecretsTable>;
export type ChannelStateRow = Selectable<ChannelStateTable>;
export type EarlyReportRow = Selectable<EarlyReportsTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
/** A query without parameters: its callers pass `{}`. */
export type EventRow = Selectable<EventsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type FileRow = Selectable<FilesTable>;
export type UploadRow = Selectable<UploadsTable>;
export type { CallbackRow, CallbackView } from './callback-queries';

const OPERATOR_COLUMNS = [
  'id',
  'login',
  'name',
  'role',
  'password_hash',
  'skills',
  'capacity',
  'status',
  'created_at',
] as const;
const CONVERSATION_COLUMNS = [
  'id',
  'customer_id',
  'channel_id',
  'contact_id',
  'queue_id',
  'status',
  'operator_id',
  'last_operator_id',
  'created_at',
  'queued_at',
  'assigned_at',
  'resolved_at',
  'waiting_since',
  'sla_due_at',
  'sla_target_ms',
  'first_response_at',
  'last_message_at',
  'weight',
  'tag',
  'outcome',
  'returned',
  'rating',
  'operator_read_up_to',
  'customer_read_up_to',
  'visitor_page',
  'direction',
  'lang',
  'off_hours_until',
  'idle_since',
  'idle_asked_at',
  'held',
  'passed_over_by',
] as const;
const MESSAGE_COLUMNS = [
  'id',
  'conversation_id',
  'channel_id',
  'external_id',
  'author_type',
  'author_id',
  'author_name',
  'client_id',
  'text',
  'private',
  'created_at',
  'provider_id',
  'delivery_status',
  'delivery_error',
  'attachments',
  'notice',
] as const;
const CHANNEL_COLUMNS = [
  'id',
  'name',
  'adapter',
  'medium',
  'queue_id',
  'lang',
  'weight',
  'sla_first_ms',
  'sla_next_ms',
  'settings',
  'created_at',
  'idle_ask_ms',
  'idle_close_ms',
  'start_rate_per_sec',
  'start_burst',
] as const;

export function createQueries(db: Kysely<Database>) {
  const conversationUpdate = Object.fromEntries(CONVERSATION_COLUMNS.filter((c) => c !== 'id').map((c) => [c, p(c)]));
  return {
    ...callbackQueries(db),
    ...identityQueries(db),
    insertOperator: prepare<OperatorRow>(db.insertInto('operators').values(params<OperatorRow>(OPERATOR_COLUMNS))),
    updateOperator: prepare<OperatorRow>(
      db
        .updateTable('operators')
        .set(
          params<Omit<OperatorRow, 'id' | 'login' | 'created_at'>>([
            'name',
            'role',
            'password_hash',
            'skills',
            'capacity',
            'status',
          ]),
        )
        .where('id', '=', p('id')),
    ),
    listOperators: prepare<NoArgs, OperatorRow>(db.selectFrom('operators').selectAll().orderBy('login')),
    operatorByLogin: prepare<{ login: string }, OperatorRow>(
      db.selectFrom('operators').selectAll().where('login', '=', p('login')),
    ),
    deleteOperator: prepare<{ id: string }>(db.deleteFrom('operators').where('id', '=', p('id'))),
    insertFormerOperator: prepare<FormerOperatorRow>(
      db
        .insertInto('former_operators')
        .values(params<FormerOperatorRow>(['id', 'login', 'name', 'role', 'created_at', 'deleted_at'])),
    ),

    /** Adding a word twice keeps the first. */
    insertOperatorWord: prepare<OperatorWordRow>(
      db
        .insertInto('operator_words')
        .values(params<OperatorWordRow>(['operator_id', 'word', 'created_at']))
        .onConflict((oc) => oc.columns(['operator_id', 'word']).doNothing()),
    ),
    deleteOperatorWord: prepare<{ operator_id: string; word: string }>(
      db.deleteFrom('operator_words').where('operator_id', '=', p('operator_id')).where('word', '=', p('word')),
    ),
    deleteWordsOfOperator: prepare<{ operator_id: string }>(
      db.deleteFrom('operator_words').where('operator_id', '=', p('operator_id')),
    ),
    wordsOfOperator: prepare<{ operator_id: string }, { word: string }>(
      db.selectFrom('operator_words').select('word').where('operator_id', '=', p('operator_id')).orderBy('word'),
    ),

    insertSession: prepare<{ token_hash: string; operator_id: string; created_at: number; expires_at: number }>(
      db.insertInto('sessions').values({
        token_hash: p('token_hash'),
        operator_id: p('operator_id'),
        created_at: p('created_at'),
        expires_at: p('expires_at'),
      }),
    ),
    sessionByHash: prepare<{ token_hash: string; now: number }, { operator_id: string }>(
      db
        .selectFrom('sessions')
        .select('operator_id')
        .where('token_hash', '=', p('token_hash'))
        .where('expires_at', '>', p<number>('now')),
    ),
    deleteSession: prepare<{ token_hash: string }>(db.deleteFrom('sessions').where('token_hash', '=', p('token_hash'))),
    deleteSessionsOfOperator: prepare<{ operator_id: string }>(
      db.deleteFrom('sessions').where('operator_id', '=', p('operator_id')),
    ),

    insertQueue: prepare<QueueFields>(
      db.insertInto('queues').values(params<QueueFields>(['id', 'name', 'skills', 'priority', 'no_reply_ms'])),
    ),
    updateQueue: prepare<QueueFields>(
      db
        .updateTable('queues')
        .set(params<Omit<QueueFields, 'id'>>(['name', 'skills', 'priority', 'no_reply_ms']))
        .where('id', '=', p('id')),
    ),
    markQueueDeleted: prepare<{ id: string; deleted_at: number }>(
      db
        .updateTable('queues')
        .set({ deleted_at: p<number>('deleted_at') })
        .where('id', '=', p('id')),
    ),
    deletedQueueById: prepare<{ id: string }, QueueRow>(
      db.selectFrom('queues').selectAll().where('id', '=', p('id')).where('deleted_at', 'is not', null),
    ),
    /** A deleted queue's id added again: the same queue, with its history, under the new settings. */
    reviveQueue: prepare<QueueFields>(
      db
        .updateTable('queues')
        .set({ ...params<Omit<QueueFields, 'id'>>(['name', 'skills', 'priority', 'no_reply_ms']), deleted_at: null })
        .where('id', '=', p('id'))
        .where('deleted_at', 'is not', null),
    ),
    listQueues: prepare<NoArgs, QueueRow>(
      db.selectFrom('queues').selectAll().where('deleted_at', 'is', null).orderBy('id'),
    ),
    /** Business hours (issue 17 §1): the queue's calendar (null: always open) and its off-hours policy. */
    setQueueHours: prepare<{ id: string; calendar_id: string | null; off_hours: string }>(
      db
        .updateTable('queues')
        .set({ calendar_id: p<string | null>('calendar_id'), off_hours: p<string>('off_hours') })
        .where('id', '=', p('id')),
    ),
    /** Added, or replaced whole (the config file's calendars at every start, `admin calendar set`). */
    upsertCalendar: prepare<CalendarRow>(
      db
        .insertInto('calendars')
        .values(params<CalendarRow>(['id', 'name', 'zone', 'week', 'exceptions', 'created_at']))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(params<Omit<CalendarRow, 'id' | 'created_at'>>(['name', 'zone', 'week', 'exceptions'])),
        ),
    ),
    deleteCalendar: prepare<{ id: string }>(db.deleteFrom('calendars').where('id', '=', p('id'))),
    listCalendars: prepare<NoArgs, CalendarRow>(db.selectFrom('calendars').selectAll().orderBy('id')),
    /** Whether a channel's SLA counts wall-clock or business time (issue 17 §1). */
    setChannelSlaClock: prepare<{ id: string; sla_clock: string }>(
      db
        .updateTable('channels')
        .set({ sla_clock: p<string>('sla_clock') })
        .where('id', '=', p('id')),
    ),

    /** Adds a channel, or brings back a deleted one under the same id: its past conversations are its history. */
    insertChannel: prepare<ChannelFields>(
      db
        .insertInto('channels')
        .values(params<ChannelFields>(CHANNEL_COLUMNS))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({
              ...params<Omit<ChannelFields, 'id'>>(CHANNEL_COLUMNS.filter((c) => c !== 'id')),
              deleted_at: null,
            })
            .where('channels.deleted_at', 'is not', null),
        ),
    ),
    updateChannel: prepare<Omit<ChannelFields, 'adapter' | 'medium' | 'created_at'>>(
      db
        .updateTable('channels')
        .set(
          params<Omit<ChannelFields, 'id' | 'adapter' | 'medium' | 'created_at'>>([
            'name',
            'queue_id',
            'lang',
            'weight',
            'sla_first_ms',
            'sla_next_ms',
            'settings',
            'idle_ask_ms',
            'idle_close_ms',
            'start_rate_per_sec',
            'start_burst',
          ]),
        )
        .where('id', '=', p('id')),
    ),
    markChannelDeleted: prepare<{ id: string; deleted_at: number }>(
      db
        .updateTable('channels')
        .set({ deleted_at: p<number>('deleted_at') })
        .where('id', '=', p('id')),
    ),
    /** Deleted ones too: the conversations that came through them still need their medium. */
    listChannels: prepare<NoArgs, ChannelRow>(db.selectFrom('channels').selectAll().orderBy('id')),
    listChannelSecrets: prepare<NoArgs, ChannelSecretRow>(db.selectFrom('channel_secrets').selectAll()),
    setChannelSecret: prepare<ChannelSecretRow>(
      db
        .insertInto('channel_secrets')
        .values(params<ChannelSecretRow>(['channel_id', 'name', 'value']))
        .onConflict((oc) => oc.columns(['channel_id', 'name']).doUpdateSet({ value: p('value') })),
    ),
    deleteChannelSecret: prepare<{ channel_id: string; name: string }>(
      db.deleteFrom('channel_secrets').where('channel_id', '=', p('channel_id')).where('name', '=', p('name')),
    ),
    deleteChannelSecrets: prepare<{ channel_id: string }>(
      db.deleteFrom('channel_secrets').where('channel_id', '=', p('channel_id')),
    ),
    channelState: prepare<{ channel_id: string; name: string }, ChannelStateRow>(
      db
        .selectFrom('channel_state')
        .selectAll()
        .where('channel_id', '=', p('channel_id'))
        .where('name', '=', p('name')),
    ),
    setChannelState: prepare<ChannelStateRow>(
      db
        .insertInto('channel_state')
        .values(params<ChannelStateRow>(['channel_id', 'name', 'value']))
        .onConflict((oc) => oc.columns(['channel_id', 'name']).doUpdateSet({ value: p('value') })),
    ),

    insertTemplate: prepare<TemplateRow>(
      db.insertInto('templates').values(params<TemplateRow>(['id', 'name', 'text', 'lang', 'use_count', 'created_at'])),
    ),
    listTemplates: prepare<NoArgs, TemplateRow>(db.selectFrom('templates').selectAll().orderBy('name')),
    deleteTemplate: prepare<{ id: string }>(db.deleteFrom('templates').where('id', '=', p('id'))),
    countTemplateUse: prepare<{ id: string }>(
      db
        .updateTable('templates')
        .set((eb) => ({ use_count: eb('use_count', '+', 1) }))
        .where('id', '=', p('id')),
    ),

    /** A new customer; what a pre-chat form adds (migration 011) is written by updateCustomer. */
    insertCustomer: prepare<Pick<CustomerRow, 'id' | 'name' | 'email' | 'phone' | 'created_at'>>(
      db.insertInto('customers').values(params<CustomerRow>(['id', 'name', 'email', 'phone', 'created_at'])),
    ),
    updateCustomer: prepare<Omit<CustomerRow, 'created_at' | 'merged_into'>>(
      db
        .updateTable('customers')
        .set({
          name: p('name'),
          email: p('email'),
          phone: p('phone'),
          given_email: p('given_email'),
          consent_at: p('consent_at'),
          consent_text: p('consent_text'),
        })
        .where('id', '=', p('id')),
    ),
    customerById: prepare<{ id: string }, CustomerRow>(
      db.selectFrom('customers').selectAll().where('id', '=', p('id')),
    ),
    insertContact: prepare<{ channel_id: string; external_id: string; customer_id: string }>(
      db
        .insertInto('contacts')
        .values({ channel_id: p('channel_id'), external_id: p('external_id'), customer_id: p('customer_id') }),
    ),
    contactByExternal: prepare<{ channel_id: string; external_id: string }, { customer_id: string }>(
      db
        .selectFrom('contacts')
        .select('customer_id')
        .where('channel_id', '=', p('channel_id'))
        .where('external_id', '=', p('external_id')),
    ),
    /** The customer's contacts on one channel, oldest link first (a started conversation writes to one). */
    contactsOfCustomerOnChannel: prepare<{ customer_id: string; channel_id: string }, { external_id: string }>(
      db
        .selectFrom('contacts')
        .select('external_id')
        .where('customer_id', '=', p('customer_id'))
        .where('channel_id', '=', p('channel_id'))
        .orderBy('external_id')
        .limit(10),
    ),

    saveConversation: prepare<ConversationRow>(
      db
        .insertInto('conversations')
        .values(params<ConversationRow>(CONVERSATION_COLUMNS))
        .onConflict((oc) => oc.column('id').doUpdateSet(conversationUpdate)),
    ),
    openConversations: prepare<NoArgs, ConversationRow>(
      db.selectFrom('conversations').selectAll().where('status', '!=', 'resolved').orderBy('created_at'),
    ),
    latestConversationOfContact: prepare<{ channel_id: string; contact_id: string }, ConversationRow>(
      db
        .selectFrom('conversations')
        .selectAll()
        .where('channel_id', '=', p('channel_id'))
        .where('contact_id', '=', p('contact_id'))
        .orderBy('created_at', 'desc')
        .limit(1),
    ),
    conversationById: prepare<{ id: string }, ConversationRow>(
      db.selectFrom('conversations').selectAll().where('id', '=', p('id')),
    ),
    conversationsOfCustomer: prepare<{ customer_id: string; limit: number }, ConversationRow>(
      db
        .selectFrom('conversations')
        .selectAll()
        .where('customer_id', '=', p('customer_id'))
        .orderBy('created_at', 'desc')
        .limit(p<number>('limit')),
    ),

    lastMessageAtOfConversation: prepare<{ conversation_id: string }, { at: number | null }>(
      db
        .selectFrom('messages')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('conversation_id', '=', p('conversation_id')),
    ),
    /** When the customer last wrote in a conversation (a reply window runs from it). */
    lastCustomerMessageAt: prepare<{ conversation_id: string }, { at: number | null }>(
      db
        .selectFrom('messages')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('conversation_id', '=', p('conversation_id'))
        .where('author_type', '=', 'customer'),
    ),
    insertMessage: prepare<MessageRow>(db.insertInto('messages').values(params<MessageRow>(MESSAGE_COLUMNS))),
    messageByExternalId: prepare<{ channel_id: string; external_id: string }, MessageRow>(
      db
        .selectFrom('messages')
        .selectAll()
        .where('channel_id', '=', p('channel_id'))
        .where('external_id', '=', p('external_id')),
    ),
    messageByClientId: prepare<{ author_id: string; client_id: string }, MessageRow>(
      db
        .selectFrom('messages')
        .selectAll()
        .where('author_id', '=', p('author_id'))
        .where('client_id', '=', p('client_id')),
    ),
    messagesOfConversation: prepare<{ conversation_id: string; limit: number }, MessageRow>(
      db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', p('conversation_id'))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(p<number>('limit')),
    ),
    /** The page of a transcript before the message `before` (same order as above); none if it is not in the conversation. */
    messagesOfConversationBefore: prepare<{ conversation_id: string; before: string; limit: number }, MessageRow>(
      db
        .selectFrom('messages')
        .selectAll()
        .where('conversation_id', '=', p('conversation_id'))
        .where(
          sql<boolean>`(created_at, id) < (select m.created_at, m.id from messages m where m.id = ${p('before')} and m.conversation_id = ${p('conversation_id')})`,
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(p<number>('limit')),
    ),

    insertEvent: prepare<Omit<EventRow, 'seq'>, { seq: number }>(
      db
        .insertInto('events')
        .values(params<Omit<EventRow, 'seq'>>(['at', 'type', 'operator_id', 'conversation_id', 'payload']))
        .returning('seq'),
    ),
    eventsOfOperatorAfter: prepare<{ operator_id: string; after: number; limit: number }, EventRow>(
      db
        .selectFrom('events')
        .selectAll()
        .where('operator_id', '=', p('operator_id'))
        .where('seq', '>', p<number>('after'))
        .orderBy('seq')
        .limit(p<number>('limit')),
    ),
    eventsAfter: prepare<{ after: number; limit: number }, EventRow>(
      db
        .selectFrom('events')
        .selectAll()
        .where('seq', '>', p<number>('after'))
        .orderBy('seq')
        .limit(p<number>('limit')),
    ),
    lastEventSeq: prepare<NoArgs, { seq: number | null }>(
      db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')),
    ),

    firstEventSeq: prepare<NoArgs, { seq: number | null }>(
      db.selectFrom('events').select((eb) => eb.fn.min('seq').as('seq')),
    ),
    deleteEventsBefore: prepare<{ before: number }>(db.deleteFrom('events').where('at', '<', p<number>('before'))),
    /** Entries done with, delivered or given up on, before `before`: their messages keep the outcome. */
    deleteDeliveredOutboxBefore: prepare<{ before: number }>(
      db
        .deleteFrom('outbox')
        .where((eb) =>
          eb.or([eb('delivered_at', '<', p<number>('before')), eb('failed_at', '<', p<number>('before'))]),
        ),
    ),
    deleteExpiredSessions: prepare<{ now: number }>(
      db.deleteFrom('sessions').where('expires_at', '<=', p<number>('now')),
    ),
    /** The newest outbox entry of a message: what a retry sends again. */
    lastOutboxOfMessage: prepare<{ message_id: string }, OutboxRow>(
      db.selectFrom('outbox').selectAll().where('message_id', '=', p('message_id')).orderBy('id', 'desc').limit(1),
    ),
    insertOutbox: prepare<Omit<OutboxRow, 'id'>, { id: number }>(
      db
        .insertInto('outbox')
        .values(
          params<Omit<OutboxRow, 'id'>>([
            'channel_id',
            'conversation_id',
            'message_id',
            'body',
            'attempts',
            'next_attempt_at',
            'delivered_at',
            'last_error',
            'failed_at',
          ]),
        )
        .returning('id'),
    ),
    outboxById: prepare<{ id: number }, OutboxRow>(
      db.selectFrom('outbox').selectAll().where('id', '=', p<number>('id')),
    ),
    pendingOutbox: prepare<NoArgs, OutboxRow>(
      db
        .selectFrom('outbox')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('failed_at', 'is', null)
        .orderBy('id'),
    ),
    outboxDelivered: prepare<{ id: number; delivered_at: number; attempts: number }>(
      db
        .updateTable('outbox')
        .set({ delivered_at: p('delivered_at'), attempts: p('attempts') })
        .where('id', '=', p<number>('id')),
    ),
    outboxFailed: prepare<{ id: number; attempts: number; next_attempt_at: number; last_error: string }>(
      db
        .updateTable('outbox')
        .set({ attempts: p('attempts'), next_attempt_at: p('next_attempt_at'), last_error: p('last_error') })
        .where('id', '=', p<number>('id')),
    ),
    outboxGaveUp: prepare<{ id: number; attempts: number; failed_at: number; last_error: string }>(
      db
        .updateTable('outbox')
        .set({ attempts: p('attempts'), failed_at: p('failed_at'), last_error: p('last_error') })
        .where('id', '=', p<number>('id')),
    ),
    messageSent: prepare<{ id: string; provider_id: string | null }>(
      db
        .updateTable('messages')
        .set({ delivery_status: 'sent', provider_id: p('provider_id'), delivery_error: null })
        .where('id', '=', p('id')),
    ),
    /** An operator's or the bot's message on a channel by the id its provider gave it. */
    messageByProviderId: prepare<{ channel_id: string; provider_id: string }, MessageRow>(
      db
        .selectFrom('messages')
        .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .selectAll('messages')
        .where('conversations.channel_id', '=', p('channel_id'))
        .where('messages.provider_id', '=', p('provider_id')),
    ),
    /** Keeps the furthest report for an id not recorded yet (a later one replaces it). */
    putEarlyReport: prepare<EarlyReportRow>(
      db
        .insertInto('early_reports')
        .values(params<EarlyReportRow>(['channel_id', 'provider_id', 'status', 'error', 'received_at']))
        .onConflict((oc) =>
          oc
            .columns(['channel_id', 'provider_id'])
            .doUpdateSet({ status: p('status'), error: p('error'), received_at: p('received_at') }),
        ),
    ),
    earlyReport: prepare<{ channel_id: string; provider_id: string }, EarlyReportRow>(
      db
        .selectFrom('early_reports')
        .selectAll()
        .where('channel_id', '=', p('channel_id'))
        .where('provider_id', '=', p('provider_id')),
    ),
    deleteEarlyReport: prepare<{ channel_id: string; provider_id: string }>(
      db
        .deleteFrom('early_reports')
        .where('channel_id', '=', p('channel_id'))
        .where('provider_id', '=', p('provider_id')),
    ),
    deleteEarlyReportsBefore: prepare<{ before: number }>(
      db.deleteFrom('early_reports').where('received_at', '<', p<number>('before')),
    ),
    /** A provider's later report on a sent message: delivered, read, or failed after all. */
    messageDeliveryReported: prepare<{ id: string; delivery_status: string; delivery_error: string | null }>(
      db
        .updateTable('messages')
        .set({ delivery_status: p('delivery_status'), delivery_error: p('delivery_error') })
        .where('id', '=', p('id')),
    ),
    messageFailed: prepare<{ id: string; delivery_error: string }>(
      db
        .updateTable('messages')
        .set({ delivery_status: 'failed', delivery_error: p('delivery_error') })
        .where('id', '=', p('id')),
    ),

    /** A file stored, or stored again: its grace before housekeeping may delete it starts over. */
    putFile: prepare<FileRow>(
      db
        .insertInto('files')
        .values(params<FileRow>(['hash', 'size', 'type', 'created_at']))
        .onConflict((oc) => oc.column('hash').doUpdateSet({ created_at: p<number>('created_at') })),
    ),
    fileByHash: prepare<{ hash: string }, FileRow>(db.selectFrom('files').selectAll().where('hash', '=', p('hash'))),
    /** Only if it was not stored again since the sweep looked (a new upload of the same bytes). */
    deleteFile: prepare<{ hash: string; before: number }>(
      db.deleteFrom('files').where('hash', '=', p('hash')).where('created_at', '<', p<number>('before')),
    ),
    /** Files past their grace that no message refers to and no upload still waiting names. */
    orphanFiles: prepare<{ before: number }, { hash: string }>(
      db
        .selectFrom('files')
        .select('hash')
        .where('created_at', '<', p<number>('before'))
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('message_files').select('hash').whereRef('message_files.hash', '=', 'files.hash'))),
        )
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('uploads').select('hash').whereRef('uploads.hash', '=', 'files.hash'))),
        ),
    ),
    putBlob: prepare<{ hash: string; bytes: Buffer }>(
      db
        .insertInto('file_blobs')
        .values({ hash: p('hash'), bytes: p<Buffer>('bytes') })
        .onConflict((oc) => oc.column('hash').doNothing()),
    ),
    blobByHash: prepare<{ hash: string }, { bytes: Buffer }>(
      db.selectFrom('file_blobs').select('bytes').where('hash', '=', p('hash')),
    ),
    deleteBlob: prepare<{ hash: string }>(db.deleteFrom('file_blobs').where('hash', '=', p('hash'))),
    listBlobs: prepare<NoArgs, { hash: string }>(db.selectFrom('file_blobs').select('hash')),
    insertUpload: prepare<UploadRow>(
      db
        .insertInto('uploads')
        .values(params<UploadRow>(['ref', 'owner', 'hash', 'name', 'type', 'size', 'created_at'])),
    ),
    uploadByRef: prepare<{ ref: string }, UploadRow>(db.selectFrom('uploads').selectAll().where('ref', '=', p('ref'))),
    deleteUploadsBefore: prepare<{ before: number }>(
      db.deleteFrom('uploads').where('created_at', '<', p<number>('before')),
    ),
    insertMessageFile: prepare<{ message_id: string; hash: string }>(
      db
        .insertInto('message_files')
        .values({ message_id: p('message_id'), hash: p('hash') })
        .onConflict((oc) => oc.columns(['message_id', 'hash']).doNothing()),
    ),
    messageById: prepare<{ id: string }, MessageRow>(db.selectFrom('messages').selectAll().where('id', '=', p('id'))),
    /** Keeps the first value written under a name: several nodes starting at once agree on one. */
    addServerKey: prepare<{ name: string; value: string }>(
      db
        .insertInto('server_keys')
        .values({ name: p('name'), value: p('value') })
        .onConflict((oc) => oc.column('name').doNothing()),
    ),
    serverKey: prepare<{ name: string }, { value: string }>(
      db.selectFrom('server_keys').select('value').where('name', '=', p('name')),
    ),
  };
}

export type Queries = ReturnType<typeof createQueries>;
