import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { graphemeWidth, layoutLines, splitGraphemes, wrapText } from '../../cli/console/text-layout';

const FAMILY = '👨‍👩‍👧‍👦';

describe('wrapText', () => {
  test('breaks at spaces', () => {
    expect(wrapText('hello world again', 11)).toEqual(['hello world', 'again']);
  });

  test('keeps a line that fits', () => {
    expect(wrapText('hello world', 11)).toEqual(['hello world']);
  });

  test('hard-breaks a word longer than the line', () => {
    expect(wrapText('a verylongword', 5)).toEqual(['a', 'veryl', 'ongwo', 'rd']);
  });

  test('drops the spaces at a wrap point', () => {
    expect(wrapText('ab   cd', 3)).toEqual(['ab', 'cd']);
  });

  test('Cyrillic is one column per letter', () => {
    expect(wrapText('Привет мир как дела', 10)).toEqual(['Привет мир', 'как дела']);
  });

  test('CJK is two columns per character', () => {
    expect(wrapText('你好世界你好', 5)).toEqual(['你好', '世界', '你好']);
    expect(wrapText('ab你好', 4)).toEqual(['ab你', '好']);
  });

  test('a ZWJ family emoji is one two-column grapheme, never split', () => {
    expect(wrapText(FAMILY.repeat(3), 4)).toEqual([FAMILY.repeat(2), FAMILY]);
    expect(wrapText(FAMILY.repeat(2), 3)).toEqual([FAMILY, FAMILY]);
  });

  test('flags stay whole', () => {
    expect(wrapText('🇷🇺🇬🇧🇺🇸', 4)).toEqual(['🇷🇺🇬🇧', '🇺🇸']);
  });

  test('mixed Russian, emoji and CJK', () => {
    expect(wrapText('Спасибо 👍🏽 谢谢', 10)).toEqual(['Спасибо 👍🏽', '谢谢']);
  });

  test('keeps explicit newlines, including empty lines', () => {
    expect(wrapText('a\n\nb\n', 10)).toEqual(['a', '', 'b', '']);
  });

  test('empty text is one empty line', () => {
    expect(wrapText('', 10)).toEqual(['']);
  });

  test('a character wider than the line gets a line of its own', () => {
    expect(wrapText('你a', 1)).toEqual(['你', 'a']);
  });

  test('tabs become spaces to the next stop of four', () => {
    expect(wrapText('a\tb\n\tc', 20)).toEqual(['a   b', '    c']);
  });

  const alphabet = fc.constantFrom('a', 'b', ' ', ' ', 'ж', 'Щ', '你', '好', FAMILY, '🇷🇺', '👍🏽', 'é', '\n');
  const text = fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join(''));

  test('no line is wider than the width; nothing but wrap spaces is lost (property)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 30 }), (input, width) => {
        const lines = wrapText(input, width);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
        const strip = (s: string) => s.replace(/[ \n]/g, '');
        expect(strip(lines.join(''))).toBe(strip(input));
        expect(lines.length).toBeGreaterThanOrEqual(input.split('\n').length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('layoutLines', () => {
  test('ranges cover every grapheme once; newlines sit between lines', () => {
    const graphemes = splitGraphemes('ab cd\nef');
    expect(layoutLines(graphemes, 3)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 5 },
      { start: 6, end: 8 },
    ]);
  });

  test('splitGraphemes keeps clusters whole', () => {
    expect(splitGraphemes(`я${FAMILY}🇷🇺é`)).toEqual(['я', FAMILY, '🇷🇺', 'é']);
  });
});

// Issue 13 §5: the console's first frame no longer waits for string-width's emoji regex or the
// segmenter when the text is simple; the shortcuts must give what they stand in for.
describe('shortcuts for simple text', () => {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const codePoints = Array.from({ length: 0x2c00 - 0xa0 }, (_, i) => String.fromCodePoint(0xa0 + i));

  test('a lone code point up to U+2BFF is as wide as string-width says (never under one column)', () => {
    const wrong = codePoints.filter((c) => graphemeWidth(c) !== Math.max(1, stringWidth(c)));
    expect(wrong.map((c) => c.codePointAt(0)!.toString(16))).toEqual([]);
  });

  test('text is split into the same graphemes as Intl.Segmenter splits it', () => {
    const wrong = codePoints.filter((c) => {
      const text = `a${c}b${c}${c}\n${c}`;
      const expected = Array.from(segmenter.segment(text), (s) => s.segment);
      return JSON.stringify(splitGraphemes(text)) !== JSON.stringify(expected);
    });
    expect(wrong.map((c) => c.codePointAt(0)!.toString(16))).toEqual([]);
  });
});
