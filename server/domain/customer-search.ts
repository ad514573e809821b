// Finding a customer to write to by what an operator remembers of them (issue 16, /new): part of
// a name, an e-mail or a phone number. The store narrows the customers with substring patterns
// (likePatterns); here the candidates are ranked, so "ив пет" finds "Иван Петров" and "9001234"
// finds "+7 900 123-45-67". Pure: no I/O, no clock.

export interface SearchableCustomer {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/**
 * Substring patterns for SQL LIKE of the query's longest word, one per spelling the store may
 * hold: SQLite's LIKE folds case for ASCII only, so a Cyrillic word is looked for as typed, in
 * lower case and capitalised (how names are written); PostgreSQL's ILIKE needs only one. A phone
 * is looked for by its digits (the store strips the stored one's separators).
 */
export function likePatterns(query: string): string[] {
  const word = longestWord(query);
  const escaped = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const lower = word.toLocaleLowerCase();
  const forms = new Set([word, lower, lower.charAt(0).toLocaleUpperCase() + lower.slice(1)]);
  return [...forms].map(escaped);
}

/** The best `limit` candidates for `query`, best first; a candidate that does not match is left out. */
export function rankCustomers<C extends SearchableCustomer>(
  query: string,
  candidates: readonly C[],
  limit: number,
): C[] {
  const scored = candidates.map((customer) => ({ customer, score: score(query, customer) })).filter((s) => s.score > 0);
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.customer.name ?? '').localeCompare(b.customer.name ?? '') ||
      a.customer.id.localeCompare(b.customer.id),
  );
  return scored.slice(0, limit).map((s) => s.customer);
}

/** 0: no match. Every word of the query must be found; each scores by how it is found. */
function score(query: string, c: SearchableCustomer): number {
  // A phone typed with spaces or dashes is one number, not several words.
  const words = isPhone(query) ? [query.replace(/\D/g, '')] : query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const name = (c.name ?? '').toLocaleLowerCase();
  const nameWords = name.split(/\s+/).filter(Boolean);
  const email = (c.email ?? '').toLocaleLowerCase();
  const phoneDigits = (c.phone ?? '').replace(/\D/g, '');
  let total = 0;
  for (const word of words) {
    const digits = word.replace(/\D/g, '');
    let best = 0;
    if (nameWords.some((w) => w === word)) best = 4;
    else if (nameWords.some((w) => w.startsWith(word))) best = 3;
    else if (name.includes(word)) best = 2;
    if (email.startsWith(word)) best = Math.max(best, 3);
    else if (email.includes(word)) best = Math.max(best, 2);
    if (digits.length >= 3 && digits.length === word.replace(/[\s()+-]/g, '').length && phoneDigits.includes(digits))
      best = Math.max(best, phoneDigits.endsWith(digits) || phoneDigits.startsWith(digits) ? 3 : 2);
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

function longestWord(query: string): string {
  const words = query.trim().split(/\s+/).filter(Boolean);
  // A phone typed with separators is one number: its digits are what the store is searched by.
  if (isPhone(query)) return query.replace(/\D/g, '');
  return words.reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** Digits with a phone's separators only, at least three digits. */
function isPhone(query: string): boolean {
  return /^[\d\s()+-]+$/.test(query) && query.replace(/\D/g, '').length >= 3;
}
