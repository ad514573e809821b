// Shared helpers for console tests: drafts written with a `|` for the cursor, and waiting for
// Ink to process input without sleeping.
import type { ComposerState } from '../../cli/console/composer-state';
import type { KeySpec, NamedKey } from '../../cli/console/keymap';
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

/** One turn of the event loop: Ink's input parser flushes a lone Esc on setImmediate. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Turns of the event loop to wait for a frame before deciding a key changed nothing on screen. */
const FRAME_TICKS = 10;

type InkApp = { stdin: { write(data: string): void }; frames: readonly string[] };

/**
 * Writes raw terminal input the way a terminal would, one keypress at a time, and after each
 * waits for the frame it causes: React schedules Ink's render a couple of ticks after the input
 * event. A key that changes nothing draws no frame, so the wait is bounded by event-loop turns,
 * not by time. One more turn lets effects (such as useInput re-subscribing) run.
 */
export async function press(app: InkApp, ...sequences: string[]): Promise<void> {
  for (const sequence of sequences) {
    const before = app.frames.length;
    app.stdin.write(sequence);
    for (let tick = 0; tick < FRAME_TICKS && app.frames.length === before; tick++) await nextTick();
    await nextTick();
  }
}

/** What xterm (and most terminals over SSH) send for a key. */
export const KEYS = {
  enter: '\r',
  altEnter: '\x1b\r',
  escape: '\x1b',
  backspace: '\x7f',
  altBackspace: '\x1b\x7f',
  delete: '\x1b[3~',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  tab: '\t',
  ctrl: (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96),
  alt: (input: string) => `\x1b${input}`,
} as const;

const CSI_FINAL: Partial<Record<NamedKey, string>> = { up: 'A', down: 'B', right: 'C', left: 'D', home: 'H', end: 'F' };

/** The bytes a terminal sends for a keymap KeySpec, so tests go through Ink's real input parser. */
export function terminalSequence(spec: KeySpec): string {
  if (!spec.key) {
    const input = spec.input ?? '';
    if (spec.ctrl) return KEYS.ctrl(input);
    return spec.alt ? KEYS.alt(input) : input;
  }
  const final = CSI_FINAL[spec.key];
  // xterm encodes modified cursor keys as CSI 1;<modifier><final>: 3 = Alt, 5 = Ctrl.
  if (final && (spec.ctrl || spec.alt)) return `\x1b[1;${spec.ctrl ? 5 : 3}${final}`;
  const plain = spec.key === 'return' ? KEYS.enter : KEYS[spec.key];
  return spec.alt ? KEYS.alt(plain) : plain;
}

/** A frame with the inverse cursor cell shown as [x] and all other styling removed. */
export function withCursor(frame: string | undefined): string {
  return (frame ?? '').replace(/\x1b\[7m([^\x1b]*)\x1b\[27m/g, '[$1]').replace(/\x1b\[[0-9;]*m/g, '');
}

/** Restores the environment after force-styles.ts, so later test files in this worker render plain. */
export function stopForcingStyles(): void {
  delete process.env.FORCE_COLOR;
}
