import { describe, expect, test } from 'vitest';
import type { Template } from '../../shared/schemas';
import { rankTemplates } from '../../cli/console/template-ranking';

const template = (id: string, name: string, text: string, useCount = 0): Template => ({
  id,
  name,
  text,
  lang: null,
  useCount,
});

const templates = [
  template('greet', 'Greeting', 'Hello {{customer.name|there}}, how can I help?', 3),
  template('refund', 'Refund', 'We will refund your greeting card.', 10),
  template('hello-ru', 'Приветствие', 'Здравствуйте, {{customer.name|уважаемый клиент}}!', 7),
  template('bye', 'Goodbye', 'Thank you for contacting us.', 1),
];
const noUsage = new Map<string, number>();
const ids = (list: Template[]) => list.map((t) => t.id);

describe('rankTemplates', () => {
  test('with no query, the most used come first', () => {
    expect(ids(rankTemplates(templates, '', noUsage))).toEqual(['refund', 'hello-ru', 'greet', 'bye']);
  });

  test('usage seen by the console overrides the server count', () => {
    expect(ids(rankTemplates(templates, '  ', new Map([['bye', 50]])))[0]).toBe('bye');
  });

  test('filters by fuzzy match and drops what does not match', () => {
    expect(ids(rankTemplates(templates, 'gdby', noUsage))).toEqual(['bye']);
    expect(rankTemplates(templates, 'zzz', noUsage)).toEqual([]);
  });

  test('a match in the name outranks the same match in the text, whatever the usage', () => {
    expect(ids(rankTemplates(templates, 'greet', noUsage))).toEqual(['greet', 'refund']);
  });

  test('matches the text too', () => {
    expect(ids(rankTemplates(templates, 'contacting', noUsage))).toEqual(['bye']);
  });

  test('Cyrillic queries match names and text', () => {
    expect(ids(rankTemplates(templates, 'прив', noUsage))).toEqual(['hello-ru']);
    expect(ids(rankTemplates(templates, 'здравств', noUsage))).toEqual(['hello-ru']);
  });

  test('equal matches are ordered by usage', () => {
    const twins = [template('a', 'Delivery', 'x', 1), template('b', 'Delivery', 'y', 9)];
    expect(ids(rankTemplates(twins, 'deliv', noUsage))).toEqual(['b', 'a']);
    expect(ids(rankTemplates(twins, 'deliv', new Map([['a', 20]])))).toEqual(['a', 'b']);
  });
});
