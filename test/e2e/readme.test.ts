// The README's set-up, run as written (issue 11, §6). The fenced blocks marked
// `<!-- readme-test: env -->` and `<!-- readme-test: setup -->` in README.md are run with bash in
// the checkout, the way a newcomer pastes them: the env block as it is, then the set-up block(s)
// with `set -e`, against a fresh server this test starts on a free port. The one thing the test
// changes is TEXTDESK_URL, to that server's port. A command that fails fails the test.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInHttpClient, tempDataDir } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The shell blocks that follow `<!-- readme-test: NAME -->`, in order. */
function markedBlocks(name: string): string[] {
  const marked = new RegExp(`<!-- readme-test: ${name} -->\\n\`\`\`(?:sh|bash)\\n([\\s\\S]*?)\`\`\``, 'g');
  return [...README.matchAll(marked)].map((m) => m[1]);
}

/** Without the TEXTDESK_* variables of whoever runs the tests: only what the README sets counts. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEXTDESK_')));

function bash(script: string, env: Record<string, string | undefined>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', ['-c', script], { cwd: ROOT, env, timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dataDir: string;
let server: ServerProcess;
let readmeEnv: Record<string, string>;

beforeAll(async () => {
  const [envBlock] = markedBlocks('env');
  // What the env block exports, read back from the shell that ran it.
  const exported = await bash(`${envBlock}\nenv -0`, cleanEnv);
  expect(exported.code, exported.stderr).toBe(0);
  readmeEnv = Object.fromEntries(
    exported.stdout
      .split('\0')
      .filter((line) => line.startsWith('TEXTDESK_'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  dataDir = tempDataDir();
  // The admin password is the one the README has the reader choose for the server's first start.
  server = await ServerProcess.start({
    dataDir,
    env: { ...cleanEnv, TEXTDESK_ADMIN_PASSWORD: readmeEnv.TEXTDESK_PASSWORD ?? '' },
  });
}, 60_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the README', () => {
  it('marks one env block and at least one set-up block', () => {
    expect(markedBlocks('env')).toHaveLength(1);
    expect(markedBlocks('setup').length).toBeGreaterThan(0);
  });

  it('has the reader set the server, the login and the password, and nothing else', () => {
    expect(Object.keys(readmeEnv).sort()).toEqual(['TEXTDESK_PASSWORD', 'TEXTDESK_URL', 'TEXTDESK_USER']);
    expect(readmeEnv.TEXTDESK_USER).toBe('admin');
    expect(readmeEnv.TEXTDESK_URL).toBe('http://127.0.0.1:4000');
  });

  it('runs every textdesk command through npx, since npm install puts no textdesk on the PATH', () => {
    const commands = markedBlocks('setup')
      .join('\n')
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((line) => line.trim() !== '');
    for (const command of commands) expect(command).toMatch(/^npx textdesk /);
  });

  it('sets up a fresh server with the set-up block, as written', async () => {
    const script = ['set -e', ...markedBlocks('setup')].join('\n');
    const ran = await bash(script, { ...cleanEnv, ...readmeEnv, TEXTDESK_URL: server.url });
    expect(ran.code, ran.stderr).toBe(0);
    // What the block says it does, checked on the server itself.
    const admin = await loggedInHttpClient(server.url, readmeEnv.TEXTDESK_USER, readmeEnv.TEXTDESK_PASSWORD);
    expect(await admin.admin.listQueues.query()).toEqual([
      { id: 'support', name: 'Support', skills: ['ru'], priority: 0 },
    ]);
    expect((await admin.admin.listOperators.query()).map((o) => o.login)).toEqual(['admin', 'anna']);
    expect(await admin.admin.listChannels.query()).toMatchObject([
      {
        id: 'site',
        queueId: 'support',
        medium: 'chat',
        settings: { webhookUrl: 'https://example.test/textdesk-hook' },
      },
    ]);
    expect(ran.stdout).toMatch(/^anna +Анна +operator +ru,en +3 /m);
  }, 180_000);
});
