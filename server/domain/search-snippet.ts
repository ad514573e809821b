// The line a search result shows: the part of a text around the first word that matched, with
// the matching words marked. Made here rather than by each engine (FTS5 snippet(), PostgreSQL
// ts_headline) so both stores show the same thing; text stays raw, clients sanitise it.
import type { SearchTerm } from './search-text';

export interface SnippetPart {
  text: string;
  match: boolean;
}

/** Characters shown around the first match; a list row has about this much room. */
export const SNIPPET_CHARS = 100;
const WORD = /[\p{L}\p{N}]+/gu;

/** How both engines compare words: case, `ё` and Latin accents folded. */
const fold = (word: string): string =>
  word
    .normalize('NFD')
    .replace(/(?<=[\p{Script=Latin}])\p{M}+/gu, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е');

// A word is marked when it starts with one of the query's words: a prefix term asks for that,
// and PostgreSQL also matches word forms (заказ finds заказа), which start the same way.
function matcher(terms: readonly SearchTerm[]): (word: string) => boolean {
  const wanted = terms.flatMap((t) => t.text.match(WORD) ?? []).map(fold);
  return (word) => {
    const folded = fold(word);
    return wanted.some((w) => folded.startsWith(w));
  };
}

export function snippet(text: string, terms: readonly SearchTerm[], width = SNIPPET_CHARS): SnippetPart[] {
  const line = text.replace(/\s+/gu, ' ').trim();
  const matches = matcher(terms);
  const spans: { start: number; end: number }[] = [];
  for (const m of line.matchAll(WORD)) if (matches(m[0])) spans.push({ start: m.index, end: m.index + m[0].length });
  // Start a little before the first match, at a word's start, so it reads as a phrase.
  const first = spans[0]?.start ?? 0;
  let start = Math.max(0, first - Math.floor(width / 4));
  if (start > 0) start = line.indexOf(' ', start) + 1 || start;
  if (start > first) start = first;
  const end = Math.min(line.length, start + width);
  const parts: SnippetPart[] = [];
  const push = (part: string, match: boolean) => {
    if (part) parts.push({ text: part, match });
  };
  let at = start;
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    push(line.slice(at, Math.max(at, span.start)), false);
    push(line.slice(Math.max(at, span.start), Math.min(end, span.end)), true);
    at = Math.min(end, span.end);
  }
  push(line.slice(at, end), false);
  if (start > 0) parts.unshift({ text: '…', match: false });
  if (end < line.length) parts.push({ text: '…', match: false });
  return parts;
}
