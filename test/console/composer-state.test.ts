import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as edit from '../../cli/console/composer-state';
import { splitGraphemes } from '../../cli/console/text-layout';
import { draft, shown } from './helpers';

const FAMILY = '👨‍👩‍👧‍👦';

describe('insert', () => {
  test('types at the cursor', () => {
    expect(shown(edit.insert(draft('при|т'), 'ве'))).toBe('приве|т');
  });

  test('a ZWJ emoji is one cursor step', () => {
    expect(shown(edit.insert(draft('a|b'), FAMILY))).toBe(`a${FAMILY}|b`);
    expect(edit.insert(draft('a|b'), FAMILY).cursor).toBe(2);
  });

  test('a multi-line paste arrives whole, with CRLF and CR normalised', () => {
    expect(shown(edit.insert(draft('|'), 'one\r\ntwo\rthree\n'))).toBe('one\ntwo\nthree\n|');
  });

  test('pasted tabs become spaces', () => {
    expect(shown(edit.insert(draft('|'), 'a\tb'))).toBe('a    b|');
  });

  test('pasted escape sequences become visible text, never raw control characters', () => {
    expect(shown(edit.insert(draft('|'), 'x\x1b[2Jy\u202e'))).toBe('x^[[2Jy<RLO>|');
  });

  test('inserting nothing returns the same state', () => {
    const state = draft('ab|');
    expect(edit.insert(state, '')).toBe(state);
  });

  test('newline inserts a line break', () => {
    expect(shown(edit.newline(draft('ab|cd')))).toBe('ab\n|cd');
  });
});

describe('deleting characters', () => {
  test('backspace removes the grapheme before the cursor', () => {
    expect(shown(edit.backspace(draft(`a${FAMILY}|b`)))).toBe('a|b');
    expect(shown(edit.backspace(draft('|ab')))).toBe('|ab');
  });

  test('backspace removes a flag and an accented letter whole', () => {
    expect(shown(edit.backspace(draft('x🇷🇺|')))).toBe('x|');
    expect(shown(edit.backspace(draft('cafe\u0301|')))).toBe('caf|');
  });

  test('backspace at a line start joins the lines', () => {
    expect(shown(edit.backspace(draft('ab\n|cd')))).toBe('ab|cd');
  });

  test('deleteForward removes the grapheme after the cursor', () => {
    expect(shown(edit.deleteForward(draft(`a|${FAMILY}b`)))).toBe('a|b');
    expect(shown(edit.deleteForward(draft('ab|')))).toBe('ab|');
  });
});

describe('moving by grapheme', () => {
  test('left and right step over an emoji in one move', () => {
    expect(shown(edit.left(draft(`a${FAMILY}|b`)))).toBe(`a|${FAMILY}b`);
    expect(shown(edit.right(draft(`a|${FAMILY}b`)))).toBe(`a${FAMILY}|b`);
  });

  test('left and right stop at the ends', () => {
    expect(shown(edit.left(draft('|ab')))).toBe('|ab');
    expect(shown(edit.right(draft('ab|')))).toBe('ab|');
  });

  test('a move that goes nowhere returns the same state', () => {
    const state = draft('|ab');
    expect(edit.left(state)).toBe(state);
  });
});

describe('moving by word', () => {
  test('wordLeft goes to the start of the current or previous Russian word', () => {
    expect(shown(edit.wordLeft(draft('Добрый день, Анна|')))).toBe('Добрый день, |Анна');
    expect(shown(edit.wordLeft(draft('Добрый день, |Анна')))).toBe('Добрый |день, Анна');
    expect(shown(edit.wordLeft(draft('Добр|ый день')))).toBe('|Добрый день');
  });

  test('wordRight goes to the end of the current or next word', () => {
    expect(shown(edit.wordRight(draft('|Добрый день, Анна')))).toBe('Добрый| день, Анна');
    expect(shown(edit.wordRight(draft('Добрый| день, Анна')))).toBe('Добрый день|, Анна');
    expect(shown(edit.wordRight(draft('Добрый день|, Анна')))).toBe('Добрый день, Анна|');
  });

  test('emoji and punctuation are not part of words', () => {
    expect(shown(edit.wordLeft(draft(`привет ${FAMILY}!|`)))).toBe(`|привет ${FAMILY}!`);
  });

  test('digits and accents belong to words', () => {
    expect(shown(edit.wordLeft(draft('заказ №12345|')))).toBe('заказ №|12345');
    expect(shown(edit.wordLeft(draft('x café|')))).toBe('x |café');
  });

  test('word moves cross line breaks', () => {
    expect(shown(edit.wordLeft(draft('один\n|два')))).toBe('|один\nдва');
    expect(shown(edit.wordRight(draft('один|\nдва')))).toBe('один\nдва|');
  });
});

describe('home and end (logical line)', () => {
  test('home goes to the start of the current line, end to its end', () => {
    expect(shown(edit.home(draft('one\ntw|o\nthree')))).toBe('one\n|two\nthree');
    expect(shown(edit.end(draft('one\nt|wo\nthree')))).toBe('one\ntwo|\nthree');
  });

  test('on a single line they go to the ends of the text', () => {
    expect(shown(edit.home(draft('ab|c')))).toBe('|abc');
    expect(shown(edit.end(draft('a|bc')))).toBe('abc|');
  });
});

describe('up and down (visual line)', () => {
  test('move between logical lines keeping the column', () => {
    expect(shown(edit.up(draft('abcd\nab|cd'), 20))).toBe('ab|cd\nabcd');
    expect(shown(edit.down(draft('ab|cd\nabcd'), 20))).toBe('abcd\nab|cd');
  });

  test('a shorter target line puts the cursor at its end', () => {
    expect(shown(edit.up(draft('ab\nabcd|'), 20))).toBe('ab|\nabcd');
  });

  test('move between wrapped lines of one paragraph', () => {
    // width 6 wraps "привет мир" into "привет " + "мир".
    expect(shown(edit.down(draft('пр|ивет мир'), 6))).toBe('привет ми|р');
    expect(shown(edit.up(draft('привет ми|р'), 6))).toBe('пр|ивет мир');
  });

  test('into a wrapped line, the cursor stays on that line', () => {
    // width 4: "ab " wraps before "cdef"; column 4 does not exist on the first line.
    expect(shown(edit.up(draft('ab cdef|'), 4))).toBe('ab| cdef');
  });

  test('columns count display width: CJK is two columns', () => {
    expect(shown(edit.down(draft('ab|cd\n你好'), 20))).toBe('abcd\n你|好');
  });

  test('up on the first line goes to the start, down on the last to the end', () => {
    expect(shown(edit.up(draft('ab|c\nd'), 20))).toBe('|abc\nd');
    expect(shown(edit.down(draft('a\nb|c'), 20))).toBe('a\nbc|');
  });
});

describe('deleting words and lines', () => {
  test('deleteWordBack (Ctrl+W) removes the word before the cursor', () => {
    expect(shown(edit.deleteWordBack(draft('Добрый день|')))).toBe('Добрый |');
    expect(shown(edit.deleteWordBack(draft('Добрый день, |')))).toBe('Добрый |');
    expect(shown(edit.deleteWordBack(draft('|abc')))).toBe('|abc');
  });

  test('deleteToLineStart (Ctrl+U) removes to the start of the logical line only', () => {
    expect(shown(edit.deleteToLineStart(draft('one\ntw|o')))).toBe('one\n|o');
    expect(shown(edit.deleteToLineStart(draft('one\n|two')))).toBe('one\n|two');
  });

  test('deleteToLineEnd (Alt+K) removes to the end of the line, or joins the next line', () => {
    expect(shown(edit.deleteToLineEnd(draft('o|ne\ntwo')))).toBe('o|\ntwo');
    expect(shown(edit.deleteToLineEnd(draft('one|\ntwo')))).toBe('one|two');
    expect(shown(edit.deleteToLineEnd(draft('one|')))).toBe('one|');
  });

  test('clear empties the draft', () => {
    expect(edit.clear()).toEqual({ text: '', cursor: 0 });
    expect(edit.isEmpty(edit.clear())).toBe(true);
  });
});

describe('invariants (property)', () => {
  const alphabet = fc.constantFrom('a', ' ', 'ж', '你', FAMILY, '🇷🇺', 'e\u0301', '\n', '.');
  const op = fc.oneof(
    fc
      .array(alphabet, { minLength: 1, maxLength: 4 })
      .map((parts) => (s: edit.ComposerState) => edit.insert(s, parts.join(''))),
    fc.constantFrom(
      edit.backspace,
      edit.deleteForward,
      edit.left,
      edit.right,
      edit.wordLeft,
      edit.wordRight,
      edit.home,
      edit.end,
      edit.deleteWordBack,
      edit.deleteToLineStart,
      edit.deleteToLineEnd,
      edit.newline,
      (s: edit.ComposerState) => edit.up(s, 5),
      (s: edit.ComposerState) => edit.down(s, 5),
    ),
  );

  test('the cursor always sits on a grapheme boundary inside the text', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let state = edit.emptyComposer;
        for (const apply of ops) {
          state = apply(state);
          expect(state.cursor).toBeGreaterThanOrEqual(0);
          expect(state.cursor).toBeLessThanOrEqual(splitGraphemes(state.text).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
