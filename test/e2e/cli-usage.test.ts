// The binary as a newcomer meets it (issue 11, §6): unknown commands are errors that name the
// commands there are, a server URL is taken in either scheme (and a wrong one is explained),
// TEXTDESK_URL / TEXTDESK_USER / TEXTDESK_PASSWORD stand in for the flags, and a server that
// cannot start says why in one line instead of a stack trace.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, tempDataDir, type TestServer } from '../helpers/server';

let t: TestServer;
/** Each test runs the binary a few times, each start a second or more when the machine is busy. */
const RUNS_OF_THE_BINARY = 90_000;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Exactly one line on stderr, and no stack frame in it. */
function expectOneLine(result: CliResult): void {
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('unknown commands', { timeout: RUNS_OF_THE_BINARY }, () => {
  it('fail and name the commands that exist, with or without --help', async () => {
    // `forecast` was the example here until it became a command (issue 19).
    for (const args of [['schedule'], ['schedule', '--help'], ['help', 'schedule']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(
        "error: unknown command 'schedule': textdesk has server, admin, console, demo, dashboard, report, forecast, load, search",
      );
      expect(result.stdout).toBe('');
    }
  });

  it('fail at any depth, naming that level’s commands', async () => {
    const result = await runCli(['admin', 'channel', 'rename', '--help']);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      "error: unknown command 'rename': textdesk admin channel has add, set, delete, list, test",
    );
  });

  it('leave help for commands that exist alone', async () => {
    const result = await runCli(['admin', 'queue', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: textdesk admin queue/);
    expect(result.stdout).toMatch(/^ {2}delete /m);
  });
});

describe('server URLs', { timeout: RUNS_OF_THE_BINARY }, () => {
  it('work in either scheme for every client command', async () => {
    const env = { TEXTDESK_PASSWORD: ADMIN_PASSWORD };
    const admin = await runCli(['admin', '--url', t.server.wsUrl, '--json', 'queue', 'list'], env);
    expect(admin).toMatchObject({ code: 0, stdout: '[]\n' });
    const dashboard = await runCli(['dashboard', '--url', t.server.url, '--user', 'admin', '--once', '--json'], env);
    expect(dashboard.code).toBe(0);
    expect(JSON.parse(dashboard.stdout)).toMatchObject({ queues: [], alerts: [] });
    const report = await runCli(
      ['report', '--url', t.server.wsUrl, '--user', 'admin', '--from', '2026-01-01', '--to', '2026-01-02'],
      env,
    );
    expect(report.code).toBe(0);
    expect(report.stdout.split('\n')[0]).toMatch(/^key,name,/);
  });

  it('come from TEXTDESK_URL and TEXTDESK_USER when no flag gives them', async () => {
    await t.admin.admin.createOperator.mutate({
      login: 'sasha',
      name: 'Sasha',
      password: 'sasha-password',
      role: 'supervisor',
    });
    const env = { TEXTDESK_URL: t.server.url, TEXTDESK_USER: 'sasha', TEXTDESK_PASSWORD: 'sasha-password' };
    const report = await runCli(['report', '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'json'], env);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ rows: expect.any(Array) });
    // sasha is a supervisor, not an admin: proof that the login came from TEXTDESK_USER.
    const admin = await runCli(['admin', 'queue', 'list'], env);
    expect(admin.code).toBe(1);
    expect(admin.stderr).toContain('admins only');
    // A flag still beats the environment.
    const asAdmin = await runCli(['admin', '--user', 'admin', 'queue', 'list'], {
      ...env,
      TEXTDESK_PASSWORD: ADMIN_PASSWORD,
    });
    expect(asAdmin.code).toBe(0);
  });

  it('in a scheme textdesk does not speak are refused, saying which ones it does', async () => {
    const ftp = 'ftp://127.0.0.1:4000';
    const results = await Promise.all([
      runCli(['admin', '--url', ftp, 'queue', 'list'], { TEXTDESK_PASSWORD: 'x' }),
      runCli(['report', '--url', ftp, '--from', '2026-01-01', '--to', '2026-01-02'], { TEXTDESK_PASSWORD: 'x' }),
      runCli(['dashboard', '--url', ftp, '--once'], { TEXTDESK_PASSWORD: 'x' }),
      runCli(['console', '--url', ftp, '--user', 'anna'], { TEXTDESK_PASSWORD: 'x' }),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /the server URL "ftp:\/\/127\.0\.0\.1:4000" uses ftp:\/\/, which textdesk does not speak: give http:\/\/HOST:PORT \(https:\/\/, ws:\/\/ and wss:\/\/ work too\)/,
      );
      expect(result.stderr).not.toContain('running');
      expectOneLine(result);
    }
    const bare = await runCli(['admin', '--url', 'localhost:4000', 'queue', 'list'], { TEXTDESK_PASSWORD: 'x' });
    expect(bare.stderr).toContain('has no scheme: did you mean http://localhost:4000?');
  });
});

describe('a server that cannot start', { timeout: RUNS_OF_THE_BINARY }, () => {
  it('says the port is taken, in one line, and exits 1', async () => {
    const dataDir = tempDataDir();
    const result = await runCli(['server', '--port', String(t.server.port), '--data', dataDir]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `textdesk server: port ${t.server.port} on 127.0.0.1 is already in use (another textdesk server?): ` +
        'stop it, or start this one with --port N (0 picks a free port)\n',
    );
  });

  it('says the data directory belongs to another server, in one line, and exits 1', async () => {
    const result = await runCli(['server', '--port', '0', '--data', t.dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `textdesk server: the data directory ${t.dataDir} is in use by another textdesk server: ` +
        'stop that one, or give this one its own directory with --data DIR\n',
    );
  });
});
