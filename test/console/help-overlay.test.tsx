import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { HelpOverlay, helpLines } from '../../cli/console/help-overlay';
import { KEYMAP, bindingKeysLabel } from '../../cli/console/keymap';
import { KEYS, nextTick, press } from './helpers';

afterEach(cleanup);

async function help(lang: 'en' | 'ru', height = 100) {
  const onClose = vi.fn();
  const app = render(<HelpOverlay lang={lang} width={100} height={height} onClose={onClose} />);
  await nextTick();
  return { ...app, onClose, type: (...keys: string[]) => press(app, ...keys) };
}

describe('HelpOverlay', () => {
  for (const lang of ['en', 'ru'] as const) {
    test(`lists every action with its keys and slash command (${lang})`, async () => {
      const frame = (await help(lang)).lastFrame() ?? '';
      for (const binding of KEYMAP) {
        const row = frame.split('\n').find((line) => line.includes(binding.description[lang]));
        expect(row, binding.action).toBeDefined();
        expect(row).toContain(bindingKeysLabel(binding));
        if (binding.slash) expect(row).toContain(`/${binding.slash}`);
      }
    });
  }

  test('groups bindings under a heading per context', async () => {
    const frame = (await help('en')).lastFrame() ?? '';
    const order = ['Anywhere', 'Writing a reply', 'Template picker', 'This help'].map((heading) =>
      frame.indexOf(`\n${heading}\n`),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(frame).toContain('  Ctrl+R                Resolve (close) the dialog  /resolve [TAG] [OUTCOME]');
  });

  test('speaks Russian', async () => {
    const frame = (await help('ru')).lastFrame() ?? '';
    expect(frame).toContain('Клавиши');
    expect(frame).toContain('При наборе ответа');
    expect(frame).toContain('Ctrl+R                Закрыть диалог  /resolve [ТЕГ] [ИТОГ]');
  });

  test('fits the height given and scrolls with the arrows', async () => {
    const app = await help('en', 6);
    expect(app.lastFrame()?.split('\n')).toHaveLength(6);
    expect(app.lastFrame()).toContain('\nAnywhere\n');
    await app.type(KEYS.down);
    expect(app.lastFrame()).not.toContain('\nAnywhere\n');
    expect(app.lastFrame()?.split('\n')[1]).toBe(helpLines('en')[1].text.trimEnd());
    await app.type(KEYS.up, KEYS.up);
    expect(app.lastFrame()).toContain('\nAnywhere\n');
  });

  test('does not scroll past the end', async () => {
    const app = await help('en', 6);
    await app.type(...Array.from({ length: 200 }, () => KEYS.pageDown));
    const lines = helpLines('en');
    expect(app.lastFrame()?.split('\n').at(-2)).toBe(lines[lines.length - 1].text.trimEnd());
  });

  test('Esc, q and ? close it', async () => {
    const app = await help('en');
    await app.type(KEYS.escape, 'q', '?');
    expect(app.onClose).toHaveBeenCalledTimes(3);
  });
});
