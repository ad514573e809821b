// Search over messages and customers (issue 18 §3): what a caller asks and what comes back.
// The text is not held to the desk's text rule: it is never stored, and whatever it holds (NUL,
// quotes, FTS5 or tsquery operators) is reduced to plain terms by the server, never refused.
import { z } from 'zod';
import { LIMITS } from './limits';
import { AuthorType, ConversationStatus, epochMs } from './schemas';
import { deskId, deskText } from './text-rules';

const id = deskId(LIMITS.id);
export const SEARCH_TEXT_MAX = 200;
export const SEARCH_LIMIT_MAX = 200;

const csat = z.number().int().min(1).max(5);

export const SearchInput = z
  .object({
    text: z.string().min(1).max(SEARCH_TEXT_MAX),
    channelId: id.optional(),
    queueId: id.optional(),
    /** The operator who had the conversation last (or has it now). */
    operatorId: id.optional(),
    /** Epoch ms, inclusive: when the message was written (a customer's match: the conversation's span). */
    from: epochMs.optional(),
    to: epochMs.optional(),
    outcome: deskText(LIMITS.name).optional(),
    tag: deskText(LIMITS.name).optional(),
    /** Customer satisfaction given, 1–5, inclusive. */
    csatMin: csat.optional(),
    csatMax: csat.optional(),
    limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).default(50),
  })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  })
  .refine((f) => f.csatMin === undefined || f.csatMax === undefined || f.csatMin <= f.csatMax, {
    message: '`csatMin` must not be above `csatMax`',
    path: ['csatMin'],
  });
export type SearchInput = z.input<typeof SearchInput>;

/** A piece of a result's text; `match` pieces hold a word that was searched for. Raw text. */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPart>;

export const SearchHit = z.object({
  conversationId: id,
  /** The message that matched; null when the customer's name, e-mail or phone did. */
  messageId: id.nullable(),
  /** Who wrote the matching message; null for a customer's match. */
  author: AuthorType.nullable(),
  /** When the message was written (a customer's match: the conversation's last message). */
  at: epochMs,
  customer: z.object({ id, name: z.string().nullable() }),
  channel: z.object({ id, name: z.string().nullable(), kind: z.string().nullable() }),
  queueId: id,
  operator: z.object({ id, name: z.string().nullable() }).nullable(),
  status: ConversationStatus,
  outcome: z.string().nullable(),
  tag: z.string().nullable(),
  rating: z.number().int().nullable(),
  snippet: z.array(SnippetPart),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({ hits: z.array(SearchHit) });
export type SearchResult = z.infer<typeof SearchResult>;
