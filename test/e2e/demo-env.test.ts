// Reaching a running demo from another terminal (issue 11, §6): while `npm start` holds one
// terminal with its console, `textdesk demo --print-env` prints the demo's address and a login
// as shell exports, so that the README's `eval "$(npx textdesk demo --print-env)"; npx textdesk
// dashboard` attaches a dashboard to it. The demo runs here as the real binary without a
// terminal, in a directory of its own.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { BINARY, runCli } from '../helpers/run-cli';

let dir: string;
let demo: ChildProcess;
let url: string;
let exited: Promise<number | null>;
let logFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-demo-env-'));
  demo = spawn(process.execPath, [BINARY, 'demo', '--port', '0', '--interval', '60000'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
  let output = '';
  let errors = '';
  demo.stderr!.setEncoding('utf8');
  demo.stderr!.on('data', (chunk: string) => (errors += chunk));
  url = await new Promise<string>((resolve, reject) => {
    demo.stdout!.setEncoding('utf8');
    demo.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const running = /textdesk demo running at (http:\/\/\S+)[\s\S]*server log: (\S+)/.exec(output);
      if (running) {
        logFile = running[2];
        resolve(running[1]);
      }
    });
    void exited.then((code) => reject(new Error(`the demo exited (${code}) before running:\n${output}${errors}`)));
  });
}, 60_000);

afterAll(async () => {
  if (demo.exitCode === null) demo.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a shell line in the demo's directory, as a newcomer would in a second terminal. */
function shell(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', line],
      // No TEXTDESK_* from the test run's own environment: only what --print-env gives.
      {
        cwd: dir,
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEXTDESK_'))),
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const textdesk = `'${process.execPath}' '${BINARY}'`;

// Each test runs the binary once or twice, a few seconds each when the machine is busy.
describe('textdesk demo --print-env', { timeout: 90_000 }, () => {
  it("prints the running demo's address and the demo supervisor's login as exports", async () => {
    const printed = await shell(`${textdesk} demo --print-env`);
    expect(printed).toMatchObject({
      code: 0,
      stdout: `export TEXTDESK_URL=${url} TEXTDESK_USER=demo TEXTDESK_PASSWORD=demo-password\n`,
    });
  });

  it('attaches a dashboard to the running demo, as the README says', async () => {
    const attached = await shell(`eval "$(${textdesk} demo --print-env)"; ${textdesk} dashboard --once`);
    expect(attached.stderr).toBe('');
    expect(attached.code).toBe(0);
    expect(attached.stdout).toMatch(/^queue General: waiting \d+/m);
    expect(attached.stdout).toMatch(/^queue VIP: waiting \d+/m);
  });

  it('gives the admin login for admin commands', async () => {
    const queues = await shell(`eval $(${textdesk} demo --print-env admin); ${textdesk} admin --json queue list`);
    expect(queues.code).toBe(0);
    expect(JSON.parse(queues.stdout).map((q: { id: string }) => q.id)).toEqual([
      'general',
      'vip',
      'shop',
      'messengers',
    ]);
  });

  it('shows a Telegram and an SMS dialog among its conversations (issue 16)', async () => {
    let token: string | null = null;
    const admin = httpApiClient(url, () => token);
    token = (await admin.auth.login.mutate({ login: 'admin', password: 'demo-admin-password' })).token;
    await expect
      .poll(async () => new Set((await admin.supervisor.snapshot.query()).conversations.map((c) => c.channelKind)), {
        timeout: 20_000,
      })
      .toSatisfy((kinds: Set<string | undefined>) => kinds.has('telegram') && kinds.has('sms'));
  });

  it('deletes its temporary store when its terminal hangs up, then says no demo runs', async () => {
    expect(fs.existsSync(logFile)).toBe(true);
    demo.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.dirname(logFile))).toBe(false);
    const printed = await runCli(['demo', '--print-env', '--dir', path.join(dir, '.textdesk-demo')]);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toBe('');
    expect(printed.stderr).toBe(
      `textdesk demo: no demo is running: ${path.join(dir, '.textdesk-demo', 'demo.json')} does not exist; ` +
        'start one from this directory with `npm start`\n',
    );
  });
});
