// Knowledge-base search order and snippets (issue 18 §5), without a store.
import { describe, expect, test } from 'vitest';
import { kbSearchTerms, rankArticles, snippetOf } from '../../server/domain/kb-ranking';

const article = (title: string, tags: string[] = []) => ({ title, tags });

describe('knowledge-base ranking', () => {
  test('every word typed is the start of a word, ё searched as е', () => {
    expect(kbSearchTerms('Ёлки  возвр')).toEqual([
      { text: 'Елки', prefix: true },
      { text: 'возвр', prefix: true },
    ]);
    expect(kbSearchTerms('"*"  ')).toEqual([]);
  });

  test('title matches first, then tag matches, the engine order within each', () => {
    const engineOrder = [
      article('Payment cards', ['refunds']),
      article('Delivery'),
      article('Refund policy'),
      article('Refunds abroad'),
    ];
    expect(rankArticles(engineOrder, kbSearchTerms('refund')).map((a) => a.title)).toEqual([
      'Refund policy',
      'Refunds abroad',
      'Payment cards',
      'Delivery',
    ]);
  });

  test('a snippet starts near the first word found and says where it was cut', () => {
    const body = `${'Intro words here. '.repeat(5)}Refunds take five days.\n\nMore text after that ${'x '.repeat(80)}`;
    const snippet = snippetOf(body, kbSearchTerms('refund'), 60);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet).toContain('Refunds take five days.');
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippetOf('Short text.', kbSearchTerms('nothing'))).toBe('Short text.');
  });
});
