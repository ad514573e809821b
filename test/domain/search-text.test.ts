// Search text to terms (issue 18 §3): what reaches an engine is words, never its syntax.
import { describe, expect, it } from 'vitest';
import { snippet } from '../../server/domain/search-snippet';
import { MAX_SEARCH_TERMS, searchTerms } from '../../server/domain/search-text';

describe('searchTerms', () => {
  it('splits on spaces, marks a trailing * as a prefix, and folds ё', () => {
    expect(searchTerms('  Привет*   ёлка order ')).toEqual([
      { text: 'Привет', prefix: true },
      { text: 'елка', prefix: false },
      { text: 'order', prefix: false },
    ]);
  });

  it('drops quotes, backslashes, stars, controls and lone surrogates, and terms with no letter left', () => {
    expect(searchTerms('"NEAR(" \0 \\ \' * "" (&|!:*) \ud800')).toEqual([{ text: 'NEAR(', prefix: false }]);
    expect(searchTerms('"заказ" don\'t a\\b')).toEqual([
      { text: 'заказ', prefix: false },
      { text: 'don t', prefix: false },
      { text: 'a b', prefix: false },
    ]);
    expect(searchTerms('зак\u0000аз')).toEqual([{ text: 'зак аз', prefix: false }]);
  });

  it('keeps inner punctuation that names things: e-mail addresses, hyphenated words', () => {
    expect(searchTerms('user@example.com e-mail*')).toEqual([
      { text: 'user@example.com', prefix: false },
      { text: 'e-mail', prefix: true },
    ]);
  });

  it('takes at most a fixed number of terms', () => {
    expect(searchTerms('w '.repeat(40))).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('snippet', () => {
  const render = (parts: { text: string; match: boolean }[]) =>
    parts.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

  it('marks every word that starts with a searched word, in any case, ё as е', () => {
    expect(render(snippet('Ёлка и елки, ЗАКАЗ заказа', searchTerms('елк* заказ')))).toBe(
      '[Ёлка] и [елки], [ЗАКАЗ] [заказа]',
    );
  });

  it('shows the part around the first match on one line, with … where text was cut', () => {
    const text = `${'начало '.repeat(30)}\nнайти здесь\n${'конец '.repeat(30)}`;
    const line = render(snippet(text, searchTerms('найти'), 60));
    expect(line.startsWith('…')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(line).toContain('[найти] здесь');
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThanOrEqual(60 + 4);
  });

  it('folds Latin accents as the index does', () => {
    expect(render(snippet('Clara Díaz', searchTerms('diaz')))).toBe('Clara [Díaz]');
  });
});
