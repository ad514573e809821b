// Articles rendered plainly for the terminal and split into the paragraphs the console inserts.
import { describe, expect, test } from 'vitest';
import { articleChoices, plainParagraphs } from '../../cli/console/kb-article';

describe('knowledge-base article text', () => {
  test('markdown loses its markup, keeps its words and shows links with their address', () => {
    const body = [
      '## Returns',
      '',
      'Return **any item** within _14 days_, see [the policy](https://shop.example/p) or `/returns`.',
      '',
      '- one_two stays',
      '* 2*3 stays too',
      '',
      '> quoted ![logo](x.png)',
      '',
      '```',
      'code line',
      '```',
    ].join('\n');
    expect(plainParagraphs(body)).toEqual([
      'Returns',
      'Return any item within 14 days, see the policy (https://shop.example/p) or /returns.',
      '• one_two stays\n• 2*3 stays too',
      'quoted logo',
      'code line',
    ]);
  });

  test('the public link comes first when there is one', () => {
    expect(articleChoices({ body: 'Один.\n\nДва.', url: 'https://shop.example/help' })).toEqual([
      { kind: 'link', text: 'https://shop.example/help' },
      { kind: 'paragraph', text: 'Один.' },
      { kind: 'paragraph', text: 'Два.' },
    ]);
    expect(articleChoices({ body: 'Один.', url: null })).toEqual([{ kind: 'paragraph', text: 'Один.' }]);
  });
});
