// Shared helpers for console tests: drafts written with a `|` for the cursor, and waiting for
// Ink to process input without sleeping.
import type { ComposerState } from '../../cli/console/composer-state';
import { splitGraphemes } from '../../cli/console/text-layout';

/** `draft('при|вет')` is the text "привет" with the cursor after the second grapheme. */
export function draft(marked: string): ComposerState {
  const at = marked.indexOf('|');
  if (at < 0) throw new Error(`draft needs a | for the cursor: ${marked}`);
  const text = marked.slice(0, at) + marked.slice(at + 1);
  return { text, cursor: splitGraphemes(marked.slice(0, at)).length };
}

/** The inverse of draft(): the text with `|` where the cursor is. */
export function shown(state: ComposerState): string {
  const graphemes = splitGraphemes(state.text);
  return [...graphemes.slice(0, state.cursor), '|', ...graphemes.slice(state.cursor)].join('');
}
