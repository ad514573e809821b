import './force-styles';
import { afterEach, describe, expect, test } from 'vitest';
import { useRef, useState } from 'react';
import { useInput } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { Composer, applyComposerKey, scrollToCursor } from '../../cli/console/composer';
import { emptyComposer, type ComposerState } from '../../cli/console/composer-state';
import { draftOf, noDrafts, withDraft } from '../../cli/console/drafts';
import { KEYS, draft, nextTick, press, shown, stopForcingStyles, withCursor } from './helpers';

stopForcingStyles();
afterEach(cleanup);

const FAMILY = '👨‍👩‍👧‍👦';

/** The console in miniature: one useInput handler feeding the composer, reporting non-edit keys. */
function Harness({
  width,
  maxLines,
  initial,
  onKey,
  onDraft,
}: {
  width: number;
  maxLines: number;
  initial?: ComposerState;
  onKey?: (input: string) => void;
  onDraft: (state: ComposerState) => void;
}) {
  const [state, setState] = useState(initial ?? emptyComposer);
  // Keys can arrive faster than React re-renders (and re-subscribes the handler), so the
  // handler reads the latest draft from a ref, never from a stale closure.
  const latest = useRef(state);
  useInput((input, key) => {
    const next = applyComposerKey(latest.current, input, key, width);
    if (next) {
      latest.current = next;
      onDraft(next);
      setState(next);
    } else onKey?.(input);
  });
  return <Composer state={state} width={width} maxLines={maxLines} lang="en" />;
}

async function typing(props: Omit<Parameters<typeof Harness>[0], 'onDraft'>) {
  let latest = props.initial ?? emptyComposer;
  const app = render(<Harness {...props} onDraft={(state) => (latest = state)} />);
  await nextTick();
  return {
    type: (...sequences: string[]) => press(app, ...sequences),
    screen: () => withCursor(app.lastFrame()),
    state: () => shown(latest),
  };
}

describe('Composer rendering', () => {
  test('an empty draft shows the cursor and the placeholder', () => {
    const { lastFrame } = render(<Composer state={emptyComposer} width={30} maxLines={3} lang="en" />);
    expect(withCursor(lastFrame())).toBe('[ ]Type a reply · Enter sends ·…');
  });

  test('the placeholder speaks Russian', () => {
    const { lastFrame } = render(<Composer state={emptyComposer} width={30} maxLines={3} lang="ru" />);
    expect(withCursor(lastFrame())).toMatch(/^\[ \]Введите ответ/);
  });

  test('the cursor is an inverse cell on the grapheme it stands on', () => {
    const { lastFrame } = render(<Composer state={draft(`a|${FAMILY}b`)} width={30} maxLines={3} lang="en" />);
    expect(withCursor(lastFrame())).toBe(`a[${FAMILY}]b`);
  });

  test('at the end of the text the cursor is an inverse space', () => {
    const { lastFrame } = render(<Composer state={draft('привет|')} width={30} maxLines={3} lang="en" />);
    expect(withCursor(lastFrame())).toBe('привет[ ]');
  });

  test('wraps at the pane width less one column, with wide characters counted as two', () => {
    const { lastFrame } = render(<Composer state={draft('你好世界 hello|')} width={6} maxLines={5} lang="en" />);
    expect(withCursor(lastFrame())).toBe('你好\n世界\nhello[ ]');
  });

  test('shows at most maxLines, scrolled to the cursor', () => {
    const { lastFrame } = render(<Composer state={draft('1\n2\n3\n4\n5|')} width={10} maxLines={2} lang="en" />);
    expect(withCursor(lastFrame())).toBe('4\n5[ ]');
  });

  test('never draws untrusted control characters raw', () => {
    const { lastFrame } = render(
      <Composer state={{ text: 'x\x1b]0;t\x07', cursor: 0 }} width={30} maxLines={2} lang="en" />,
    );
    expect(lastFrame()).not.toMatch(/\x1b\]|\x07/);
  });
});

describe('Composer typing through applyComposerKey', () => {
  test('typing Russian and moving by word', async () => {
    const app = await typing({ width: 40, maxLines: 3 });
    await app.type(...'Добрый день'.split(''));
    expect(app.screen()).toBe('Добрый день[ ]');
    await app.type(KEYS.ctrl('w'));
    expect(app.state()).toBe('Добрый |');
    await app.type(KEYS.alt('b'), KEYS.ctrl('d'));
    expect(app.state()).toBe('|обрый ');
  });

  test('an emoji is one step for the arrows and one Backspace', async () => {
    const app = await typing({ width: 40, maxLines: 3, initial: draft(`ab${FAMILY}|`) });
    await app.type(KEYS.left);
    expect(app.state()).toBe(`ab|${FAMILY}`);
    await app.type(KEYS.right, KEYS.backspace);
    expect(app.state()).toBe('ab|');
  });

  test('Alt+Enter and Ctrl+O insert a newline; Enter is not an edit', async () => {
    const seen: string[] = [];
    const app = await typing({ width: 40, maxLines: 4, onKey: (input) => seen.push(input) });
    await app.type('a', KEYS.altEnter, 'b', KEYS.ctrl('o'), 'c', KEYS.enter);
    expect(app.state()).toBe('a\nb\nc|');
    expect(seen).toEqual(['\r']);
  });

  test('a multi-line paste arrives whole and is not sent by its line breaks', async () => {
    const app = await typing({ width: 40, maxLines: 4 });
    await app.type('первая строка\rвторая\r\nтретья');
    expect(app.state()).toBe('первая строка\nвторая\nтретья|');
  });

  test('a paste starting with "/" into an empty draft is text, not the template picker', async () => {
    const seen: string[] = [];
    const app = await typing({ width: 40, maxLines: 2, onKey: (input) => seen.push(input) });
    await app.type('/path/to/file');
    expect(app.state()).toBe('/path/to/file|');
    expect(seen).toEqual([]);
  });

  test('"/" typed into an empty draft is left to the console; typed later it is text', async () => {
    const seen: string[] = [];
    const app = await typing({ width: 40, maxLines: 2, onKey: (input) => seen.push(input) });
    await app.type('/', 'a', '/');
    expect(seen).toEqual(['/']);
    expect(app.state()).toBe('a/|');
  });

  test('Home/End and Ctrl+A/Ctrl+E, Ctrl+U and Alt+K work on the line', async () => {
    const app = await typing({ width: 40, maxLines: 3, initial: draft('one\ntw|o') });
    await app.type(KEYS.home);
    expect(app.state()).toBe('one\n|two');
    await app.type(KEYS.ctrl('e'), KEYS.ctrl('u'));
    expect(app.state()).toBe('one\n|');
    await app.type(KEYS.up, KEYS.ctrl('a'), KEYS.alt('k'));
    expect(app.state()).toBe('|\n');
  });

  test('up and down move across wrapped lines and the view scrolls with the cursor', async () => {
    const app = await typing({ width: 6, maxLines: 2, initial: draft('aaaa bbbb cccc|') });
    expect(app.screen()).toBe('bbbb\ncccc[ ]');
    await app.type(KEYS.up, KEYS.up);
    expect(app.screen()).toBe('aaaa[ ]\nbbbb');
  });

  test('unbound Ctrl and Alt keys type nothing', async () => {
    const app = await typing({ width: 40, maxLines: 2, initial: draft('x|') });
    await app.type('\x1f', KEYS.alt('z'), KEYS.ctrl('r'));
    expect(app.state()).toBe('x|');
  });
});

describe('scrollToCursor', () => {
  test('keeps the view still while the cursor is inside it', () => {
    expect(scrollToCursor(2, 3, 10, 3)).toBe(2);
  });

  test('scrolls just enough to reveal the cursor', () => {
    expect(scrollToCursor(0, 5, 10, 3)).toBe(3);
    expect(scrollToCursor(5, 1, 10, 3)).toBe(1);
  });

  test('pulls back when the text shrinks', () => {
    expect(scrollToCursor(8, 1, 2, 3)).toBe(0);
  });
});

describe('drafts per dialog', () => {
  test('each conversation keeps its own draft', () => {
    let drafts = withDraft(noDrafts, 'c1', draft('hello|'));
    drafts = withDraft(drafts, 'c2', draft('при|вет'));
    expect(shown(draftOf(drafts, 'c1'))).toBe('hello|');
    expect(shown(draftOf(drafts, 'c2'))).toBe('при|вет');
    expect(draftOf(drafts, 'c3')).toEqual(emptyComposer);
  });

  test('an emptied draft is dropped, and the original map is untouched', () => {
    const before = withDraft(noDrafts, 'c1', draft('x|'));
    const after = withDraft(before, 'c1', emptyComposer);
    expect(after.has('c1')).toBe(false);
    expect(before.has('c1')).toBe(true);
  });
});
