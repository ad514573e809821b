// What textdesk searches (issue 18 §3): the messages people wrote (the bot's notices would match
// every dialog), and customers by name, e-mail and phone. Migration 026 builds both indexes.
import type { FullTextIndex } from './full-text';

export const MESSAGE_SEARCH: FullTextIndex = {
  name: 'message_search',
  table: 'messages',
  key: 'id',
  columns: ['text'],
  document: (c) => c('text'),
  only: (c) => `${c('author_type')} <> 'bot'`,
  newest: 'created_at',
  appendOnly: true,
};

// A phone is indexed also as its digits alone, so `79991234567` finds `+7 (999) 123-45-67`.
const phoneDigits = (phone: string): string =>
  `replace(replace(replace(replace(replace(${phone}, ' ', ''), '-', ''), '(', ''), ')', ''), '+', '')`;

export const CUSTOMER_SEARCH: FullTextIndex = {
  name: 'customer_search',
  table: 'customers',
  key: 'id',
  columns: ['name', 'email', 'phone', 'given_email'],
  document: (c) =>
    ['name', 'email', 'given_email', 'phone'].map((n) => `coalesce(${c(n)}, '')`).join(" || ' ' || ") +
    ` || ' ' || coalesce(${phoneDigits(c('phone'))}, '')`,
  newest: 'created_at',
};

/** The indexes the store brings up to date at the end of each group commit (full-text.ts catchUp). */
export const CAUGHT_UP_INDEXES: readonly FullTextIndex[] = [MESSAGE_SEARCH];
