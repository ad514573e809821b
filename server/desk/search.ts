// Search (issue 18 §3) as the desk answers it: the terms parsed safely, the caller's rights
// applied (supervisors search everything; an operator only the customers they serve now, the
// rule of §2's history), messages and customers found, merged newest first, each with a snippet.
import type { SearchHit, SearchInput, SearchResult } from '../../shared/search-schemas';
import type { ConversationStatus } from '../../shared/schemas';
import { snippet } from '../domain/search-snippet';
import { searchTerms, type SearchTerm } from '../domain/search-text';
import { searchCustomers, searchMessages, type SearchFilters, type SearchHitRow } from '../store/search-queries';
import type { Store } from '../store/store';
import type { OperatorRecord } from './mappers';

type Asked = Omit<SearchInput, 'limit'> & { limit: number };

export async function searchDesk(store: Store, actor: OperatorRecord, input: Asked): Promise<SearchResult> {
  const { text, limit, ...narrowing } = input;
  const terms = searchTerms(text);
  const filters: SearchFilters = { ...narrowing, servedBy: actor.role === 'operator' ? actor.id : undefined };
  const [messages, customers] = await Promise.all([
    searchMessages(store, terms, filters, limit),
    searchCustomers(store, terms, filters, limit),
  ]);
  // A conversation found by a message already shows its customer.
  const found = new Set(messages.map((m) => m.conversation_id));
  const rows = [...messages, ...customers.filter((c) => !found.has(c.conversation_id))]
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
  return { hits: rows.map((row) => hitOf(row, terms)) };
}

function hitOf(row: SearchHitRow, terms: readonly SearchTerm[]): SearchHit {
  const matched = row.text ?? [row.customer_name, row.customer_email, row.customer_phone].filter(Boolean).join(' · ');
  return {
    conversationId: row.conversation_id,
    messageId: row.message_id,
    author: row.author_type as SearchHit['author'],
    at: Number(row.at),
    customer: { id: row.customer_id, name: row.customer_name },
    channel: { id: row.channel_id, name: row.channel_name, kind: row.channel_adapter },
    queueId: row.queue_id,
    operator: row.operator_id ? { id: row.operator_id, name: row.operator_name } : null,
    status: row.status as ConversationStatus,
    outcome: row.outcome,
    tag: row.tag,
    rating: row.rating,
    snippet: snippet(matched, terms),
  };
}
