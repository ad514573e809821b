// The SQL behind `supervisor.report`: every conversation created in a period with what the KPIs
// need (its channel's SLA, message counts). Built once per store with Kysely, run as a prepared
// statement through store.all, like the queries in queries.ts.
import { sql } from 'kysely';
import type { ReportCallback, ReportConversation } from '../domain/report';
import { param as p, prepare, type PreparedQuery } from './prepared';
import type { Store } from './store';

interface ReportRowDb {
  id: string;
  queue_id: string;
  channel_id: string;
  status: string;
  last_operator_id: string | null;
  created_at: number;
  assigned_at: number | null;
  first_response_at: number | null;
  resolved_at: number | null;
  sla_first_ms: number;
  outcome: string | null;
  tag: string | null;
  rating: number | null;
  messages_in: number;
  messages_out: number;
  direction: string;
  customer_first_at: number | null;
  answered_after_customer_at: number | null;
  quality_score: number | null;
}

type ReportQueries = {
  conversationsCreatedBetween: PreparedQuery<{ from: number; to: number }, ReportRowDb>;
  usedOutcomes: PreparedQuery<{ limit: number }, { outcome: string | null; n: number }>;
  formerOperators: PreparedQuery<Record<string, never>, { id: string; name: string }>;
  callbacksRequestedBetween: PreparedQuery<{ from: number; to: number }, CallbackReportRowDb>;
};

interface CallbackReportRowDb {
  id: string;
  queue_id: string;
  channel_id: string;
  requested_by: string;
  requested_at: number;
  status: string;
  closed_at: number | null;
}

const built = new WeakMap<Store, ReportQueries>();

function queriesFor(store: Store): ReportQueries {
  let q = built.get(store);
  if (q) return q;
  const db = store.dialect.builder;
  q = {
    conversationsCreatedBetween: prepare<{ from: number; to: number }, ReportRowDb>(
      db
        .selectFrom('conversations as c')
        .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
        .select([
          'c.id',
          'c.queue_id',
          'c.channel_id',
          'c.status',
          'c.last_operator_id',
          'c.created_at',
          'c.assigned_at',
          'c.first_response_at',
          'c.resolved_at',
          'ch.sla_first_ms',
          'c.outcome',
          'c.tag',
          'c.rating',
          'c.direction',
        ])
        .select((eb) => [
          eb
            .selectFrom('messages as m')
            .select(eb.fn.countAll().as('n'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '=', 'customer')
            .as('messages_in'),
          // What the customer received: operators' public replies and the bot's messages.
          eb
            .selectFrom('messages as m')
            .select(eb.fn.countAll().as('n'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '!=', 'customer')
            .where('m.private', '=', 0)
            .as('messages_out'),
          // A conversation the desk started has its first-response clock start at the customer's
          // first message, and stop at the first public operator message from then on.
          eb
            .selectFrom('messages as m')
            .select((m) => m.fn.min('m.created_at').as('at'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '=', 'customer')
            .as('customer_first_at'),
          eb
            .selectFrom('messages as m')
            .select((m) => m.fn.min('m.created_at').as('at'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .where('m.author_type', '=', 'operator')
            .where('m.private', '=', 0)
            .where((inner) =>
              inner(
                'm.created_at',
                '>=',
                inner
                  .selectFrom('messages as first')
                  .select((first) => first.fn.min('first.created_at').as('at'))
                  .whereRef('first.conversation_id', '=', 'c.id')
                  .where('first.author_type', '=', 'customer'),
              ),
            )
            .as('answered_after_customer_at'),
          // The supervisors' quality score (issue 18 §4): at most one review per conversation.
          eb
            .selectFrom('reviews as r')
            .select('r.score')
            .whereRef('r.conversation_id', '=', 'c.id')
            .as('quality_score'),
        ])
        .where('c.created_at', '>=', p<number>('from'))
        .where('c.created_at', '<', p<number>('to'))
        .orderBy('c.created_at')
        .orderBy(sql`c.id`),
    ),
    usedOutcomes: prepare<{ limit: number }, { outcome: string | null; n: number }>(
      db
        .selectFrom('conversations')
        .select((eb) => ['outcome', eb.fn.countAll<number>().as('n')])
        .where('outcome', 'is not', null)
        .where('outcome', '!=', '')
        .groupBy('outcome')
        .orderBy('n', 'desc')
        .orderBy('outcome')
        .limit(p<number>('limit')),
    ),
    formerOperators: prepare<Record<string, never>, { id: string; name: string }>(
      db.selectFrom('former_operators').select(['id', 'name']),
    ),
    callbacksRequestedBetween: prepare<{ from: number; to: number }, CallbackReportRowDb>(
      db
        .selectFrom('callbacks as cb')
        .innerJoin('conversations as c', 'c.id', 'cb.conversation_id')
        .select([
          'cb.id',
          'cb.queue_id',
          'c.channel_id',
          'cb.requested_by',
          'cb.requested_at',
          'cb.status',
          'cb.closed_at',
        ])
        .where('cb.requested_at', '>=', p<number>('from'))
        .where('cb.requested_at', '<', p<number>('to'))
        .orderBy('cb.requested_at'),
    ),
  };
  built.set(store, q);
  return q;
}

/** Outcomes dialogs were resolved with, the most used first: what the resolve form offers. */
export async function usedOutcomes(store: Store, limit = 50): Promise<string[]> {
  const rows = await store.all(queriesFor(store).usedOutcomes, { limit });
  return rows.flatMap((r) => (r.outcome ? [r.outcome] : []));
}

/**
 * Names of deleted operators by id: conversations keep the id of whoever last held them, and a
 * report names them after they have left (the directory knows only the operators there now).
 */
export async function formerOperatorNames(store: Store): Promise<Map<string, string>> {
  const rows = await store.all(queriesFor(store).formerOperators, {});
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The conversations created in [from, to), oldest first. */
export async function reportConversations(store: Store, from: number, to: number): Promise<ReportConversation[]> {
  const rows = await store.all(queriesFor(store).conversationsCreatedBetween, { from, to });
  return rows.map((r) => ({
    id: r.id,
    queueId: r.queue_id,
    channelId: r.channel_id,
    status: r.status,
    lastOperatorId: r.last_operator_id,
    createdAt: Number(r.created_at),
    assignedAt: r.assigned_at === null ? null : Number(r.assigned_at),
    firstResponseAt: r.first_response_at === null ? null : Number(r.first_response_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    slaFirstResponseMs: Number(r.sla_first_ms),
    outcome: r.outcome,
    tag: r.tag,
    rating: r.rating === null ? null : Number(r.rating),
    messagesIn: Number(r.messages_in),
    messagesOut: Number(r.messages_out),
    outbound: r.direction === 'outbound',
    // PostgreSQL's min() of a bigint may come back as text.
    customerFirstAt: r.customer_first_at === null ? null : Number(r.customer_first_at),
    answeredAfterCustomerAt: r.answered_after_customer_at === null ? null : Number(r.answered_after_customer_at),
    qualityScore: r.quality_score === null ? null : Number(r.quality_score),
  }));
}

/** The call-back requests made in [from, to), oldest first. */
export async function reportCallbacks(store: Store, from: number, to: number): Promise<ReportCallback[]> {
  const rows = await store.all(queriesFor(store).callbacksRequestedBetween, { from, to });
  return rows.map((r) => ({
    id: r.id,
    queueId: r.queue_id,
    channelId: r.channel_id,
    requestedBy: r.requested_by,
    requestedAt: Number(r.requested_at),
    status: r.status,
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
  }));
}
