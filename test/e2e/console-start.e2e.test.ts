// Issue 13 §5: the console's start. Its first frame is drawn before the login completes (the
// server's password check is the slowest part of a start), in the language chosen on the command
// line; a login that fails — a wrong password, answered after that frame, or no server at all —
// still ends with one line and exit code 1, the terminal restored (off the alternate screen). The
// real binary in tmux, against a real server behind a proxy that holds the login until told.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startConsole, startConsoleDesk, tmuxOrSkip, type ConsoleDesk } from '../helpers/console-desk';
import { HeldLoginProxy } from '../helpers/held-login-proxy';
import type { TmuxTerminal } from '../helpers/tmux-terminal';

const SIZE = { columns: 100, rows: 30 };

const runs = tmuxOrSkip('test/e2e/console-start.e2e.test.ts');
let desk: ConsoleDesk;
let proxy: HeldLoginProxy;
let terminal: TmuxTerminal | undefined;

beforeAll(async () => {
  if (!runs) return;
  desk = await startConsoleDesk('ru', 'Вера');
  proxy = new HeldLoginProxy(desk.t.server.port);
  await proxy.start();
}, 60_000);

afterEach(() => {
  terminal?.close();
  terminal = undefined;
});

afterAll(async () => {
  await proxy?.close();
  await desk?.close();
});

/**
 * The exit status, and what the terminal shows once the console has exited (with the rows
 * scrolled off). A console that left the alternate screen leaves the main one, empty before it
 * started, with only what it printed after; one that stayed would leave its frame there.
 */
async function afterExit(term: TmuxTerminal): Promise<{ status: number; screen: string }> {
  const status = await term.exitStatus();
  // tmux notes the exit on the pane it keeps (remain-on-exit): not the program's output.
  const screen = term
    .screen({ history: true })
    .split('\n')
    .filter((line) => !line.startsWith('Pane is dead'))
    .join('\n');
  return { status, screen: screen.trim() };
}

describe.skipIf(!runs)('textdesk console start-up', () => {
  test('draws its first frame, in the language asked for, while the login is still held; then logs in', async () => {
    proxy.hold();
    const loginsBefore = proxy.logins;
    terminal = startConsole(desk, { ...SIZE, lang: 'ru', url: proxy.url });
    const frame = await terminal.waitFor(
      (s) => s.includes('подключение…') && s.includes('──'),
      'the first frame, with the status "connecting…"',
    );
    // The login has been sent and not answered, and nothing of the desk is known yet.
    await proxy.loginsArrived(loginsBefore + 1);
    expect(proxy.answered).toBe(loginsBefore);
    expect(frame).not.toContain('Вера');

    proxy.release();
    await terminal.waitFor((s) => s.includes('● на связи') && s.includes('Вера'), 'the desk, logged in and online');
    expect(proxy.answered).toBe(loginsBefore + 1);
    terminal.sendKeys(['C-q']);
    const { status, screen } = await afterExit(terminal);
    expect(status).toBe(0);
    expect(screen).toBe('');
  });

  test('a wrong password, refused after the first frame, ends with one line and exit code 1, off the alternate screen', async () => {
    proxy.hold();
    const loginsBefore = proxy.logins;
    terminal = startConsole(desk, { ...SIZE, lang: 'en', url: proxy.url, password: 'not-her-password' });
    await terminal.waitFor((s) => s.includes('connecting…') && s.includes('──'), 'the first frame');
    await proxy.loginsArrived(loginsBefore + 1);
    proxy.release();
    // The frame is gone with the alternate screen; the one line is all that is left.
    const { status, screen } = await afterExit(terminal);
    expect(status).toBe(1);
    expect(screen).toBe('textdesk console: login or password is wrong');
  });

  test('no server at the address ends with the same one line as before, exit code 1', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    // Wide enough for the line not to wrap.
    terminal = startConsole(desk, { columns: 200, rows: 30, lang: 'en', url: `http://127.0.0.1:${closed}` });
    const { status, screen } = await afterExit(terminal);
    expect(status).toBe(1);
    expect(screen).toBe(
      `textdesk console: cannot reach the server at http://127.0.0.1:${closed}: ` +
        'is `textdesk server` running there? (--url or TEXTDESK_URL says where)',
    );
  });
});
