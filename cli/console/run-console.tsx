// Starting the console on a terminal: log in over HTTP, connect the tRPC WebSocket client, load
// the desk, and render the app on the alternate screen with the filtered keyboard input
// (stdin-filter.ts). Resolves when the operator quits. Used by `textdesk console` and the demo.
import { render } from 'ink';
import type { Lang } from '../../shared/schemas';
import { httpApiClient, wsApiClient } from '../api-client';
import { ConnectionWatch, trpcConsoleClient, type ConsoleClient } from './console-client';
import { ConsoleApp, type TerminalSize } from './console-app';
import { DeskModel } from './desk-model';
import { withScreenRenderer } from './screen-renderer';
import { filteredStdin } from './stdin-filter';

/** The HTTP base for a WebSocket URL: ws://host:port → http://host:port, wss → https. */
/**
 * How the console asks Ink to draw; shared with bench/console.ts so the figures are this app's.
 * Frames are drawn by screen-renderer.ts (see renderConsole), which rewrites only the rows that
 * changed: a keystroke in the composer costs one or two rows of output, not the whole screen.
 * Ink's own incremental renderer is off: it drifts a row per frame (screen-renderer.ts says why).
 */
export const CONSOLE_RENDER_OPTIONS = { exitOnCtrlC: false, maxFps: 60, incrementalRendering: false } as const;

/** Ink's `render`, drawing through the console's screen renderer (also used by bench/console.ts). */
export const renderConsole: typeof render = (node, options) => withScreenRenderer(() => render(node, options));

export function httpUrlFor(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/';
  return url.origin;
}

export async function connectConsole(wsUrl: string, login: string, password: string): Promise<ConsoleClient> {
  const { token } = await httpApiClient(httpUrlFor(wsUrl)).auth.login.mutate({ login, password });
  const watch = new ConnectionWatch();
  return trpcConsoleClient(wsApiClient(wsUrl, token, watch.hooks), watch);
}

export type RunConsoleOptions = {
  client: ConsoleClient;
  lang: Lang;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Called once the first frame is on screen (start-up measurements). */
  onFirstFrame?: () => void;
  /** The console of `textdesk demo`: its help says how to attach a dashboard. */
  demo?: boolean;
};

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

export async function runConsole({
  client,
  lang,
  stdin = process.stdin,
  stdout = process.stdout,
  onFirstFrame,
  demo = false,
}: RunConsoleOptions): Promise<void> {
  const model = new DeskModel(client);
  const useAltScreen = stdout.isTTY === true;
  if (useAltScreen) stdout.write(ALT_SCREEN_ON);
  const input = stdin.isTTY ? filteredStdin(stdin) : stdin;
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  let firstFrame = onFirstFrame;
  const sizeNow = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const consoleApp = (size: TerminalSize) => (
    <ConsoleApp model={model} lang={lang} onQuit={() => quit()} size={size} demo={demo} />
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
  // The frame is drawn before the snapshot arrives (status "connecting…"), then fills in.
  const started = model.start().catch((error: unknown) => model.say('error', (error as Error).message));
  try {
    await Promise.race([quitting, app.waitUntilExit()]);
  } finally {
    stdout.off('resize', onResize);
    model.stop();
    app.unmount();
    if ('detach' in input && typeof input.detach === 'function') input.detach();
    if (stdin.isTTY) stdin.setRawMode?.(false);
    stdin.pause();
    if (useAltScreen) stdout.write(ALT_SCREEN_OFF);
    await started;
    await client.close().catch(() => undefined);
  }
}
