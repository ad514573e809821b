// Starting the console on a terminal: render the app on the alternate screen with the filtered
// keyboard input (stdin-filter.ts), then — behind that first frame, whose status reads
// "connecting…" — log in over HTTP, connect the tRPC WebSocket client and load the desk. Resolves
// when the operator quits; a failed login restores the terminal and rejects with its error. Used
// by `textdesk console` and the demo.
import { render } from 'ink';
import type { Lang } from '../../shared/schemas';
import { pendingClient, type ConsoleClient } from './console-client';
import { ConsoleApp, type TerminalSize } from './console-app';
import { DeskModel } from './desk-model';
import { shareOutputCaches } from './frame-caches';
import { drawInputFramesAtOnce } from './input-frames';
import { withScreenRenderer } from './screen-renderer';
import { filteredStdin } from './stdin-filter';

/**
 * How the console asks Ink to draw; shared with bench/console.ts so the figures are this app's.
 * Frames are drawn by screen-renderer.ts (see renderConsole), which rewrites only the rows that
 * changed: a keystroke in the composer costs one or two rows of output, not the whole screen.
 * Ink's own incremental renderer is off: it drifts a row per frame (screen-renderer.ts says why).
 */
export const CONSOLE_RENDER_OPTIONS = { exitOnCtrlC: false, maxFps: 60, incrementalRendering: false } as const;

/**
 * Ink's `render`, drawing through the console's screen renderer, with Ink's output caches kept
 * from frame to frame (frame-caches.ts), and a keystroke's frame drawn without waiting for the
 * frame throttle (input-frames.ts); also used by bench/console.ts.
 */
export const renderConsole: typeof render = (node, options) => {
  shareOutputCaches();
  const app = withScreenRenderer(() => render(node, options));
  const streams = options && 'write' in options ? { stdout: options } : (options ?? {});
  drawInputFramesAtOnce(streams.stdout ?? process.stdout, streams.stdin ?? process.stdin);
  return app;
};

export type RunConsoleOptions = {
  /**
   * Logs in and connects (connect-console.ts). Called once the first frame is on screen: the
   * operator sees the console while the server checks the password. Should it fail, runConsole
   * restores the terminal and rejects with its error.
   */
  connect: () => Promise<ConsoleClient>;
  lang: Lang;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Called once the first frame is on screen (start-up measurements). */
  onFirstFrame?: () => void;
  /** The console of `textdesk demo`: its help says how to attach a dashboard. */
  demo?: boolean;
  /** The demo's shop page, named in its help. */
  demoSite?: string;
};

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

export async function runConsole({
  connect,
  lang,
  stdin = process.stdin,
  stdout = process.stdout,
  onFirstFrame,
  demo = false,
  demoSite,
}: RunConsoleOptions): Promise<void> {
  let startLogin: (client: Promise<ConsoleClient>) => void = () => undefined;
  const connecting = new Promise<ConsoleClient>((resolve) => (startLogin = resolve));
  const login: { settled: boolean; failed: boolean; error?: unknown } = { settled: false, failed: false };
  // Registered before the model's own calls, so a failed login is known here before they fail.
  const loginFailed = connecting.then(
    () => {
      login.settled = true;
      return new Promise<void>(() => undefined);
    },
    (error: unknown) => {
      Object.assign(login, { settled: true, failed: true, error });
    },
  );
  const client = pendingClient(connecting);
  const model = new DeskModel(client);
  model.lang = lang;
  const useAltScreen = stdout.isTTY === true;
  if (useAltScreen) stdout.write(ALT_SCREEN_ON);
  const input = stdin.isTTY ? filteredStdin(stdin) : stdin;
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  let firstFrame = onFirstFrame;
  const sizeNow = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const consoleApp = (size: TerminalSize) => (
    <ConsoleApp model={model} lang={lang} onQuit={() => quit()} size={size} demo={demo} demoSite={demoSite} />
  );
  // Rows are addressed from the top-left corner, which only the alternate screen guarantees.
  const mount = useAltScreen ? renderConsole : render;
  const app = mount(consoleApp(sizeNow()), {
    stdin: input,
    stdout,
    ...CONSOLE_RENDER_OPTIONS,
    patchConsole: true,
    onRender: () => {
      firstFrame?.();
      firstFrame = undefined;
    },
  });
  // On a resize Ink draws at once, from the tree it has: one laid out for the old size, taller than
  // a shrunken terminal. Ahead of Ink's listener, the tree is re-rendered for the new size
  // (rerender is synchronous; a state update in a hook would land after Ink's draw).
  const onResize = () => app.rerender(consoleApp(sizeNow()));
  stdout.prependListener('resize', onResize);
  // The first frame is on screen (Ink draws it within render): now log in, then fill the desk in.
  startLogin(new Promise<ConsoleClient>((resolve) => resolve(connect())));
  const started = model.start().catch((error: unknown) => {
    if (!login.failed) model.say('error', (error as Error).message);
  });
  try {
    await Promise.race([quitting, app.waitUntilExit(), loginFailed]);
  } finally {
    stdout.off('resize', onResize);
    model.stop();
    app.unmount();
    if ('detach' in input && typeof input.detach === 'function') input.detach();
    if (stdin.isTTY) stdin.setRawMode?.(false);
    stdin.pause();
    if (useAltScreen) stdout.write(ALT_SCREEN_OFF);
    // Quitting while the login is under way does not wait for it (the server may never answer).
    if (login.settled) await started;
    await client.close().catch(() => undefined);
  }
  if (login.failed) throw login.error;
}
