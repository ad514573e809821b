// Issue 15: the demo's console runs on the alternate screen, where the line `textdesk demo`
// printed at start is out of sight; its help names the shop page to chat from as a customer.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, unmountAll } from './console-app-harness';
import { untilFrame } from './fake-desk';
import { press } from './helpers';

afterEach(unmountAll);

const SITE = 'http://127.0.0.1:41234/demo/site';

async function help(opts: { demo?: boolean; demoSite?: string; lang?: 'en' | 'ru' }) {
  const { app } = await start(desk3(), { rows: 30, columns: 100, ...opts });
  await press(app, '?');
  const frame = await untilFrame(app, (f) => f.includes(opts.lang === 'ru' ? 'Везде' : 'Anywhere'));
  return frame.split('\n').map((line) => line.trimEnd());
}

test('the demo console help names the shop page, in English and Russian', async () => {
  expect(await help({ demo: true, demoSite: SITE })).toContain(`Chat as a customer from the shop page: ${SITE}`);
  unmountAll();
  expect(await help({ demo: true, demoSite: SITE, lang: 'ru' })).toContain(
    `Написать как клиент со страницы магазина: ${SITE}`,
  );
});

test('a console that is not the demo names no shop page', async () => {
  expect((await help({ demoSite: SITE })).join('\n')).not.toContain(SITE);
});
