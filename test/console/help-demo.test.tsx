// A newcomer trying `textdesk demo` lands in the console; its help says how to watch the same demo
// from a dashboard in another terminal. Only the demo's console says so: elsewhere there is no
// demo to attach to.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, unmountAll } from './console-app-harness';
import { untilFrame } from './fake-desk';
import { press } from './helpers';

afterEach(unmountAll);

const COMMAND = 'eval "$(npx textdesk demo --print-env)"; npx textdesk dashboard';

async function help(opts: { demo?: boolean; columns?: number; lang?: 'en' | 'ru' }) {
  const { app } = await start(desk3(), { rows: 30, ...opts });
  await press(app, '?');
  const frame = await untilFrame(app, (f) => f.includes(opts.lang === 'ru' ? 'Везде' : 'Anywhere'));
  return frame.split('\n').map((line) => line.trimEnd());
}

test('the demo console help says how to attach a dashboard', async () => {
  const lines = await help({ demo: true, columns: 100 });
  expect(lines).toContain(`Attach a dashboard: ${COMMAND}`);
});

test('where the line does not fit, the command keeps a row of its own, whole', async () => {
  const lines = await help({ demo: true, columns: 80 });
  const at = lines.indexOf('Attach a dashboard:');
  expect(at).toBeGreaterThan(0);
  expect(lines[at + 1]).toBe(COMMAND);
});

test('in Russian too', async () => {
  const lines = await help({ demo: true, columns: 100, lang: 'ru' });
  expect(lines).toContain(`Подключить панель супервизора: ${COMMAND}`);
});

test('a console that is not the demo does not mention it', async () => {
  const lines = await help({ columns: 100 });
  expect(lines.join('\n')).not.toContain('npx textdesk demo');
  expect(lines.join('\n')).not.toContain('Attach a dashboard');
});
