// Which words of a draft spelling help judges, and by which dictionary (shared/spelling-words.ts).
import { describe, expect, test } from 'vitest';
import { isSpellingWord, spellingLang, wordSpans } from '../../shared/spelling-words';

const graphemes = (text: string) => Array.from(new Intl.Segmenter().segment(text), (s) => s.segment);
const words = (text: string) => wordSpans(graphemes(text)).map((span) => `${span.word}:${span.lang}`);

describe('spelling words', () => {
  test('Cyrillic words go to ru and Latin ones to en, punctuation aside', () => {
    expect(words('Привет, world! Как дела?')).toEqual(['Привет:ru', 'world:en', 'Как:ru', 'дела:ru']);
  });

  test('hyphens and apostrophes inside a word keep it whole', () => {
    expect(words("кто-то don't -тире-")).toEqual(['кто-то:ru', "don't:en", 'тире:ru']);
  });

  test('digits, addresses, abbreviations, single letters and mixed scripts are not judged', () => {
    expect(words('заказ 2-й mp3 https://ex.ample/путь почта@пример.рф site.ru SLA ВТБ я a Tекст')).toEqual([
      'заказ:ru',
    ]);
  });

  test('spans are grapheme positions, so emoji before a word do not shift it', () => {
    expect(wordSpans(graphemes('👍🏽 да'))).toEqual([{ start: 2, end: 4, word: 'да', lang: 'ru' }]);
  });

  test('a word for a request is letters joined by - or \u2019, at most 64', () => {
    expect(isSpellingWord('пол-литра')).toBe(true);
    expect(isSpellingWord('а'.repeat(65))).toBe(false);
    expect(isSpellingWord('два слова')).toBe(false);
    expect(spellingLang('Ёлка')).toBe('ru');
    expect(spellingLang('ok')).toBe('en');
  });
});
