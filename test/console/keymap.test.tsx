import { afterEach, describe, expect, test } from 'vitest';
import { Text, useInput } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import {
  KEYMAP,
  bindingKeysLabel,
  isEditAction,
  keyLabel,
  matchAction,
  parseSlashCommand,
  type ActionMatch,
  type KeyContext,
  type KeySpec,
} from '../../cli/console/keymap';
import { KEYS, nextTick, press, terminalSequence } from './helpers';

afterEach(cleanup);

/** Renders a component whose one useInput handler resolves keys through the keymap, as the console does. */
async function keyboard(context: KeyContext, composerEmpty = false) {
  const matches: Array<ActionMatch | null> = [];
  function Console() {
    useInput((input, key) => matches.push(matchAction(input, key, context, { composerEmpty })));
    return <Text>console</Text>;
  }
  const app = render(<Console />);
  await nextTick();
  return {
    async resolve(sequence: string): Promise<ActionMatch | null> {
      const before = matches.length;
      await press(app, sequence);
      expect(matches.length).toBe(before + 1);
      return matches[matches.length - 1];
    },
  };
}

/** The main screen is the composer context with the globals active on top of it. */
const screenOf = (context: KeyContext): KeyContext => (context === 'global' ? 'composer' : context);

describe('every binding resolves to its action through Ink', () => {
  for (const binding of KEYMAP) {
    for (const spec of binding.keys) {
      test(`${keyLabel(spec)} → ${binding.action} (${binding.context})`, async () => {
        const keys = await keyboard(screenOf(binding.context), spec.whenComposerEmpty === true);
        const match = await keys.resolve(terminalSequence(spec));
        expect(match?.action).toBe(binding.action);
        expect(match?.slot).toBe(spec.slot);
      });
    }
  }
});

describe('bindings do not collide', () => {
  const identity = (spec: KeySpec) =>
    `${spec.ctrl ? 'C-' : ''}${spec.alt ? 'M-' : ''}${spec.key ?? JSON.stringify(spec.input)}`;
  const active: Record<string, (context: KeyContext) => boolean> = {
    'main screen': (context) => context === 'global' || context === 'composer',
    picker: (context) => context === 'picker',
    kb: (context) => context === 'kb',
    search: (context) => context === 'search',
    help: (context) => context === 'help',
    form: (context) => context === 'form',
  };

  for (const [screen, isActive] of Object.entries(active)) {
    test(`no key means two things on the ${screen}`, () => {
      const seen = new Map<string, string>();
      for (const binding of KEYMAP.filter((b) => isActive(b.context))) {
        for (const spec of binding.keys) {
          const id = identity(spec);
          expect(seen.get(id), `${keyLabel(spec)} is bound twice`).toBeUndefined();
          seen.set(id, binding.action);
        }
      }
    });
  }

  test('quit works in every overlay; other global keys do not reach them', async () => {
    for (const context of ['picker', 'kb', 'search', 'help', 'form'] as const) {
      const keys = await keyboard(context);
      expect((await keys.resolve(KEYS.ctrl('c')))?.action).toBe('app.quit');
      expect(await keys.resolve(KEYS.ctrl('r'))).toBeNull();
    }
  });

  test('no binding uses a key that is another key in disguise', () => {
    for (const binding of KEYMAP) {
      for (const spec of binding.keys) {
        if (spec.ctrl && !spec.key) expect('hijm['.includes(spec.input ?? '')).toBe(false);
      }
    }
  });

  test('each action is bound in one context only', () => {
    const actions = KEYMAP.map((binding) => binding.action);
    expect(new Set(actions).size).toBe(actions.length);
  });
});

describe('typing is not an action', () => {
  test('"/" and "?" are actions only in an empty draft', async () => {
    const empty = await keyboard('composer', true);
    expect((await empty.resolve('/'))?.action).toBe('template.open');
    expect((await empty.resolve('?'))?.action).toBe('help.open');
    const writing = await keyboard('composer', false);
    expect(await writing.resolve('/')).toBeNull();
    expect(await writing.resolve('?')).toBeNull();
  });

  test('digits, Russian letters and a paste are text', async () => {
    const keys = await keyboard('composer', true);
    expect(await keys.resolve('1')).toBeNull();
    expect(await keys.resolve('ж')).toBeNull();
    expect(await keys.resolve('/resolve')).toBeNull();
  });

  test('Esc is not Alt: it does not trigger an Alt binding', async () => {
    const keys = await keyboard('composer');
    expect(await keys.resolve(KEYS.escape)).toBeNull();
  });
});

describe('slash commands', () => {
  test('every action outside editing, scrolling, sending and overlays has a slash command', () => {
    // Spelling works on the word at the cursor, which a typed command would replace.
    const exempt = (action: string) =>
      isEditAction(action as never) ||
      // The contact card's list and a read-only transcript are browsed with keys, never typed at.
      /^(transcript|picker|kb\.(?!open)|search\.(?!open)|spelling|form|card|readonly|help\.(close|scroll))/.test(
        action,
      ) ||
      action === 'message.send';
    for (const binding of KEYMAP) {
      if (!exempt(binding.action)) expect(binding.slash, binding.action).toBeTruthy();
    }
  });

  test('every slash command parses back to its action', () => {
    for (const binding of KEYMAP.filter((b) => b.slash)) {
      expect(parseSlashCommand(`/${binding.slash}`)).toEqual({ action: binding.action, args: '' });
    }
  });

  test('arguments are the rest of the text, trimmed; names ignore case', () => {
    expect(parseSlashCommand('/resolve  billing sold ')).toEqual({ action: 'dialog.resolve', args: 'billing sold' });
    expect(parseSlashCommand('/NOTE позвонить\nзавтра')).toEqual({ action: 'note.toggle', args: 'позвонить\nзавтра' });
    expect(parseSlashCommand('/go 3')).toEqual({ action: 'dialog.goto', args: '3' });
  });

  test('unknown commands, plain text and a doubled slash are not commands', () => {
    expect(parseSlashCommand('/reslove')).toBeNull();
    expect(parseSlashCommand('hello /resolve')).toBeNull();
    expect(parseSlashCommand('//resolve')).toBeNull();
    expect(parseSlashCommand('/')).toBeNull();
  });
});

describe('labels', () => {
  test('keys are written the way the help shows them', () => {
    expect(keyLabel({ input: 'n', ctrl: true })).toBe('Ctrl+N');
    expect(keyLabel({ key: 'return', alt: true })).toBe('Alt+Enter');
    expect(keyLabel({ input: 'b', alt: true })).toBe('Alt+B');
    expect(keyLabel({ key: 'left', ctrl: true })).toBe('Ctrl+←');
    expect(keyLabel({ input: '?', whenComposerEmpty: true })).toBe('?');
  });

  test('a run of nine keys is shortened', () => {
    const goto = KEYMAP.find((binding) => binding.action === 'dialog.goto')!;
    expect(bindingKeysLabel(goto)).toBe('Alt+1…Alt+9');
  });
});
