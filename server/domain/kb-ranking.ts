// How knowledge-base search results are ordered and shown (issue 18 §5). The engine finds the
// articles holding every word; an operator looking up "returns" wants the article called
// Returns before one that mentions returns in passing, so where the words are found decides
// first (title, then tags, then text), and the engine's relevance within each.
import { foldYo, searchTerms, type SearchTerm } from './search-text';

/** The picker searches as the operator types: every word is the start of a word. */
export function kbSearchTerms(query: string): SearchTerm[] {
  return searchTerms(query).map((term) => ({ ...term, prefix: true }));
}

type Ranked = { title: string; tags: readonly string[] };

const wordsOf = (text: string): string[] => foldYo(text.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];

function holdsAll(text: string, terms: readonly SearchTerm[]): boolean {
  const words = wordsOf(text);
  return terms.every((term) => {
    const wanted = term.text.toLowerCase();
    return words.some((word) => word.startsWith(wanted));
  });
}

/** Title matches first, then tag matches, then the rest; the engine's order within each. */
export function rankArticles<A extends Ranked>(articles: readonly A[], terms: readonly SearchTerm[]): A[] {
  const place = (article: A) => (holdsAll(article.title, terms) ? 0 : holdsAll(article.tags.join(' '), terms) ? 1 : 2);
  return articles
    .map((article, index) => ({ article, index, place: place(article) }))
    .sort((a, b) => a.place - b.place || a.index - b.index)
    .map(({ article }) => article);
}

/**
 * Up to `max` characters of the text around the first word that starts with a term (the text's
 * beginning when the engine matched a stem the words do not start with), on one line, raw: the
 * client sanitises it for the terminal.
 */
export function snippetOf(body: string, terms: readonly SearchTerm[], max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const folded = foldYo(flat.toLowerCase());
  let at = -1;
  for (const term of terms) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.text.toLowerCase())}`, 'u');
    const found = pattern.exec(folded)?.index ?? -1;
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  const start = at <= 30 ? 0 : flat.lastIndexOf(' ', at - 20) + 1;
  const piece = flat.slice(start, start + max);
  return `${start > 0 ? '…' : ''}${piece}${start + max < flat.length ? '…' : ''}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
