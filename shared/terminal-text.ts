// The one allow-list every untrusted string (anything a customer, a channel or an admin wrote)
// passes through before it reaches a terminal. Escape sequences have set window titles that were
// echoed back as commands, written the clipboard (OSC 52) and crashed terminals
// (CVE-2024-38396, CVE-2022-45872); Ink keeps OSC sequences and strip-ansi misses C1, CR, BS, BEL
// and bidi controls, so neither is enough. Store text raw; call this at render time.

export const DEFAULT_MAX_TERMINAL_TEXT = 16_000;

const REPLACEMENT = '\uFFFD';
const ELLIPSIS = '…';

/** Bidi controls can reorder what the operator reads ("Trojan Source"): shown as named tags. */
const BIDI_TAGS: ReadonlyMap<number, string> = new Map([
  [0x061c, '<ALM>'],
  [0x200e, '<LRM>'],
  [0x200f, '<RLM>'],
  [0x202a, '<LRE>'],
  [0x202b, '<RLE>'],
  [0x202c, '<PDF>'],
  [0x202d, '<LRO>'],
  [0x202e, '<RLO>'],
  [0x2066, '<LRI>'],
  [0x2067, '<RLI>'],
  [0x2068, '<FSI>'],
  [0x2069, '<PDI>'],
]);

// With the `u` flag a surrogate range matches only lone surrogates, never a valid pair.
const NEEDS_WORK =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

export type TerminalTextOptions = { maxLength?: number };

/**
 * Makes untrusted text inert for a terminal: printable characters, `\n` and `\t` stay; other C0
 * controls and DEL show in caret notation (ESC → `^[`, BEL → `^G`, lone CR → `^M`), so an escape
 * sequence becomes visible text; C1 controls and lone surrogates become U+FFFD; bidi controls
 * become tags such as `<RLO>`. CRLF counts as one line break (e-mail uses it). The result is at
 * most `maxLength` UTF-16 units, ending in `…` when cut.
 */
export function sanitizeForTerminal(text: string, opts: TerminalTextOptions = {}): string {
  return sanitize(text, opts.maxLength ?? DEFAULT_MAX_TERMINAL_TEXT, false);
}

/** The same allow-list for one-line places (names, titles of lists): line breaks and tabs become spaces. */
export function sanitizeLine(text: string, opts: TerminalTextOptions = {}): string {
  return sanitize(text, opts.maxLength ?? DEFAULT_MAX_TERMINAL_TEXT, true);
}

function sanitize(text: string, maxLength: number, singleLine: boolean): string {
  const normalised = text.replaceAll('\r\n', '\n');
  const clean = !NEEDS_WORK.test(normalised) && !(singleLine && /[\n\t]/.test(normalised));
  if (clean && normalised.length <= maxLength) return normalised;
  const pieces: string[] = [];
  for (const char of normalised) pieces.push(render(char, singleLine));
  return cap(pieces, maxLength);
}

function render(char: string, singleLine: boolean): string {
  const code = char.codePointAt(0)!;
  if (char === '\n' || code === 0x2028 || code === 0x2029) return singleLine ? ' ' : '\n';
  if (char === '\t') return singleLine ? ' ' : '\t';
  if (code < 0x20) return '^' + String.fromCharCode(code + 0x40);
  if (code === 0x7f) return '^?';
  if (code >= 0x80 && code <= 0x9f) return REPLACEMENT;
  if (code >= 0xd800 && code <= 0xdfff) return REPLACEMENT;
  return BIDI_TAGS.get(code) ?? char;
}

/** Cuts between pieces (one per input code point), never inside a caret pair, tag or surrogate pair. */
function cap(pieces: string[], maxLength: number): string {
  const whole = pieces.join('');
  if (whole.length <= maxLength) return whole;
  const budget = Math.max(0, maxLength - ELLIPSIS.length);
  let length = 0;
  let count = 0;
  while (count < pieces.length && length + pieces[count].length <= budget) {
    length += pieces[count].length;
    count++;
  }
  return pieces.slice(0, count).join('') + ELLIPSIS;
}
