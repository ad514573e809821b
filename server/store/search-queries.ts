// The SQL behind search (issue 18 §3): messages and customers that hold every term, with the
// conversation each belongs to, filtered by the conversation's facts, newest first. Built per
// search, since which filters are set changes the statement (the values stay parameters).
import { sql, type RawBuilder } from 'kysely';
import type { SearchTerm } from '../domain/search-text';
import { prepare } from './prepared';
import { CUSTOMER_SEARCH, MESSAGE_SEARCH } from './search-indexes';
import type { Store } from './store';

/** What narrows a search; every field left out narrows nothing. */
export interface SearchFilters {
  channelId?: string;
  queueId?: string;
  /** The operator who had the conversation last (or has it now). */
  operatorId?: string;
  /** Epoch ms, inclusive: a message's time, or a conversation's span for a customer's match. */
  from?: number;
  to?: number;
  outcome?: string;
  tag?: string;
  csatMin?: number;
  csatMax?: number;
  /** An operator's search: only the customers of conversations assigned to them now (§2). */
  servedBy?: string;
}

/** A conversation found by search, with the message that matched (null: the customer did). */
export interface SearchHitRow {
  conversation_id: string;
  message_id: string | null;
  text: string | null;
  author_type: string | null;
  at: number;
  customer_id: string;
  customer_name: string | null;
  customer_email: string | null;
  customer_phone: string | null;
  channel_id: string;
  channel_name: string | null;
  channel_adapter: string | null;
  queue_id: string;
  operator_id: string | null;
  operator_name: string | null;
  status: string;
  outcome: string | null;
  tag: string | null;
  rating: number | null;
}

// Raw SQL composed with Kysely's `sql`: the match is a subquery of the dialect's own shape
// (full-text.ts), and filters come and go, which typed builders over a raw source make hard.
function filterConditions(f: SearchFilters): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  const equal = (column: string, value: string | number | undefined) => {
    if (value !== undefined) conditions.push(sql`${sql.ref(column)} = ${value}`);
  };
  equal('c.channel_id', f.channelId);
  equal('c.queue_id', f.queueId);
  equal('c.last_operator_id', f.operatorId);
  equal('c.outcome', f.outcome);
  equal('c.tag', f.tag);
  if (f.csatMin !== undefined) conditions.push(sql`c.rating >= ${f.csatMin}`);
  if (f.csatMax !== undefined) conditions.push(sql`c.rating <= ${f.csatMax}`);
  if (f.servedBy !== undefined)
    conditions.push(
      sql`c.customer_id in (select mine.customer_id from conversations as mine
        where mine.status = 'assigned' and mine.operator_id = ${f.servedBy})`,
    );
  return conditions;
}

/** The columns every hit carries, from the conversation and what it names. */
const CONVERSATION_COLUMNS = sql`c.id as conversation_id, c.customer_id, cu.name as customer_name,
  cu.email as customer_email, cu.phone as customer_phone, c.channel_id, ch.name as channel_name,
  ch.adapter as channel_adapter, c.queue_id, c.last_operator_id as operator_id,
  coalesce(op.name, fo.name) as operator_name, c.status, c.outcome, c.tag, c.rating`;
const CONVERSATION_JOINS = sql`left join customers as cu on cu.id = c.customer_id
  left join channels as ch on ch.id = c.channel_id
  left join operators as op on op.id = c.last_operator_id
  left join former_operators as fo on fo.id = c.last_operator_id`;

function run(store: Store, query: RawBuilder<SearchHitRow>): Promise<SearchHitRow[]> {
  return store.all(prepare<object, SearchHitRow>({ compile: () => query.compile(store.dialect.builder) }), {});
}

const whereAll = (conditions: RawBuilder<unknown>[]) =>
  conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;

/** Messages holding every term, newest first. */
export function searchMessages(
  store: Store,
  terms: readonly SearchTerm[],
  filters: SearchFilters,
  limit: number,
): Promise<SearchHitRow[]> {
  const matches = store.dialect.fullText.matches(MESSAGE_SEARCH, terms);
  if (!matches) return Promise.resolve([]);
  const conditions = filterConditions(filters);
  if (filters.from !== undefined) conditions.push(sql`m.created_at >= ${filters.from}`);
  if (filters.to !== undefined) conditions.push(sql`m.created_at <= ${filters.to}`);
  return run(
    store,
    sql<SearchHitRow>`select ${CONVERSATION_COLUMNS}, m.id as message_id, m.text, m.author_type, m.created_at as at
      from ${matches} as hit
      join messages as m on m.id = hit.key
      join conversations as c on c.id = m.conversation_id
      ${CONVERSATION_JOINS}
      ${whereAll(conditions)}
      order by hit.newest desc limit ${limit}`,
  );
}

/** Conversations of customers whose name, e-mail or phone holds every term, latest first. */
export function searchCustomers(
  store: Store,
  terms: readonly SearchTerm[],
  filters: SearchFilters,
  limit: number,
): Promise<SearchHitRow[]> {
  const matches = store.dialect.fullText.matches(CUSTOMER_SEARCH, terms);
  if (!matches) return Promise.resolve([]);
  const conditions = filterConditions(filters);
  // A conversation is in the range when it was open at some time within it.
  if (filters.from !== undefined) conditions.push(sql`c.last_message_at >= ${filters.from}`);
  if (filters.to !== undefined) conditions.push(sql`c.created_at <= ${filters.to}`);
  return run(
    store,
    sql<SearchHitRow>`select ${CONVERSATION_COLUMNS}, null as message_id, null as text, null as author_type,
      c.last_message_at as at
      from ${matches} as hit
      join conversations as c on c.customer_id = hit.key
      ${CONVERSATION_JOINS}
      ${whereAll(conditions)}
      order by c.last_message_at desc, c.id desc limit ${limit}`,
  );
}
