// The history `textdesk forecast` reads: channels with their queues, the conversations of the
// last weeks, and the operators' configured capacity. Read-only, built once per reader with
// Kysely like report-queries.ts, and run through anything that can run a prepared query: the
// server's store, or a read-only SQLite file (readonly-sqlite.ts) when the server is stopped.
import type { ForecastChannel } from '../domain/forecast/plan';
import type { HistoryConversation } from '../domain/forecast/history';
import type { Medium } from '../../shared/sla';
import { param as p, prepare, type PreparedQuery } from './prepared';
import type { Store } from './store';

/** What the forecast needs of a store: to run a read. */
export type HistoryReader = Pick<Store, 'dialect' | 'all'>;

interface ChannelRowDb {
  id: string;
  name: string;
  queue_id: string;
  queue_name: string | null;
  medium: string;
  sla_first_ms: number;
  weight: number;
  created_at: number;
}

interface ConversationRowDb {
  channel_id: string;
  last_operator_id: string | null;
  status: string;
  created_at: number;
  assigned_at: number | null;
  first_response_at: number | null;
  resolved_at: number | null;
  direction: string;
}

type ForecastQueries = {
  channels: PreparedQuery<Record<string, never>, ChannelRowDb>;
  conversationsSince: PreparedQuery<{ from: number }, ConversationRowDb>;
  capacities: PreparedQuery<Record<string, never>, { capacity: number }>;
};

const built = new WeakMap<HistoryReader, ForecastQueries>();

function queriesFor(reader: HistoryReader): ForecastQueries {
  let q = built.get(reader);
  if (q) return q;
  const db = reader.dialect.builder;
  q = {
    channels: prepare<Record<string, never>, ChannelRowDb>(
      db
        .selectFrom('channels as ch')
        .leftJoin('queues as q', 'q.id', 'ch.queue_id')
        .select([
          'ch.id',
          'ch.name',
          'ch.queue_id',
          'q.name as queue_name',
          'ch.medium',
          'ch.sla_first_ms',
          'ch.weight',
          'ch.created_at',
        ])
        .where('ch.deleted_at', 'is', null)
        .orderBy('q.name')
        .orderBy('ch.name'),
    ),
    conversationsSince: prepare<{ from: number }, ConversationRowDb>(
      db
        .selectFrom('conversations')
        .select([
          'channel_id',
          'last_operator_id',
          'status',
          'created_at',
          'assigned_at',
          'first_response_at',
          'resolved_at',
          'direction',
        ])
        // No ORDER BY: the forecast sorts what it needs, and a year is hundreds of thousands of rows.
        .where('created_at', '>=', p<number>('from')),
    ),
    capacities: prepare<Record<string, never>, { capacity: number }>(
      db.selectFrom('operators').select('capacity').where('capacity', '>', 0).orderBy('capacity'),
    ),
  };
  built.set(reader, q);
  return q;
}

export async function forecastChannels(reader: HistoryReader): Promise<ForecastChannel[]> {
  const rows = await reader.all(queriesFor(reader).channels, {});
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    queueId: r.queue_id,
    queueName: r.queue_name ?? r.queue_id,
    medium: r.medium as Medium,
    slaFirstMs: Number(r.sla_first_ms),
    weight: Number(r.weight),
    createdAt: Number(r.created_at),
  }));
}

/** Conversations created at or after `from`, in no particular order. */
export async function historyConversations(reader: HistoryReader, from: number): Promise<HistoryConversation[]> {
  const rows = await reader.all(queriesFor(reader).conversationsSince, { from });
  const at = (v: number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({
    channelId: r.channel_id,
    operatorId: r.last_operator_id,
    status: r.status,
    createdAt: Number(r.created_at),
    assignedAt: at(r.assigned_at),
    firstResponseAt: at(r.first_response_at),
    resolvedAt: at(r.resolved_at),
    outbound: r.direction === 'outbound',
  }));
}

/** The median of the operators' configured capacities; null with no operator able to take dialogs. */
export async function medianCapacity(reader: HistoryReader): Promise<number | null> {
  const rows = await reader.all(queriesFor(reader).capacities, {});
  if (rows.length === 0) return null;
  return Number(rows[Math.floor((rows.length - 1) / 2)].capacity);
}
