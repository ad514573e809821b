// Issue 13 §2: Enter in the template picker inserts the template into the draft and does nothing
// else; only a later Enter, in the composer, sends it. Before the fix the picker and the console
// each had a useInput hook, Ink called both for the same Enter, and when the picker's ran first
// (after any redraw of the whole console: the clock's tick, a feed event) the console then saw an
// Enter in the composer and sent the template unreviewed.
import { afterEach, describe, expect, test } from 'vitest';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { message, untilFrame, type FakeDesk, type Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const GREETING = 'Hello Late Lena, this is Анна.';
const PRIVET = 'Здравствуйте, Late Lena!';

function withTemplates(): FakeDesk {
  const desk = desk3();
  desk.templateList = [
    {
      id: 't1',
      name: 'Greeting',
      text: 'Hello {{customer.name}}, this is {{operator.name}}.',
      lang: 'en',
      useCount: 0,
    },
    { id: 't2', name: 'Приветствие', text: 'Здравствуйте, {{customer.name}}!', lang: 'ru', useCount: 0 },
  ];
  return desk;
}

/** The composer: the rows under the "Reply →" bar. */
const composerOf = (frame: string) => frame.split('\n').slice(-2).join('\n');

/** The whole console redraws, as it does every second for its timers or on any feed event. */
async function redrawAll(desk: FakeDesk, app: Rendered) {
  desk.emit({ type: 'message.created', message: message('calm', 'still there?') });
  await press(app);
}

async function expectInsertedNotSent(desk: FakeDesk, app: Rendered, text: string) {
  const frame = await untilFrame(app, (f) => !f.includes('Templates') && composerOf(f).includes(text));
  expect(desk.callsOf('send')).toEqual([]);
  expect(frame).not.toContain(`> You: ${text}`);
}

async function expectSentOnce(desk: FakeDesk, app: Rendered, text: string) {
  await press(app, KEYS.enter);
  await untilFrame(app, (f) => f.includes(`> You: ${text}`));
  expect(desk.callsOf('send')).toEqual([expect.objectContaining({ conversationId: 'late', text })]);
}

describe('Enter in the template picker inserts, and only a second Enter sends', () => {
  test('key by key, with the console redrawn while the picker is open', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, KEYS.ctrl('t'));
    await type(app, 'greet');
    await redrawAll(desk, app);
    await press(app, KEYS.enter);
    await expectInsertedNotSent(desk, app, GREETING);
    await expectSentOnce(desk, app, GREETING);
  });

  test('Enter right after opening the picker (no search typed)', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, '/', KEYS.enter);
    await expectInsertedNotSent(desk, app, GREETING);
    await expectSentOnce(desk, app, GREETING);
  });

  test('Ctrl+T, a Latin search and Enter in one chunk', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, `${KEYS.ctrl('t')}greet${KEYS.enter}`);
    await expectInsertedNotSent(desk, app, GREETING);
    await expectSentOnce(desk, app, GREETING);
  });

  test('Ctrl+T, a Cyrillic search and Enter in one chunk', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, `${KEYS.ctrl('t')}прив${KEYS.enter}`);
    await expectInsertedNotSent(desk, app, PRIVET);
    await expectSentOnce(desk, app, PRIVET);
  });

  test('in one chunk with a Backspace in the search: each key is handled in turn', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, `${KEYS.ctrl('t')}prx${KEYS.backspace}${KEYS.backspace}${KEYS.backspace}greet${KEYS.enter}`);
    await expectInsertedNotSent(desk, app, GREETING);
  });

  test('a second Enter in the same chunk is pressed in the composer, and sends once', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, `${KEYS.ctrl('t')}greet${KEYS.enter}${KEYS.enter}`);
    await untilFrame(app, (f) => f.includes(`> You: ${GREETING}`));
    expect(desk.callsOf('send')).toEqual([expect.objectContaining({ text: GREETING })]);
  });

  test('a paste with line breaks stays text in the draft and sends nothing', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await press(app, 'first line\rsecond line\r');
    await untilFrame(app, (f) => composerOf(f).includes('second line'));
    expect(desk.callsOf('send')).toEqual([]);
  });
});

describe('Enter in a form does not also send the draft', () => {
  test('resolve form submitted with a draft waiting, after a redraw', async () => {
    const desk = withTemplates();
    const { app } = await start(desk);
    await type(app, 'draft');
    await press(app, KEYS.ctrl('r'));
    await type(app, 'billing');
    await redrawAll(desk, app);
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('✓ Resolved'));
    expect(desk.callsOf('resolve')).toEqual([{ conversationId: 'late', tag: 'billing' }]);
    expect(desk.callsOf('send')).toEqual([]);
  });
});
