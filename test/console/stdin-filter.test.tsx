// The keyboard filter in front of Ink: ink#901 (a Ctrl-modified CSI key Ink has no name for
// crashes useInput) and ink#1013 (unknown sequences typed into the app as text); and keys that
// Ink hands over as one string because they came in one chunk (issue 13 §2).
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { Text, useInput } from 'ink';
import { render } from 'ink';
import { filteredStdin, filterTerminalInput, keypressesOf } from '../../cli/console/stdin-filter';
import { KEYS, nextTick } from './helpers';

describe('filterTerminalInput', () => {
  test('text, Cyrillic, emoji and control keys pass unchanged', () => {
    for (const input of [
      'hello',
      'Здравствуйте',
      '👩‍👩‍👧‍👦',
      '\r',
      '\x7f',
      KEYS.ctrl('n'),
      KEYS.alt('n'),
      KEYS.escape,
      KEYS.altEnter,
    ]) {
      expect(filterTerminalInput(input)).toBe(input);
    }
  });

  test('keys the keymap uses pass', () => {
    for (const key of [
      KEYS.up,
      KEYS.down,
      KEYS.left,
      KEYS.right,
      KEYS.pageUp,
      KEYS.pageDown,
      KEYS.home,
      KEYS.end,
      KEYS.delete,
      '\x1b[1;5D',
      '\x1b[1;3C',
      '\x1b\x1b[A',
      '\x1b[Z',
      '\x1b[[A',
      '\x1bOP',
      '\x1b[15~',
      '\x1b[5;5~',
    ]) {
      expect(filterTerminalInput(key)).toBe(key);
    }
  });

  test('the ink#901 crash sequences and unknown reports are dropped, the text around them kept', () => {
    for (const sequence of [
      '\x1b[1;5P',
      '\x1b[1;5Q',
      '\x1b[1;5R',
      '\x1b[1;5S',
      '\x1b[1;5I',
      '\x1b[1;5O',
      '\x1b[I',
      '\x1b[O',
      '\x1b[24;80R',
      '\x1b[<0;10;20M',
      '\x1b[?62;1;4c',
      '\x1b[200~',
    ]) {
      expect(filterTerminalInput(`a${sequence}b`)).toBe('ab');
    }
  });

  test('an incomplete sequence at the end of a chunk is left for Ink to complete', () => {
    expect(filterTerminalInput('x\x1b[1;')).toBe('x\x1b[1;');
  });
});

describe('filteredStdin in front of Ink', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  test('Ctrl+F1 (ESC[1;5P) does not crash useInput, and keys still arrive', async () => {
    const source = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: () => source,
      ref: () => source,
      unref: () => source,
    }) as unknown as NodeJS.ReadStream & PassThrough;
    const seen: string[] = [];
    function App() {
      useInput((input, key) => seen.push(key.upArrow ? 'up' : input));
      return <Text>app</Text>;
    }
    const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24 }) as unknown as NodeJS.WriteStream;
    const errors: unknown[] = [];
    const instance = render(<App />, {
      stdin: filteredStdin(source),
      stdout,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    instance.waitUntilExit().catch((error) => errors.push(error));
    stops.push(() => instance.unmount());
    await nextTick();
    for (const chunk of ['\x1b[1;5P', 'a', '\x1b[I', KEYS.up, 'ж']) {
      source.write(chunk);
      for (let i = 0; i < 5; i++) await nextTick();
    }
    expect(errors).toEqual([]);
    expect(seen).toEqual(['a', 'up', 'ж']);
  });
});

describe('keypressesOf: keys that came in one chunk', () => {
  const plain = { input: '', key: {} };
  /** Each keypress as a short name: "C-t", "Enter", "Del", or the text. */
  const names = (input: string) =>
    keypressesOf(input, plain.key as never).map(({ input: text, key }) =>
      key.ctrl ? `C-${text}` : key.return ? 'Enter' : key.delete ? 'Del' : key.tab ? 'Tab' : text,
    );

  test('Ctrl+T, a search and Enter come apart into the keys they were', () => {
    expect(names('\x14hel\r')).toEqual(['C-t', 'h', 'e', 'l', 'Enter']);
    expect(names('\x14прив\r')).toEqual(['C-t', 'п', 'р', 'и', 'в', 'Enter']);
    expect(names('ab\x7f\x7fc\t')).toEqual(['a', 'b', 'Del', 'Del', 'c', 'Tab']);
  });

  test('a paste stays whole, so an Enter inside it is a line break, not a send', () => {
    expect(keypressesOf('first line\rsecond line\r', plain.key as never)).toEqual([
      { input: 'first line\rsecond line\r', key: plain.key },
    ]);
  });

  test('one key is passed as Ink reported it', () => {
    const key = { ctrl: true } as never;
    expect(keypressesOf('t', key)).toEqual([{ input: 't', key }]);
    expect(keypressesOf('👩‍👩‍👧‍👦', plain.key as never)).toHaveLength(1);
  });
});
