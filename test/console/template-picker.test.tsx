// The template picker: its view (TemplatePicker) and its keys (pickerKey), driven here by a
// harness that keeps the picker's state as the console does and reports what Enter/Esc decided.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { useReducer, useRef } from 'react';
import { useInput } from 'ink';
import type { Template } from '../../shared/schemas';
import type { SlashCommand } from '../../cli/console/keymap';
import { openPicker, pickerKey, TemplatePicker, type TemplatePickerProps } from '../../cli/console/template-picker';
import { KEYS, nextTick, press } from './helpers';

afterEach(cleanup);

const template = (id: string, name: string, text: string, useCount = 0): Template => ({
  id,
  name,
  text,
  lang: null,
  useCount,
});

const templates = [
  template('greet', 'Greeting', 'Hello {{customer.name|there}}, I am {{operator.name}}.', 3),
  template('refund', 'Refund', 'Your refund is on its way.', 10),
  template('hello-ru', 'Приветствие', 'Здравствуйте, {{customer.name|уважаемый клиент}}!', 7),
];

type HarnessProps = Omit<TemplatePickerProps, 'state'> & {
  onChoose: (text: string, template: Template) => void;
  onCommand: (command: SlashCommand) => void;
  onCancel: () => void;
};

/** Keeps the picker's state and feeds it keys, as the console's input handler does. */
function PickerHarness(props: HarnessProps) {
  const state = useRef(openPicker());
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useInput((input, key) => {
    const outcome = pickerKey(state.current, input, key, props);
    if (outcome.kind === 'edit') {
      state.current = outcome.state;
      rerender();
    }
    if (outcome.kind === 'choose') props.onChoose(outcome.text, outcome.template);
    if (outcome.kind === 'command') props.onCommand(outcome.command);
    if (outcome.kind === 'cancel') props.onCancel();
  });
  return <TemplatePicker state={state.current} {...props} />;
}

async function picker(overrides: Partial<HarnessProps> = {}) {
  const props: HarnessProps = {
    templates,
    usage: new Map(),
    vars: { 'customer.name': 'Анна', 'operator.name': 'Ivan' },
    lang: 'en',
    width: 60,
    onChoose: vi.fn(),
    onCommand: vi.fn(),
    onCancel: vi.fn(),
    ...overrides,
  };
  const app = render(<PickerHarness {...props} />);
  await nextTick();
  return { ...props, ...app, type: (...keys: string[]) => press(app, ...keys) };
}

const listed = (frame: string | undefined) =>
  (frame ?? '')
    .split('\n')
    .filter((line) => /^[› ] \S/.test(line))
    .map((line) => line.slice(2).split(' ')[0]);

describe('TemplatePicker', () => {
  test('lists the most used first and previews the first with variables filled', async () => {
    const app = await picker();
    expect(listed(app.lastFrame())).toEqual(['Refund', 'Приветствие', 'Greeting']);
    expect(app.lastFrame()).toContain('› Refund');
    expect(app.lastFrame()).toContain('Preview:\nYour refund is on its way.');
  });

  test('typing filters the list', async () => {
    const app = await picker();
    await app.type(...'greet');
    expect(listed(app.lastFrame())).toEqual(['Greeting']);
    expect(app.lastFrame()).toContain('Hello Анна, I am Ivan.');
  });

  test('a Russian query finds the Russian template', async () => {
    const app = await picker();
    await app.type(...'прив');
    expect(listed(app.lastFrame())).toEqual(['Приветствие']);
  });

  test('arrows move the selection; Enter returns the filled text', async () => {
    const app = await picker();
    await app.type(KEYS.down, KEYS.down, KEYS.enter);
    expect(app.onChoose).toHaveBeenCalledWith('Hello Анна, I am Ivan.', templates[0]);
  });

  test('the selection stops at the ends of the list', async () => {
    const app = await picker();
    await app.type(KEYS.up, KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    expect(app.lastFrame()).toContain('› Greeting');
  });

  test('the fallback fills in when the customer has no name', async () => {
    const app = await picker({ vars: { 'customer.name': null, 'operator.name': 'Иван' } });
    await app.type(KEYS.down, KEYS.enter);
    expect(app.onChoose).toHaveBeenCalledWith('Здравствуйте, уважаемый клиент!', templates[2]);
  });

  test('Esc cancels without choosing', async () => {
    const app = await picker();
    await app.type(KEYS.escape);
    expect(app.onCancel).toHaveBeenCalledOnce();
    expect(app.onChoose).not.toHaveBeenCalled();
  });

  test('nothing matches: says so, and Enter does nothing', async () => {
    const app = await picker();
    await app.type(...'qqq', KEYS.enter);
    expect(app.lastFrame()).toContain('No template matches');
    expect(app.onChoose).not.toHaveBeenCalled();
  });

  test('a query that is a slash command runs it on Enter', async () => {
    const app = await picker();
    await app.type(...'resolve billing');
    expect(app.lastFrame()).toContain('Enter runs /resolve billing — Resolve (close) the dialog');
    await app.type(KEYS.enter);
    expect(app.onCommand).toHaveBeenCalledWith({ action: 'dialog.resolve', args: 'billing' });
    expect(app.onChoose).not.toHaveBeenCalled();
  });

  // The preview is what will be sent: the stored name less its control characters (issue 13 §3).
  test('a customer name with escape sequences is inert in the preview, which shows what will be sent', async () => {
    const app = await picker({ vars: { 'customer.name': 'Eve\x1b]0;pwn\x07', 'operator.name': 'Ivan' } });
    await app.type(...'greet');
    expect(app.lastFrame()).toContain('Hello Eve]0;pwn, I am Ivan.');
    expect(app.lastFrame()).not.toMatch(/\x1b\]|\x07/);
  });

  test('speaks Russian', async () => {
    const app = await picker({ lang: 'ru', templates: [] });
    expect(app.lastFrame()).toContain('Шаблоны');
    expect(app.lastFrame()).toContain('Шаблонов пока нет');
  });
});
