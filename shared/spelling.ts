// Wire types of spelling help (server/api/spelling.ts): the words a console asks about and the
// verdicts it gets. A word follows the desk's text rule and the word rule of spelling-words.ts.
import { z } from 'zod';
import { isSpellingWord, MAX_CHECK_WORDS, MAX_SPELLING_WORD, MAX_SUGGESTIONS } from './spelling-words';
import { storable } from './text-rules';

export const SpellingWord = storable(z.string().min(1).max(MAX_SPELLING_WORD)).refine(isSpellingWord, {
  error: "must be one word: letters, joined only by - or ' (no spaces, digits, punctuation or control characters)",
});

export const CheckSpellingInput = z.object({ words: z.array(SpellingWord).min(1).max(MAX_CHECK_WORDS) });
export type CheckSpellingInput = z.infer<typeof CheckSpellingInput>;
export const SpellingWordInput = z.object({ word: SpellingWord });
export type SpellingWordInput = z.infer<typeof SpellingWordInput>;

/** `ready: false` while the dictionaries load on the server: nothing is marked yet, nothing fails. */
export const CheckSpellingResult = z.object({ ready: z.boolean(), misspelt: z.array(z.string()) });
export type CheckSpellingResult = z.infer<typeof CheckSpellingResult>;
export const SuggestResult = z.object({ ready: z.boolean(), suggestions: z.array(z.string()).max(MAX_SUGGESTIONS) });
export type SuggestResult = z.infer<typeof SuggestResult>;
