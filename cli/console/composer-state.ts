// The message composer as a pure editor model: immutable { text, cursor } where the cursor counts
// grapheme clusters, so an emoji, a flag or a letter with an accent is one step. Import it as a
// namespace (`import * as edit from './composer-state'`) so call sites read `edit.wordLeft(s)`.
//
// Home/End and Ctrl+U/Ctrl+K work on the LOGICAL line (between newlines), as readline does and
// whatever the terminal width; Up/Down move by VISUAL (wrapped) line, because a long paragraph
// is one logical line and the operator must still reach its middle. Up on the first visual line
// goes to the start of the text, Down on the last goes to the end.
import { sanitizeForTerminal } from '../../shared/terminal-text';
import { graphemeWidth, layoutLines, splitGraphemes, type VisualLine } from './text-layout';

export type ComposerState = { readonly text: string; readonly cursor: number };

export const emptyComposer: ComposerState = { text: '', cursor: 0 };

/** Spaces a pasted tab becomes: a tab has no width of its own to measure, so the cursor would drift. */
const TAB_AS_SPACES = '    ';

const WORD = /^[\p{L}\p{N}\p{M}_]/u;

export function isEmpty(state: ComposerState): boolean {
  return state.text.length === 0;
}

/**
 * Inserts typed or pasted text at the cursor. Line endings become `\n`, tabs spaces, and control
 * characters visible text (the one terminal allow-list), so the draft always shows exactly what
 * will be sent and its width can be measured.
 */
export function insert(state: ComposerState, typed: string): ComposerState {
  const normalised = typed.replace(/\r\n?/g, '\n').replaceAll('\t', TAB_AS_SPACES);
  return insertVerbatim(state, sanitizeForTerminal(normalised, { maxLength: Number.POSITIVE_INFINITY }));
}

/**
 * Inserts text at the cursor exactly as given, for an editor whose text is a value rather than a
 * message (an action form's field): its owner draws each grapheme through the allow-list and
 * sends what was typed.
 */
export function insertVerbatim(state: ComposerState, text: string): ComposerState {
  if (text === '') return state;
  const graphemes = splitGraphemes(state.text);
  const before = graphemes.slice(0, state.cursor).join('') + text;
  return { text: before + graphemes.slice(state.cursor).join(''), cursor: splitGraphemes(before).length };
}

export function newline(state: ComposerState): ComposerState {
  return insert(state, '\n');
}

export function backspace(state: ComposerState): ComposerState {
  return removeRange(state, state.cursor - 1, state.cursor);
}

export function deleteForward(state: ComposerState): ComposerState {
  return removeRange(state, state.cursor, state.cursor + 1);
}

export function left(state: ComposerState): ComposerState {
  return moveTo(state, state.cursor - 1);
}

export function right(state: ComposerState): ComposerState {
  return moveTo(state, state.cursor + 1);
}

export function wordLeft(state: ComposerState): ComposerState {
  return moveTo(state, wordStartBefore(splitGraphemes(state.text), state.cursor));
}

export function wordRight(state: ComposerState): ComposerState {
  const graphemes = splitGraphemes(state.text);
  let i = state.cursor;
  while (i < graphemes.length && !isWordGrapheme(graphemes[i])) i++;
  while (i < graphemes.length && isWordGrapheme(graphemes[i])) i++;
  return moveTo(state, i);
}

export function home(state: ComposerState): ComposerState {
  return moveTo(state, lineStart(splitGraphemes(state.text), state.cursor));
}

export function end(state: ComposerState): ComposerState {
  return moveTo(state, lineEnd(splitGraphemes(state.text), state.cursor));
}

/** `width` is the wrap width the composer renders with (see composerWrapWidth). */
export function up(state: ComposerState, width: number): ComposerState {
  return moveVertically(state, width, -1);
}

export function down(state: ComposerState, width: number): ComposerState {
  return moveVertically(state, width, +1);
}

/** Ctrl+W / Alt+Backspace: back to the start of the word before the cursor. */
export function deleteWordBack(state: ComposerState): ComposerState {
  return removeRange(state, wordStartBefore(splitGraphemes(state.text), state.cursor), state.cursor);
}

/** Ctrl+U: back to the start of the logical line. */
export function deleteToLineStart(state: ComposerState): ComposerState {
  return removeRange(state, lineStart(splitGraphemes(state.text), state.cursor), state.cursor);
}

/** Ctrl+K: to the end of the logical line; at its end, joins the next line (as Emacs does). */
export function deleteToLineEnd(state: ComposerState): ComposerState {
  const graphemes = splitGraphemes(state.text);
  const to = lineEnd(graphemes, state.cursor);
  return removeRange(state, state.cursor, to === state.cursor ? to + 1 : to);
}

export function clear(): ComposerState {
  return emptyComposer;
}

/** Index of the visual line the cursor shows on: at a wrap point, the start of the next line. */
export function cursorRow(lines: readonly VisualLine[], cursor: number): number {
  let row = 0;
  while (row + 1 < lines.length && lines[row + 1].start <= cursor) row++;
  return row;
}

function moveVertically(state: ComposerState, width: number, direction: -1 | 1): ComposerState {
  const graphemes = splitGraphemes(state.text);
  const lines = layoutLines(graphemes, width);
  const row = cursorRow(lines, state.cursor);
  const target = row + direction;
  if (target < 0) return moveTo(state, 0);
  if (target >= lines.length) return moveTo(state, graphemes.length);
  let column = 0;
  for (let i = lines[row].start; i < state.cursor; i++) column += graphemeWidth(graphemes[i]);
  const line = lines[target];
  const wrapped = target + 1 < lines.length && lines[target + 1].start === line.end;
  // On a wrapped line the index `end` is drawn at the start of the next line, so stop before it.
  const last = wrapped && line.end > line.start ? line.end - 1 : line.end;
  let i = line.start;
  let reached = 0;
  while (i < last && reached + graphemeWidth(graphemes[i]) <= column) {
    reached += graphemeWidth(graphemes[i]);
    i++;
  }
  return moveTo(state, i);
}

function removeRange(state: ComposerState, from: number, to: number): ComposerState {
  const graphemes = splitGraphemes(state.text);
  const start = Math.max(0, from);
  const stop = Math.min(graphemes.length, to);
  if (start >= stop) return state;
  return { text: [...graphemes.slice(0, start), ...graphemes.slice(stop)].join(''), cursor: start };
}

function moveTo(state: ComposerState, cursor: number): ComposerState {
  const clamped = Math.min(Math.max(0, cursor), splitGraphemes(state.text).length);
  return clamped === state.cursor ? state : { text: state.text, cursor: clamped };
}

function wordStartBefore(graphemes: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && !isWordGrapheme(graphemes[i - 1])) i--;
  while (i > 0 && isWordGrapheme(graphemes[i - 1])) i--;
  return i;
}

function lineStart(graphemes: readonly string[], cursor: number): number {
  let i = cursor;
  while (i > 0 && graphemes[i - 1] !== '\n') i--;
  return i;
}

function lineEnd(graphemes: readonly string[], cursor: number): number {
  let i = cursor;
  while (i < graphemes.length && graphemes[i] !== '\n') i++;
  return i;
}

function isWordGrapheme(grapheme: string): boolean {
  return WORD.test(grapheme);
}
