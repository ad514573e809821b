// Issue 12 §4: password guessing is throttled per login and source address, over HTTP and the
// WebSocket alike; a right password from an address without failures still gets in; an admin
// can unlock a login; failures are logged with the address; and hashing a flood of guesses does
// not starve the server. Clients take distinct loopback addresses (127.0.x.y) as their source.
import fs from 'node:fs';
import http from 'node:http';
import { Writable } from 'node:stream';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { MAX_WAITING } from '../../server/desk/hashing-queue';
import { ManualClock } from '../../server/domain/clock';
import type { AppRouter } from '../../shared/api-types';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from '../helpers/server';
import type { ApiClient } from '../../cli/api-client';

interface Answer {
  status: number;
  code: string | null;
  message: string;
  retryAfterMs?: number;
}

/** POSTs auth.login from `from` (a loopback address), as a script would. */
function login(server: RunningServer, from: string, body: { login: string; password: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${server.url}/trpc/auth.login`,
      { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' }, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const parsed = JSON.parse(text) as {
            error?: { message: string; data: { code: string; retryAfterMs?: number } };
          };
          resolve({
            status: response.statusCode ?? 0,
            code: parsed.error?.data.code ?? null,
            message: parsed.error?.message ?? 'OK',
            retryAfterMs: parsed.error?.data.retryAfterMs,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** A tRPC WebSocket client whose socket leaves from `from`. */
function wsClientFrom(server: RunningServer, from: string) {
  class FromAddress extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { localAddress: from });
    }
  }
  const ws = createWSClient({ url: server.wsUrl, WebSocket: FromAddress as unknown as typeof globalThis.WebSocket });
  return { client: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), close: () => ws.close() };
}

/** Milliseconds of one GET /healthz, on a connection kept open as a monitor's would be. */
const monitor = new http.Agent({ keepAlive: true, maxSockets: 1 });
function healthz(server: RunningServer): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${server.url}/healthz`, { agent: monitor }, (response) => {
        response.resume();
        response.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

const wrong = (login: string) => ({ login, password: 'not-the-password' });

let server: RunningServer;
let dataDir: string;
let admin: ApiClient;
const clock = new ManualClock(Date.now());
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  const config = loadConfig({
    env: {},
    flags: { port: 0, logLevel: 'info', adminPassword: ADMIN_PASSWORD, data: dataDir },
  });
  const captured = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logLines.push(JSON.parse(line));
      done();
    },
  });
  server = await startServer(config, {
    clock,
    log: pino({ level: 'info' }, captured),
    onFatal: (error) => {
      throw error;
    },
  });
  admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  for (const login of ['anna', 'boris', 'vera', 'gleb']) {
    await admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password` });
  }
});

afterAll(async () => {
  monitor.destroy();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the login throttle', () => {
  it('refuses the 6th wrong password in a minute with TOO_MANY_REQUESTS saying when to retry, and lets a right one from another address in', async () => {
    const guesses: Answer[] = [];
    for (let i = 0; i < 6; i += 1) guesses.push(await login(server, '127.0.2.1', wrong('anna')));
    expect(guesses.slice(0, 5).map((a) => a.code)).toEqual(Array(5).fill('UNAUTHORIZED'));
    expect(guesses[5]).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', retryAfterMs: 12_000 });
    expect(guesses[5].message).toMatch(/try again in 12 s/);
    // The right password from the guesser's address waits too; from Anna's own address it works.
    expect((await login(server, '127.0.2.1', { login: 'anna', password: 'anna-password' })).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(await login(server, '127.0.2.2', { login: 'anna', password: 'anna-password' })).toMatchObject({
      status: 200,
      code: null,
    });
  });

  it('lets the next guess through once the window has moved on (an injected clock, no waiting)', async () => {
    for (let i = 0; i < 5; i += 1) await login(server, '127.0.3.1', wrong('boris'));
    expect((await login(server, '127.0.3.1', wrong('boris'))).code).toBe('TOO_MANY_REQUESTS');
    clock.advance(12_000);
    expect((await login(server, '127.0.3.1', wrong('boris'))).code).toBe('UNAUTHORIZED');
    expect((await login(server, '127.0.3.1', wrong('boris'))).code).toBe('TOO_MANY_REQUESTS');
  });

  it('throttles logins over the WebSocket by the address of its upgrade request', async () => {
    const guesser = wsClientFrom(server, '127.0.4.1');
    const owner = wsClientFrom(server, '127.0.4.2');
    try {
      const codes: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        codes.push(
          await guesser.client.auth.login.mutate(wrong('vera')).then(
            () => 'OK',
            (error: { data?: { code: string } }) => error.data?.code ?? 'no code',
          ),
        );
      }
      expect(codes).toEqual([...Array(5).fill('UNAUTHORIZED'), 'TOO_MANY_REQUESTS']);
      expect((await owner.client.auth.login.mutate({ login: 'vera', password: 'vera-password' })).token).toBeTruthy();
    } finally {
      await Promise.all([guesser.close(), owner.close()]);
    }
  });

  it('lets an admin unlock a login at once', async () => {
    for (let i = 0; i < 5; i += 1) await login(server, '127.0.5.1', wrong('gleb'));
    expect((await login(server, '127.0.5.1', { login: 'gleb', password: 'gleb-password' })).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    await admin.admin.resetLoginThrottle.mutate({ login: 'gleb' });
    expect((await login(server, '127.0.5.1', { login: 'gleb', password: 'gleb-password' })).code).toBeNull();
  });

  it('logs every failed login, and every refusal, with its source address', async () => {
    for (let i = 0; i < 6; i += 1) await login(server, '127.0.8.1', wrong('nobody'));
    const lines = logLines.filter((line) => line.address === '127.0.8.1');
    expect(lines.map((line) => [line.msg, line.login, line.level])).toEqual([
      ...Array(5).fill(['login failed', 'nobody', 40]),
      ['login refused by the throttle', 'nobody', 40],
    ]);
  });

  it(
    'keeps /healthz fast and a colleague able to log in while 200 guesses are hashed',
    { timeout: 90_000 },
    async () => {
      // The colleague logged in at their desk before; the monitor's connection is open.
      expect((await login(server, '127.0.7.1', { login: 'anna', password: 'anna-password' })).code).toBeNull();
      // The same monitor without the flood, in the same run: this machine's own floor.
      const quiet: number[] = [];
      for (let i = 0; i < 100; i++) quiet.push(await healthz(server));
      const floor = percentile(quiet, 99);
      // Spread over 40 addresses and logins, 5 each, all within the throttle, so that the guesses
      // reach the password hash: 200 from one address would mostly stop at the throttle, cheaply.
      const hashedAt: number[] = [];
      const guesses = Array.from({ length: 200 }, (_, i) =>
        login(server, `127.0.6.${(i % 40) + 1}`, wrong(`ghost-${i % 40}`)).then((answer) => {
          if (answer.code === 'UNAUTHORIZED') hashedAt.push(performance.now());
          return answer;
        }),
      );
      let settled = false;
      const flood = Promise.all(guesses).finally(() => (settled = true));
      const colleague = login(server, '127.0.7.1', { login: 'anna', password: 'anna-password' }).then((answer) => ({
        answer,
        at: performance.now(),
      }));
      const latencies: number[] = [];
      while (!settled) latencies.push(await healthz(server));
      const answers = await flood;
      const { answer, at } = await colleague;
      const p99 = percentile(latencies, 99);
      const hashedBefore = hashedAt.filter((t) => t < at).length;
      console.info(
        `200 guesses: ${hashedAt.length} hashed, the rest refused; /healthz p99 ${p99.toFixed(1)} ms over ${latencies.length} (${floor.toFixed(1)} ms without them); the colleague got in after ${hashedBefore} of them`,
      );
      // Hashing really ran, at least a lane's worth of waiters, and everything else was refused at once.
      expect(hashedAt.length).toBeGreaterThan(MAX_WAITING);
      expect(answers.every((a) => a.code === 'UNAUTHORIZED' || a.code === 'TOO_MANY_REQUESTS')).toBe(true);
      // The colleague did not wait for the flood: at their usual address they go ahead of it.
      expect(answer.code).toBeNull();
      expect(hashedBefore).toBeLessThan(hashedAt.length / 2);
      // Against what the same monitor measures without the flood, in the same run: a quiet machine
      // gives about 2 ms (so the bound is the 20 ms or less), a loaded one far more.
      // Unthrottled hashing measured 6x its floor (115 ms against 18 ms) and up to 294 ms.
      expect(latencies.length).toBeGreaterThanOrEqual(100);
      expect(p99).toBeLessThan(2 * floor + 10);
    },
  );
});
