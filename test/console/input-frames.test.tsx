// A keystroke's frame is written at once, not at the end of Ink's 60 fps frame throttle
// (cli/console/input-frames.ts; issue 13 §5). Ink's throttle timer is faked and never fires here,
// so a frame that waited for it would never come: each key must be on screen after a few turns
// of the event loop, with no time passing.
import { restoreCiEnvironment } from './terminal-outside-ci';
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { ConsoleApp } from '../../cli/console/console-app';
import { DeskModel } from '../../cli/console/desk-model';
import { lastFrameWork } from '../../cli/console/frame-caches';
import { CONSOLE_RENDER_OPTIONS, renderConsole } from '../../cli/console/run-console';
import { FakeDesk, FakeKeyboard, NOW } from './fake-desk';
import { nextTick } from './helpers';

afterAll(restoreCiEnvironment);
afterEach(() => {
  vi.useRealTimers();
});

/** A terminal on the alternate screen, as the console draws on it: only changed rows are written. */
class Terminal extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write = (data: string) => {
    this.written += data;
    return true;
  };
}

async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await nextTick();
}

test('keys typed faster than 60 a second are each drawn at once, without waiting for the frame throttle', async () => {
  // Timers and the clock stand still; setImmediate and microtasks run.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const model = new DeskModel(new FakeDesk(), () => NOW);
  const stdout = new Terminal();
  const stdin = new FakeKeyboard();
  const app = renderConsole(
    <ConsoleApp model={model} lang="en" onQuit={() => undefined} now={() => NOW} tickMs={0} />,
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      ...CONSOLE_RENDER_OPTIONS,
      patchConsole: false,
    },
  );
  try {
    await model.start();
    // What the desk's start drew within the throttle window is flushed; the window closes.
    await vi.advanceTimersByTimeAsync(100);
    for (const key of ['q', 'w', 'e', 'r', 't', 'y']) {
      stdout.written = '';
      stdin.write(key);
      await turns(5);
      expect(stdout.written, `the frame for "${key}"`).toContain(key);
    }
    // Drawn through frame-caches.ts: the key's frame built the composer's row and nothing else.
    expect(lastFrameWork).toEqual({ linesTokenised: 1, rowsBuilt: 1 });
  } finally {
    app.unmount();
    model.stop();
  }
});
