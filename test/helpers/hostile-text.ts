// Hostile text for tests at the desk's edges: strings from the terminal-escape corpus of
// test/shared/terminal-text.test.ts, one fuzz generator shared with it, plus what breaks stores
// (NUL, lone surrogates) and text with nothing visible in it.
import fc from 'fast-check';

const ESC = '\x1b';
const BEL = '\x07';

/** Strings a store must take and give back exactly: escapes are neutralised on render, not on the way in. */
export const KEPT_AS_SENT: Array<[string, string]> = [
  ['OSC 52 clipboard write', `${ESC}]52;c;cm0gLXJmIH4=${BEL}`],
  ['OSC 8 hyperlink', `${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`],
  ['CSI clear screen and home', `${ESC}[2J${ESC}[H`],
  ['8-bit CSI', '\x9b2J'],
  ['CR overwrite', 'Pay to: Alice\rPay to: Mallory'],
  ['backspace overstrike', 'safe\b\b\b\bEVIL'],
  ['DEL', 'a\x7fc'],
  ['vertical tab and form feed', 'a\x0bb\x0cc'],
  ['Trojan Source bidi override', 'access = "user\u202e \u2066// admin\u2069 \u2066"'],
  ['Russian', 'Здравствуйте, заказ №123 не пришёл'],
  ['CJK', '你好，世界 こんにちは'],
  ['ZWJ family emoji', '👨‍👩‍👧‍👦 family'],
  ['England subdivision flag (tag characters)', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
  ['combining marks', 'е́ café'],
  ['noncharacters', 'a\uFFFE\uFFFFb'],
  ['U+FFFD itself', 'replacement \uFFFD char'],
];

/** Strings no store can hold as sent. */
export const UNSTORABLE: Array<[string, string]> = [
  ['NUL alone', '\0'],
  ['NUL inside text', 'before\0after'],
  ['NUL and DEL', 'a\x00b\x7fc'],
  ['lone high surrogate', 'x\ud83dy'],
  ['lone low surrogate', 'x\ude00z'],
  ['surrogates in the wrong order', '\ude00\ud83d'],
];

/** Message texts with nothing a reader can see. */
export const BLANK: Array<[string, string]> = [
  ['spaces', '   '],
  ['line breaks and tabs', '\n\t\r\n'],
  ['no-break and ideographic spaces', '\u00a0\u3000'],
  ['zero-width space and joiner', '\u200b\u200d'],
  ['byte order mark', '\ufeff'],
  ['control characters only', '\x01\x1b'],
];

/** Fuzz input for every edge and for the terminal sanitiser: raw UTF-16 units, C0/C1 controls, escapes, halves of pairs. */
export const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)),
      fc.constantFrom(ESC, '\r\n', '\r', '\u202e', '\u2066', '\ud83d', '👨‍👩‍👧', '\x9b', '^', '<', '\0', ' '),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));
