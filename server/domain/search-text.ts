// What a person typed into a search box, as terms both full-text engines can take safely. The
// text is never handed to FTS5 or to_tsquery as syntax: each term is quoted by the store
// (store/full-text.ts), and everything that could end a quote or form an operator is gone here.
//
// A term is a run of non-space characters; `word*` asks for every word starting with `word`.
// All terms must match (AND). `ё` is searched as `е`, as Russian text often writes it.

export interface SearchTerm {
  /** Letters, digits and inner punctuation (e-mail, user@example.com), `ё` folded to `е`. */
  text: string;
  prefix: boolean;
}

/** Enough for any real question; more only slows the engine. */
export const MAX_SEARCH_TERMS = 16;
const MAX_TERM_LENGTH = 64;

// Quotes, backslashes and `*` would end or escape a quoted term in one engine or the other;
// control and format characters (NUL among them) and lone surrogates have no place in a word.
const UNSAFE = /["'\\*\p{Cc}\p{Cf}\p{Cs}]/gu;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

export const foldYo = (text: string): string => text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');

export function searchTerms(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const chunk of query.split(/\s+/u)) {
    const prefix = chunk.endsWith('*');
    const text = foldYo(chunk.replace(UNSAFE, ' ').trim().replace(/\s+/gu, ' ')).slice(0, MAX_TERM_LENGTH);
    if (!WORD_CHARACTER.test(text)) continue;
    terms.push({ text, prefix });
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms;
}
