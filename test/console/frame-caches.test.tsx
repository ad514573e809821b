// The console's output step (cli/console/frame-caches.ts) draws every frame exactly as Ink's own
// does: both run on each frame of a session (typing Cyrillic, CJK and emoji, switching, scrolling,
// overlays) at several sizes, in colour, and the text must match, row for row.
import './force-styles';
import { afterEach, expect, test } from 'vitest';
import InkOutput from '../../node_modules/ink/build/output.js';
import { inkOutputGet, lastFrameWork, shareOutputCaches, TwoGenerationMemo } from '../../cli/console/frame-caches';
import { start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, message, NOW } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

function desk(): FakeDesk {
  const desk = new FakeDesk();
  const names = ['Анна Смирнова', '王芳', 'Sam 🚀', 'Zoë \x1b]0;PWNED\x07', 'John Smith'];
  desk.conversations = names.map((customerName, i) =>
    conversation(`c${i}`, {
      customerName,
      waitingSince: NOW - 20_000 * i,
      slaDueAt: NOW + 20_000 * (i - 2),
      slaTargetMs: 60_000,
    }),
  );
  const texts = [
    'Здравствуйте! Не могу оплатить заказ картой, пишет ошибку банка, что делать?',
    '漢字かな交じりの長いメッセージです。よろしくお願いします。',
    'Спасибо 👍 👨‍👩‍👧 🇷🇺',
    'a line long enough to be cut at the edge of a narrow transcript pane, and then some more words',
  ];
  for (const c of desk.conversations)
    desk.transcripts.set(
      c.id,
      Array.from({ length: 60 }, (_, i) =>
        message(c.id, texts[i % texts.length], {
          author:
            i % 3 === 0
              ? { type: 'operator', id: 'op-me', name: 'Анна' }
              : { type: 'customer', id: null, name: c.customerName },
          createdAt: NOW - (60 - i) * 1000,
        }),
      ),
    );
  return desk;
}

test.each([
  [80, 24],
  [120, 40],
  [60, 20],
  [40, 10],
])('at %i×%i, every frame is the one Ink draws', async (columns, rows) => {
  shareOutputCaches();
  const cachedGet = InkOutput.prototype.get;
  const mismatches: Array<{ ours: string; inks: string }> = [];
  let compared = 0;
  InkOutput.prototype.get = function (this: InkOutput) {
    const ours = cachedGet.call(this);
    const inks = inkOutputGet.call(this);
    compared++;
    if (ours.output !== inks.output || ours.height !== inks.height)
      mismatches.push({ ours: ours.output, inks: inks.output });
    return ours;
  };
  try {
    const { app } = await start(desk(), { columns, rows, lang: 'ru' });
    await type(app, 'привет 漢字 🚀 hello ');
    await press(app, '\x1b2', KEYS.pageUp, KEYS.pageUp, KEYS.pageDown, '\x1b3');
    await type(app, 'Ещё строка, чтобы перенести черновик на вторую и третью строку композера');
    await press(app, '\x17', '\x0c', '\x0c', '\x1bh', KEYS.escape, '\x14', KEYS.escape, '\x1b1', '\x1b4');
  } finally {
    InkOutput.prototype.get = cachedGet;
  }
  expect(compared).toBeGreaterThan(40);
  expect(mismatches).toEqual([]);
});

test('a keystroke in the composer builds only the rows it changed, on a screen full of transcript', async () => {
  shareOutputCaches();
  const { app } = await start(desk(), { columns: 80, rows: 24, lang: 'ru' });
  await type(app, 'привет 漢字');
  const frames = app.frames.length;
  await press(app, 'ж');
  expect(app.frames.length).toBeGreaterThan(frames);
  expect(app.lastFrame()).toContain('привет 漢字ж');
  // The composer's line; the 22 other rows are the ones drawn before.
  expect(lastFrameWork).toEqual({ linesTokenised: 1, rowsBuilt: 1 });
});

test('a two-generation memo keeps what was read in the last generation and drops the rest', () => {
  const memo = new TwoGenerationMemo<string, number>(2);
  memo.set('a', 1);
  memo.set('b', 2);
  memo.set('c', 3); // a new generation: a and b are the previous one
  expect(memo.get('a')).toBe(1); // read: kept into the current generation
  memo.set('d', 4); // another: b, never read, is dropped
  expect(memo.get('b')).toBeUndefined();
  expect([memo.get('a'), memo.get('c'), memo.get('d')]).toEqual([1, 3, 4]);
});
