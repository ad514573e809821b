// Conversions between stored rows and the wire types in shared/schemas.ts.
import type {
  Attachment,
  Channel,
  ChannelListing,
  Conversation,
  Lang,
  Message,
  MessageDelivery,
  Notice,
  OffHoursPolicy,
  Queue,
  Role,
  Template,
  VisitorPage,
} from '../../shared/schemas';
import type { Medium } from '../../shared/sla';
import type { ChannelFields, ChannelRow, ConversationRow, MessageRow, QueueRow, TemplateRow } from '../store/queries';

export interface ChannelRecord extends Channel {
  /** The signing secret (API bearer and webhook signature, web chat visitor tokens). */
  secret: string;
  /** The kind's credentials by name, checked by its adapter's schema. */
  credentials: Record<string, string>;
}

/** The secret every channel has, under this name in channel_secrets beside its kind's credentials. */
export const SIGNING_SECRET = 'signing';

export interface OperatorRecord {
  id: string;
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
  skills: string[];
  capacity: number;
  /** The status the operator chose; shown as offline while no console is connected. */
  status: 'available' | 'away' | 'offline';
  createdAt: number;
}

export function queueFromRow(row: QueueRow): Queue {
  const queue = {
    id: row.id,
    name: row.name,
    skills: JSON.parse(row.skills),
    priority: row.priority,
    // Absent when off, so a queue without timers reads as it did before issue 17.
    ...(row.no_reply_ms !== null && { noReplyMs: Number(row.no_reply_ms) }),
  };
  return withHours(queue, row.calendar_id, row.off_hours as OffHoursPolicy);
}

/**
 * A queue with its business hours, which are left out at their defaults (no calendar, policy
 * `queue`): a queue without hours reads as it did before them, to clients and scripts alike.
 */
export function withHours(
  queue: Omit<Queue, 'calendarId' | 'offHours'>,
  calendarId: string | null | undefined,
  offHours: OffHoursPolicy | undefined,
): Queue {
  return {
    ...queue,
    ...(calendarId && { calendarId }),
    ...(offHours && offHours !== 'queue' && { offHours }),
  };
}

/** `secrets`: the channel's rows of channel_secrets, by name. */
export function channelFromRow(row: ChannelRow, secrets: Map<string, string>): ChannelRecord {
  const { [SIGNING_SECRET]: secret, ...credentials } = Object.fromEntries(secrets);
  return {
    id: row.id,
    name: row.name,
    adapter: row.adapter as Channel['adapter'],
    medium: row.medium as Medium,
    queueId: row.queue_id,
    lang: row.lang as Lang,
    weight: row.weight,
    slaFirstResponseMs: row.sla_first_ms,
    slaNextResponseMs: row.sla_next_ms,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    ...(row.sla_clock === 'business' && { slaClock: 'business' as const }),
    ...(row.idle_ask_ms !== null && { idleAskMs: Number(row.idle_ask_ms) }),
    ...(row.idle_close_ms !== null && { idleCloseMs: Number(row.idle_close_ms) }),
    ...(row.start_rate_per_sec !== null && { startRatePerSec: Number(row.start_rate_per_sec) }),
    ...(row.start_burst !== null && { startBurst: Number(row.start_burst) }),
    secret: secret ?? '',
    credentials,
  };
}

export function channelToRow(c: ChannelRecord, createdAt: number): ChannelFields {
  return {
    id: c.id,
    name: c.name,
    adapter: c.adapter,
    medium: c.medium,
    queue_id: c.queueId,
    lang: c.lang,
    weight: c.weight,
    sla_first_ms: c.slaFirstResponseMs,
    sla_next_ms: c.slaNextResponseMs,
    settings: JSON.stringify(c.settings),
    created_at: createdAt,
    idle_ask_ms: c.idleAskMs ?? null,
    idle_close_ms: c.idleCloseMs ?? null,
    start_rate_per_sec: c.startRatePerSec ?? null,
    start_burst: c.startBurst ?? null,
  };
}

export function publicChannel({ secret: _secret, credentials: _credentials, ...channel }: ChannelRecord): Channel {
  return channel;
}

/** Secrets as a listing shows them: enough of the end to tell two apart, never enough to use. */
export function listedChannel(record: ChannelRecord): ChannelListing {
  const secrets = Object.fromEntries(
    Object.entries({ [SIGNING_SECRET]: record.secret, ...record.credentials }).map(([name, value]) => [
      name,
      value.length >= 16 ? `****${value.slice(-4)}` : '****',
    ]),
  );
  return { ...publicChannel(record), secrets };
}

export function templateFromRow(row: TemplateRow): Template {
  return { id: row.id, name: row.name, text: row.text, lang: row.lang as Lang | null, useCount: row.use_count };
}

export function conversationFromRow(
  row: ConversationRow,
  customerName: string | null,
  channel: Pick<ChannelRecord, 'medium' | 'adapter'>,
): Conversation {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName,
    channelId: row.channel_id,
    channelKind: channel.adapter,
    medium: channel.medium,
    contactId: row.contact_id,
    queueId: row.queue_id,
    status: row.status as Conversation['status'],
    operatorId: row.operator_id,
    lastOperatorId: row.last_operator_id,
    createdAt: row.created_at,
    queuedAt: row.queued_at,
    assignedAt: row.assigned_at,
    resolvedAt: row.resolved_at,
    waitingSince: row.waiting_since,
    slaDueAt: row.sla_due_at,
    slaTargetMs: row.sla_target_ms,
    firstResponseAt: row.first_response_at,
    lastMessageAt: row.last_message_at,
    weight: row.weight,
    tag: row.tag,
    outcome: row.outcome,
    rating: row.rating,
    operatorReadUpTo: row.operator_read_up_to,
    customerReadUpTo: row.customer_read_up_to,
    ...(row.visitor_page !== null && { visitorPage: JSON.parse(row.visitor_page) as VisitorPage }),
    ...(row.direction === 'outbound' && { direction: 'outbound' as const }),
    ...(row.lang !== null && { lang: row.lang as Lang }),
    ...(row.off_hours_until !== null && { offHoursUntil: row.off_hours_until }),
    // Issue 17's state, present only when set: a restored dialog reads as the one that was saved.
    ...(row.idle_since !== null && { idleSince: Number(row.idle_since) }),
    ...(row.idle_asked_at !== null && { idleAskedAt: Number(row.idle_asked_at) }),
    ...(row.held === 1 && { held: true }),
    ...(row.passed_over_by !== null && { passedOverBy: row.passed_over_by }),
  };
}

export function conversationToRow(c: Conversation, returned: boolean): ConversationRow {
  return {
    id: c.id,
    customer_id: c.customerId,
    channel_id: c.channelId,
    contact_id: c.contactId,
    queue_id: c.queueId,
    status: c.status,
    operator_id: c.operatorId,
    last_operator_id: c.lastOperatorId,
    created_at: c.createdAt,
    queued_at: c.queuedAt,
    assigned_at: c.assignedAt,
    resolved_at: c.resolvedAt,
    waiting_since: c.waitingSince,
    sla_due_at: c.slaDueAt,
    sla_target_ms: c.slaTargetMs,
    first_response_at: c.firstResponseAt,
    last_message_at: c.lastMessageAt,
    weight: c.weight,
    tag: c.tag,
    outcome: c.outcome,
    returned: returned ? 1 : 0,
    rating: c.rating,
    operator_read_up_to: c.operatorReadUpTo,
    customer_read_up_to: c.customerReadUpTo,
    visitor_page: c.visitorPage ? JSON.stringify(c.visitorPage) : null,
    direction: c.direction ?? 'inbound',
    lang: c.lang ?? null,
    off_hours_until: c.offHoursUntil ?? null,
    idle_since: c.idleSince ?? null,
    idle_asked_at: c.idleAskedAt ?? null,
    held: c.held ? 1 : 0,
    passed_over_by: c.passedOverBy ?? null,
  };
}

export function messageFromRow(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author: { type: row.author_type as Message['author']['type'], id: row.author_id, name: row.author_name },
    text: row.text,
    private: row.private === 1,
    createdAt: row.created_at,
    ...(row.delivery_status && {
      delivery: {
        status: row.delivery_status as MessageDelivery['status'],
        providerId: row.provider_id,
        error: row.delivery_error,
      },
    }),
    ...(row.attachments && { attachments: JSON.parse(row.attachments) as Attachment[] }),
    ...(row.notice && { notice: row.notice as Notice }),
    ...(row.whisper === 1 && { whisper: true as const }),
  };
}

export function messageToRow(
  m: Message,
  channelId: string,
  externalId: string | null,
  clientId: string | null,
): MessageRow {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    channel_id: channelId,
    external_id: externalId,
    author_type: m.author.type,
    author_id: m.author.id,
    author_name: m.author.name,
    client_id: clientId,
    text: m.text,
    private: m.private ? 1 : 0,
    created_at: m.createdAt,
    provider_id: m.delivery?.providerId ?? null,
    delivery_status: m.delivery?.status ?? null,
    delivery_error: m.delivery?.error ?? null,
    attachments: m.attachments?.length ? JSON.stringify(m.attachments) : null,
    notice: m.notice ?? null,
    whisper: m.whisper ? 1 : 0,
  };
}
