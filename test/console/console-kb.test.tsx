// Issue 18 §5 in the console: Ctrl+K or /kb finds an article, Enter shows it in the transcript
// pane as plain text, ↑↓ choose a paragraph or the link, and Enter puts it into the draft — and
// does nothing else: only a later Enter, in the composer, sends. The use is recorded for reports.
import { afterEach, describe, expect, test } from 'vitest';
import type { KbArticle } from '../../shared/kb-schemas';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { NOW, untilFrame, type FakeDesk } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const RETURNS: KbArticle = {
  id: 'returns',
  title: 'Возврат товара',
  body: '## Сроки\n\nВернуть товар можно в течение **14 дней**.\n\nДеньги приходят за 3–5 дней.',
  tags: ['возврат'],
  lang: 'ru',
  url: 'https://shop.example/help/returns',
  createdAt: NOW,
  updatedAt: NOW,
};
const HOSTILE: KbArticle = {
  id: 'hostile',
  title: 'Evil \x1b]0;pwned\x07title',
  body: 'Paragraph with \x1b[31mred\x1b[0m and a bell\x07.',
  tags: [],
  lang: 'en',
  url: null,
  createdAt: NOW,
  updatedAt: NOW,
};

function withArticles(): FakeDesk {
  const desk = desk3();
  desk.kbArticles = [RETURNS, HOSTILE];
  return desk;
}

/** The composer: the rows under the "Reply →" bar. */
const composerOf = (frame: string) => frame.split('\n').slice(-2).join('\n');

describe('the knowledge base in the console', () => {
  test('Ctrl+K finds an article, Enter shows it, Enter inserts the chosen paragraph without sending', async () => {
    const desk = withArticles();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('k'));
    expect(await untilFrame(app, (f) => f.includes('Knowledge base'))).toContain('Type words to find articles');
    await type(app, 'возв');
    await untilFrame(app, (f) => f.includes('› Возврат товара'));
    await press(app, KEYS.enter);
    // The article, drawn plainly in the transcript pane: the link first, then each paragraph.
    const article = await untilFrame(app, (f) => f.includes('link: https://shop.example/help/returns'));
    expect(article).toContain('Вернуть товар можно в течение 14 дней.');
    expect(article).not.toContain('**');
    expect(article).not.toContain('##');
    expect(article).toContain('Late Lena'); // the hotlist stays beside it
    await press(app, KEYS.down);
    await press(app, KEYS.down);
    await untilFrame(app, (f) => f.includes('› Вернуть товар'));
    await press(app, KEYS.enter);
    const frame = await untilFrame(app, (f) => composerOf(f).includes('Вернуть товар можно в течение 14 дней.'));
    expect(frame).not.toContain('link: https://');
    expect(desk.callsOf('send')).toEqual([]);
    expect(desk.callsOf('kbUsed')).toEqual([{ articleId: 'returns', conversationId: 'late', kind: 'paragraph' }]);
    // Only Enter in the composer sends what was inserted.
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('> You: Вернуть товар'));
    expect(desk.callsOf('send')).toEqual([
      expect.objectContaining({ conversationId: 'late', text: 'Вернуть товар можно в течение 14 дней.' }),
    ]);
  });

  test('/kb TEXT searches at once; Enter on the link inserts the link', async () => {
    const desk = withArticles();
    const { app } = await start(desk);
    await type(app, '/kb деньги');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('› Возврат товара'));
    expect(desk.callsOf('kbSearch')).toEqual([{ query: 'деньги' }]);
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('› link: https://shop.example/help/returns'));
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => composerOf(f).includes('https://shop.example/help/returns'));
    expect(desk.callsOf('kbUsed')).toEqual([{ articleId: 'returns', conversationId: 'late', kind: 'link' }]);
    expect(desk.callsOf('send')).toEqual([]);
  });

  test('Esc goes from the article back to the results, and from them closes, the draft untouched', async () => {
    const desk = withArticles();
    const { app } = await start(desk);
    await type(app, 'draft');
    await press(app, KEYS.ctrl('k'));
    await type(app, 'возврат');
    await untilFrame(app, (f) => f.includes('› Возврат товара'));
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('link: https://'));
    await press(app, KEYS.escape);
    await untilFrame(app, (f) => f.includes('› Возврат товара') && !f.includes('link: https://'));
    await press(app, KEYS.escape);
    const frame = await untilFrame(app, (f) => !f.includes('Knowledge base'));
    expect(composerOf(frame)).toContain('draft');
    expect(desk.callsOf('kbUsed')).toEqual([]);
  });

  test('says so when nothing matches', async () => {
    const { app } = await start(withArticles());
    await press(app, KEYS.ctrl('k'));
    await type(app, 'zzz');
    expect(await untilFrame(app, (f) => f.includes('No article matches'))).toContain('Knowledge base');
  });

  test('escape sequences in an article never reach the terminal', async () => {
    const { app } = await start(withArticles());
    await press(app, KEYS.ctrl('k'));
    await type(app, 'evil');
    await untilFrame(app, (f) => f.includes('› Evil'));
    await press(app, KEYS.enter);
    const frame = await untilFrame(app, (f) => f.includes('Paragraph with'));
    expect(frame).not.toMatch(/\x1b\]|\x07|\x1b\[31m/);
    expect(frame).toContain('^[');
  });

  test('shows in the help overlay under its own heading', async () => {
    const { app } = await start(withArticles(), { columns: 140, rows: 80 });
    await press(app, '?');
    const help = await untilFrame(app, (f) => f.includes('Knowledge base (Ctrl+K)'));
    expect(help).toMatch(/Ctrl\+K\s+Knowledge base: insert a paragraph or link/);
    expect(help).toContain('/kb [SEARCH]');
  });
});
