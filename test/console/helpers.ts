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

/** Lets Ink finish what a write started: its input parser flushes a lone Esc on setImmediate. */
export function nextTick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes raw terminal input the way a terminal would, one keypress at a time. */
export async function press(stdin: { write(data: string): void }, ...sequences: string[]): Promise<void> {
  for (const sequence of sequences) {
    stdin.write(sequence);
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
