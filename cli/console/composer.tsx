// The message composer on screen: the draft wrapped to the pane, a visible (inverse) cursor,
// misspelt words underlined (a mark that needs no colour), and at most `maxLines` rows, scrolled
// to keep the cursor in view. It reads no keys itself: the
// console's one useInput handler passes editing keys through applyComposerKey.
import { useRef } from 'react';
import { Box, Text, type Key } from 'ink';
import type { Lang } from '../../shared/schemas';
import type { WordSpan } from '../../shared/spelling-words';
import { sanitizeLine } from '../../shared/terminal-text';
import * as edit from './composer-state';
import type { ComposerState } from './composer-state';
import { t } from './i18n';
import { isEditAction, matchAction, type EditAction } from './keymap';
import { graphemeWidth, layoutLines, splitGraphemes, type VisualLine } from './text-layout';

/** Text wraps one column short of the pane, so the cursor after a full line stays on screen. */
export function composerWrapWidth(width: number): number {
  return Math.max(1, width - 1);
}

/**
 * The draft after an editing key, or null when the key is not one (a console action, an unbound
 * chord): the caller then handles it or ignores it. Ink delivers a bracketed or fast paste as one
 * input string, so input longer than one grapheme is inserted whole, line breaks and all.
 * `verbatim`: typed text is kept as it came (edit.insertVerbatim) instead of in its screen form.
 */
export function applyComposerKey(
  state: ComposerState,
  input: string,
  key: Key,
  width: number,
  { verbatim = false }: { verbatim?: boolean } = {},
): ComposerState | null {
  const match = matchAction(input, key, 'composer', { composerEmpty: edit.isEmpty(state) });
  if (match) return isEditAction(match.action) ? applyEditAction(state, match.action, width) : null;
  if (input === '' || key.ctrl || key.meta) return null;
  const paste = splitGraphemes(input).length > 1;
  // A lone control character is an unbound Ctrl key (Ctrl+_ arrives as \x1f), not text.
  if (!paste && input !== '\n' && /^[\x00-\x1f\x7f]$/.test(input)) return null;
  return verbatim ? edit.insertVerbatim(state, input) : edit.insert(state, input);
}

export function applyEditAction(state: ComposerState, action: EditAction, width: number): ComposerState {
  const wrap = composerWrapWidth(width);
  switch (action) {
    case 'edit.newline':
      return edit.newline(state);
    case 'edit.left':
      return edit.left(state);
    case 'edit.right':
      return edit.right(state);
    case 'edit.wordLeft':
      return edit.wordLeft(state);
    case 'edit.wordRight':
      return edit.wordRight(state);
    case 'edit.home':
      return edit.home(state);
    case 'edit.end':
      return edit.end(state);
    case 'edit.up':
      return edit.up(state, wrap);
    case 'edit.down':
      return edit.down(state, wrap);
    case 'edit.backspace':
      return edit.backspace(state);
    case 'edit.deleteForward':
      return edit.deleteForward(state);
    case 'edit.deleteWordBack':
      return edit.deleteWordBack(state);
    case 'edit.deleteToLineStart':
      return edit.deleteToLineStart(state);
    case 'edit.deleteToLineEnd':
      return edit.deleteToLineEnd(state);
  }
}

/** First visible row: moves only as far as needed to keep the cursor's row in view. */
export function scrollToCursor(previousTop: number, cursorRow: number, lineCount: number, visible: number): number {
  let top = Math.min(previousTop, Math.max(0, lineCount - visible));
  if (cursorRow < top) top = cursorRow;
  if (cursorRow >= top + visible) top = cursorRow - visible + 1;
  return Math.max(0, top);
}

export type ComposerProps = {
  state: ComposerState;
  /** Columns of the pane. */
  width: number;
  /** Rows the composer may take; longer drafts scroll. */
  maxLines: number;
  lang: Lang;
  /** Words to underline as misspelt, by grapheme positions in the draft. */
  misspelt?: readonly WordSpan[];
};

export function Composer({ state, width, maxLines, lang, misspelt = [] }: ComposerProps) {
  const topRef = useRef(0);
  const graphemes = splitGraphemes(state.text);
  const underlined = new Set<number>();
  for (const span of misspelt) for (let i = span.start; i < span.end; i++) underlined.add(i);
  const lines = layoutLines(graphemes, composerWrapWidth(width));
  const row = edit.cursorRow(lines, state.cursor);
  const visible = Math.max(1, maxLines);
  const top = scrollToCursor(topRef.current, row, lines.length, visible);
  topRef.current = top;

  if (graphemes.length === 0) {
    return (
      <Box width={width}>
        <Text wrap="truncate-end">
          <Text inverse> </Text>
          <Text dimColor>{t(lang, 'composer.placeholder')}</Text>
        </Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      {lines.slice(top, top + visible).map((line, index) => (
        <Text key={top + index}>
          {cells(graphemes, line, top + index === row ? state.cursor : null, width, underlined).map((run, i) => (
            <Text key={i} inverse={run.cursor} underline={run.underline}>
              {run.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

type Run = { text: string; cursor: boolean; underline: boolean };

/**
 * One visual line as runs of like-styled cells (the cursor, underlined words, plain text),
 * clipped to the pane. Spaces at a wrap point hang at the end of the line (see layoutLines) and
 * may not fit: they are clipped, and a cursor beyond the clip is drawn in the last column.
 * insert() already keeps control characters out of a draft; a draft built any other way is
 * still drawn through the allow-list.
 */
function cells(
  graphemes: readonly string[],
  line: VisualLine,
  cursor: number | null,
  width: number,
  underlined: ReadonlySet<number>,
): Run[] {
  const runs: Run[] = [];
  const add = (text: string, isCursor: boolean, underline: boolean) => {
    const last = runs.at(-1);
    if (last && !isCursor && !last.cursor && last.underline === underline) last.text += text;
    else runs.push({ text, cursor: isCursor, underline });
  };
  let used = 0;
  let cursorDrawn = false;
  for (let i = line.start; i < line.end; i++) {
    const cellWidth = graphemeWidth(graphemes[i]);
    if (used + cellWidth > width) break;
    used += cellWidth;
    cursorDrawn ||= i === cursor;
    add(sanitizeLine(graphemes[i]), i === cursor, underlined.has(i));
  }
  if (cursor !== null && !cursorDrawn) {
    const last = runs.at(-1);
    if (used >= width && last?.text.endsWith(' ')) last.text = last.text.slice(0, -1);
    add(' ', true, false);
  }
  return runs;
}
