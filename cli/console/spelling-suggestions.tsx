// Spelling suggestions for the word at the cursor (Alt+S): the dictionary's suggestions and "Add
// to my dictionary". Enter replaces the word in the draft or adds it, and does nothing else: like
// the template picker (issue 13 §2), this list never sends. It reads no keys itself; its state
// lives in the console's overlay and suggestionsKey() is called by the console's one handler.
import { Box, Text, type Key } from 'ink';
import type { Lang } from '../../shared/schemas';
import { wordSpans, type WordSpan } from '../../shared/spelling-words';
import { sanitizeLine } from '../../shared/terminal-text';
import type { ComposerState } from './composer-state';
import { t } from './i18n';
import { matchAction } from './keymap';
import { splitGraphemes } from './text-layout';

/** The word being corrected, where it stood in the draft, and the list (null while the server is asked). */
export type SuggestionsState = {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly suggestions: readonly string[] | null;
  /** False when the server had not loaded its dictionaries yet: no suggestions, but adding works. */
  readonly ready: boolean;
  readonly selected: number;
};

export type SuggestionsOutcome =
  | { kind: 'edit'; state: SuggestionsState }
  | { kind: 'replace'; replacement: string }
  | { kind: 'add' }
  | { kind: 'cancel' }
  | { kind: 'ignore' };

/** The checkable word the cursor is in or just after, if any. */
export function wordAtCursor(draft: ComposerState): WordSpan | null {
  return wordSpans(splitGraphemes(draft.text)).find((s) => s.start <= draft.cursor && draft.cursor <= s.end) ?? null;
}

export function openSuggestions(span: WordSpan): SuggestionsState {
  return { word: span.word, start: span.start, end: span.end, suggestions: null, ready: true, selected: 0 };
}

export function suggestionsKey(state: SuggestionsState, input: string, key: Key): SuggestionsOutcome {
  // The suggestions, then "Add to my dictionary"; nothing to choose while they are on their way.
  const items = state.suggestions === null ? 0 : state.suggestions.length + 1;
  switch (matchAction(input, key, 'spelling')?.action) {
    case 'spelling.up':
      return items === 0
        ? { kind: 'ignore' }
        : { kind: 'edit', state: { ...state, selected: Math.max(0, state.selected - 1) } };
    case 'spelling.down':
      return items === 0
        ? { kind: 'ignore' }
        : { kind: 'edit', state: { ...state, selected: Math.min(items - 1, state.selected + 1) } };
    case 'spelling.cancel':
      return { kind: 'cancel' };
    case 'spelling.choose':
      if (state.suggestions === null) return { kind: 'ignore' };
      return state.selected < state.suggestions.length
        ? { kind: 'replace', replacement: state.suggestions[state.selected] }
        : { kind: 'add' };
    case 'app.quit': // the console quits, from every overlay
    case undefined: // typing goes nowhere while the list is open
      return { kind: 'ignore' };
  }
}

/**
 * The draft with the word replaced and the cursor after it, or null when the draft no longer
 * holds the word where it was. The replacement is put in its screen form, as typed text is.
 */
export function replaceWord(draft: ComposerState, state: SuggestionsState, replacement: string): ComposerState | null {
  const graphemes = splitGraphemes(draft.text);
  if (graphemes.slice(state.start, state.end).join('') !== state.word) return null;
  const before = graphemes.slice(0, state.start).join('') + sanitizeLine(replacement);
  return { text: before + graphemes.slice(state.end).join(''), cursor: splitGraphemes(before).length };
}

export function SpellingSuggestions({
  state,
  lang,
  width,
  rows,
}: {
  state: SuggestionsState;
  lang: Lang;
  width: number;
  /** Rows available, title and hint included. */
  rows: number;
}) {
  const items = [...(state.suggestions ?? []).map((s) => sanitizeLine(s, { maxLength: 80 })), t(lang, 'spelling.add')];
  const listRows = Math.max(1, rows - 3);
  const top = Math.max(0, state.selected - listRows + 1);
  let status: string | null = null;
  if (state.suggestions === null) status = t(lang, 'spelling.looking');
  else if (!state.ready) status = t(lang, 'spelling.notReady');
  else if (state.suggestions.length === 0) status = t(lang, 'spelling.none');
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {t(lang, 'spelling.title')}: <Text underline>{sanitizeLine(state.word, { maxLength: 80 })}</Text>
      </Text>
      {status ? (
        <Text dimColor wrap="truncate-end">
          {status}
        </Text>
      ) : null}
      {state.suggestions === null
        ? null
        : items.slice(top, top + listRows).map((item, index) => {
            const chosen = top + index === state.selected;
            return (
              <Text key={top + index} wrap="truncate-end">
                {chosen ? '› ' : '  '}
                <Text bold={chosen}>{item}</Text>
              </Text>
            );
          })}
      <Text dimColor wrap="truncate-end">
        {t(lang, 'spelling.hint')}
      </Text>
    </Box>
  );
}
