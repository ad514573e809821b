// Which parts of a draft are words a spelling dictionary can judge, and which dictionary: both
// the console (to mark and to ask) and the server (to refuse and to route) follow this one rule.
// Kept free of zod so the console can load it without the schemas.

export type SpellingLang = 'ru' | 'en';

/** A word as it reaches a spelling request: letters, joined by single hyphens or apostrophes. */
export const MAX_SPELLING_WORD = 64;
/** Words one check may carry: a draft's worth, since the console asks only for words it has not seen. */
export const MAX_CHECK_WORDS = 50;
export const MAX_SUGGESTIONS = 8;
const WORD = /^(?:\p{L}\p{M}*)+(?:['’-](?:\p{L}\p{M}*)+)*$/u;
const LETTER = /^\p{L}\p{M}*$/u;
const JOINER = /^['’-]$/;
const CYRILLIC = /^[\p{Script=Cyrillic}\p{M}'’-]+$/u;
const LATIN = /^[\p{Script=Latin}\p{M}'’-]+$/u;
/** A whitespace-free run that is an address rather than prose: a URL, an e-mail, a domain. */
const ADDRESS = /:\/\/|^www\.|@|\p{L}\.\p{L}/iu;

export function isSpellingWord(word: string): boolean {
  return word.length <= MAX_SPELLING_WORD && WORD.test(word);
}

/**
 * The dictionary that judges `word`, or null when none should: single letters, all-caps
 * abbreviations (SLA, ВТБ) and words mixing scripts are left alone rather than flagged, since a
 * false alarm teaches operators to ignore the marks.
 */
export function spellingLang(word: string): SpellingLang | null {
  if (!isSpellingWord(word)) return null;
  const letters = [...word.replace(/['’-]/g, '')];
  if (letters.length < 2) return null;
  if (word === word.toUpperCase() && word !== word.toLowerCase()) return null;
  if (CYRILLIC.test(word)) return 'ru';
  if (LATIN.test(word)) return 'en';
  return null;
}

/** A word of a text by grapheme positions: `text.slice(start, end)` in graphemes is `word`. */
export type WordSpan = { start: number; end: number; word: string; lang: SpellingLang };

/**
 * The checkable words of a text given as graphemes (as the composer holds it). Runs between
 * whitespace that hold a digit-free address are skipped whole; elsewhere a word is letters
 * joined by single hyphens or apostrophes, and words with digits (3D, 2-й) are skipped.
 */
export function wordSpans(graphemes: readonly string[]): WordSpan[] {
  const spans: WordSpan[] = [];
  let i = 0;
  while (i < graphemes.length) {
    if (/^\s+$/u.test(graphemes[i])) {
      i++;
      continue;
    }
    let runEnd = i;
    while (runEnd < graphemes.length && !/^\s+$/u.test(graphemes[runEnd])) runEnd++;
    if (!ADDRESS.test(graphemes.slice(i, runEnd).join(''))) spans.push(...wordsOfRun(graphemes, i, runEnd));
    i = runEnd;
  }
  return spans;
}

function wordsOfRun(graphemes: readonly string[], from: number, to: number): WordSpan[] {
  const spans: WordSpan[] = [];
  let i = from;
  while (i < to) {
    if (!isWordPart(graphemes[i])) {
      i++;
      continue;
    }
    let end = i;
    while (
      end < to &&
      (isWordPart(graphemes[end]) || (JOINER.test(graphemes[end]) && isLetterAt(graphemes, end + 1, to)))
    )
      end++;
    const word = graphemes.slice(i, end).join('');
    const lang = /\p{N}|_/u.test(word) ? null : spellingLang(word);
    if (lang) spans.push({ start: i, end, word, lang });
    i = end;
  }
  return spans;
}

/** Letters and digits both belong to a word, so "2-й" and "mp3" are seen whole and skipped. */
function isWordPart(grapheme: string): boolean {
  return LETTER.test(grapheme) || /^[\p{N}_]$/u.test(grapheme);
}

function isLetterAt(graphemes: readonly string[], index: number, to: number): boolean {
  return index < to && isWordPart(graphemes[index]);
}
