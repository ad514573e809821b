// Disk full (issue 12, §6) on a real, small file system: the data directory on an 8 MiB tmpfs,
// filled with a file until free space falls below the server's threshold. The desk then refuses
// new writes cleanly at every edge (HTTP 503 with Retry-After, a web chat error frame, tRPC
// SERVICE_UNAVAILABLE) while reads go on, says so in /metrics and in the supervisors' alerts,
// and takes messages again once the file is gone. A disk that fills after the check still stops
// the process by the commit rule (exit 70), and the restart keeps every acknowledged message.
// Mounting needs root: elsewhere these tests are skipped, with a line saying so.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsTick } from '../../shared/stats';
import { Arrivals } from '../helpers/arrivals';
import { postCustomerMessage } from '../helpers/customer';
import { BINARY } from '../helpers/run-cli';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const MIB = 1024 * 1024;
const THRESHOLD = 6 * MIB;

function mountTmpfs(dir: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'pipe' });
}

function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
  fs.rmdirSync(dir);
}

/** Why a tmpfs cannot be mounted here (null: it can), found by mounting and unmounting one. */
function whyNoMount(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-mount-probe-'));
  try {
    mountTmpfs(probe);
  } catch (error) {
    fs.rmdirSync(probe);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().split('\n')[0].trim();
    return `mount -t tmpfs failed: ${stderr || (error as Error).message}`;
  }
  unmount(probe);
  return null;
}

const noMount = whyNoMount();
if (noMount) console.warn(`disk-full tests (test/integration/disk-full.test.ts) not run: ${noMount}`);

async function freeBytes(dir: string): Promise<number> {
  const stats = await fs.promises.statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Writes a file of zeros that leaves `leave` bytes free on `dir`'s file system (to the page). */
async function fillTo(dir: string, leave: number): Promise<string> {
  const filler = path.join(dir, 'filler');
  fs.writeFileSync(filler, Buffer.alloc((await freeBytes(dir)) - leave));
  return filler;
}

/** The real `textdesk dashboard --json` against `url`: resolves with the first line that passes `wanted`. */
type DashboardLine = { alerts: Array<{ kind: string; text: string }> };

async function dashboardLine(url: string, wanted: (line: DashboardLine) => boolean): Promise<DashboardLine> {
  const child = spawn(process.execPath, [BINARY, 'dashboard', '--json', '--url', url], {
    env: { ...process.env, TEXTDESK_USER: 'admin', TEXTDESK_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    let buffered = '';
    for await (const chunk of child.stdout) {
      buffered += (chunk as Buffer).toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, end)) as DashboardLine;
        buffered = buffered.slice(end + 1);
        if (wanted(line)) return line;
      }
    }
    throw new Error(`textdesk dashboard ended (code ${await exited}) without the line wanted: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Writes zeros until the file system refuses another byte. */
function fillCompletely(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

async function trpcCode(call: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return { code: error.data?.code, message: error.message };
    throw error;
  }
  throw new Error('the call was not refused');
}

describe.skipIf(noMount !== null)('disk space low on the data directory (tmpfs)', () => {
  let mount: string;
  let t: TestServer;
  let secret: string;
  let filler: string;
  let olga: OperatorSession;
  let supervisor: OperatorSession;
  let visitor: WebchatVisitor;
  let conversationId: string;
  const ticks = new Arrivals<StatsTick>();

  const post = (id: string, text = 'hello') =>
    fetch(`${t.server.url}/channels/api/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, contact: { id: 'customer-1', name: 'Customer' }, text }),
    });
  const stored = (channelId: string, externalId: string) =>
    t.server.desk.ctx.store.get(t.server.desk.ctx.store.q.messageByExternalId, {
      channel_id: channelId,
      external_id: externalId,
    });
  const metrics = async () => (await fetch(`${t.server.url}/metrics`)).text();

  beforeAll(async () => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-disk-full-'));
    mountTmpfs(mount);
    t = await startTestServer({ data: path.join(mount, 'data'), minFreeBytes: THRESHOLD });
    await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 2 });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'support' }));
    await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'support', adapter: 'webchat' });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD);
    await new Promise<void>((resolve, reject) => {
      supervisor.api.supervisor.stats.subscribe(undefined, {
        onStarted: () => resolve(),
        onData: ticks.push,
        onError: reject,
      });
    });
    const before = await post('before-1');
    expect(before.status).toBe(202);
    ({ conversationId } = (await before.json()) as { conversationId: string });
    await olga.waitFor(isAssigned(conversationId));
    visitor = await WebchatVisitor.open(t.server.wsUrl, 'site');
    expect((await visitor.hello({ name: 'Visitor' })).type).toBe('welcome');

    expect(await freeBytes(mount)).toBeGreaterThan(THRESHOLD);
    expect((await t.server.disk!.check()).low).toBe(false);
    filler = await fillTo(mount, THRESHOLD - 256 * 1024);
    expect(await t.server.disk!.check()).toMatchObject({ low: true });
  });

  afterAll(async () => {
    visitor?.close();
    await olga?.close();
    await supervisor?.close();
    await t?.close();
    if (mount) unmount(mount);
  });

  it('the API channel answers 503 with Retry-After and stores nothing', async () => {
    const refused = await post('during-1');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /^disk space is low on the server \(\d+ MiB free\).*retry later/,
    );
    expect(await stored('api', 'during-1')).toBeUndefined();
    // A retry of a message stored before is still answered: it needs no write.
    const retried = await post('before-1');
    expect(retried.status).toBe(202);
    expect(await retried.json()).toMatchObject({ conversationId, duplicate: true });
  });

  it('web chat answers the message with an error frame saying to send it again', async () => {
    const answer = await visitor.say('w1', 'anyone there?');
    expect(answer).toMatchObject({ type: 'error', id: 'w1' });
    expect(answer.type === 'error' && answer.error).toMatch(/not stored.*send it again/);
    const welcome = visitor.frames.find((f) => f.type === 'welcome');
    const contactId = welcome?.type === 'welcome' ? welcome.contactId : '';
    expect(await stored('site', `${contactId}:w1`)).toBeUndefined();
  });

  it('tRPC mutations are refused with SERVICE_UNAVAILABLE; queries and logging in still work', async () => {
    const created = await trpcCode(t.admin.admin.createQueue.mutate({ id: 'billing', name: 'Billing' }));
    expect(created).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/disk space is low/) });
    const reply = await trpcCode(
      olga.api.operator.send.mutate({ conversationId, clientId: 'olga-during', text: 'Hello!' }),
    );
    expect(reply.code).toBe('SERVICE_UNAVAILABLE');
    expect((await t.admin.admin.listQueues.query()).map((q) => q.id)).toEqual(['support']);
    expect((await olga.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([conversationId]);
    // A supervisor must be able to log in to see the alert.
    const again = await loggedInHttpClient(t.server.url, 'admin', ADMIN_PASSWORD);
    expect((await again.supervisor.statsSnapshot.query()).queues.map((q) => q.queueId)).toEqual(['support']);
  });

  it('/metrics shows disk_low 1 and the free bytes; the dashboard gets the alert', async () => {
    const text = await metrics();
    expect(text).toMatch(/^textdesk_disk_low 1$/m);
    const free = Number(/^textdesk_disk_free_bytes (\d+)$/m.exec(text)?.[1]);
    expect(free).toBe(t.server.disk!.freeBytes);
    expect(free).toBeLessThan(THRESHOLD);
    t.server.stats.tick();
    // Raised once, by whichever tick came first since the disk went low (the server's own ticks
    // every second and may have beaten ours): the subscription started before the filler.
    const tick = await ticks.first((k) => k.alerts.some((a) => a.kind === 'disk_low'));
    const alert = tick.alerts.find((a) => a.kind === 'disk_low')!;
    expect(alert.severity).toBe('critical');
    expect(alert.text).toMatch(new RegExp(`^disk space low on the data directory: ${Math.floor(free / MIB)} MiB free`));
  });

  it('the real `textdesk dashboard --json` shows the alert', async () => {
    const line = await dashboardLine(t.server.url, (l) => l.alerts.some((a) => a.kind === 'disk_low'));
    expect(line.alerts.find((a) => a.kind === 'disk_low')!.text).toMatch(
      /^disk space low on the data directory: \d+ MiB free/,
    );
  });

  it('once the filler is removed the desk accepts messages and changes again', async () => {
    fs.unlinkSync(filler);
    expect(await t.server.disk!.check()).toMatchObject({ low: false });
    const accepted = await post('during-1');
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ conversationId, duplicate: false });
    expect(await visitor.say('w2', 'anyone there?')).toMatchObject({ type: 'ack', id: 'w2' });
    await t.admin.admin.createQueue.mutate({ id: 'billing', name: 'Billing' });
    await olga.api.operator.send.mutate({ conversationId, clientId: 'olga-after', text: 'Hello!' });
    expect(await metrics()).toMatch(/^textdesk_disk_low 0$/m);
  });
});

describe.skipIf(noMount !== null)('a disk that fills between the check and the commit (tmpfs)', () => {
  let mount: string;
  let server: ServerProcess | null = null;

  beforeAll(() => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-disk-full-'));
    mountTmpfs(mount);
  });

  afterAll(async () => {
    await server?.kill('SIGKILL');
    if (mount) unmount(mount);
  });

  it('stops the process with exit code 70; the restart keeps what was acknowledged', async () => {
    const data = path.join(mount, 'data');
    // Threshold 0: the guard never refuses, so the full disk is met by the commit itself.
    const env = { TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, TEXTDESK_MIN_FREE_BYTES: '0' };
    server = await ServerProcess.start({ dataDir: data, env });
    const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
    await admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
    const { secret } = await admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'support' });
    const message = (id: string) => ({ id, contact: { id: 'customer-1' }, text: `message ${id}` });
    expect((await postCustomerMessage(server.url, 'api', secret, message('a1'))).status).toBe(202);

    const filler = fillCompletely(mount);
    await expect(postCustomerMessage(server.url, 'api', secret, message('a2'))).rejects.toThrow();
    expect(await server.exited).toEqual({ code: 70, signal: null });
    expect(server.stdout).toMatch(/SQLITE_FULL/);
    expect(server.stdout).toMatch(/a commit failed: stopping so the next start rebuilds from disk/);

    fs.unlinkSync(filler);
    server = await ServerProcess.start({ dataDir: data, env });
    const again = await postCustomerMessage(server.url, 'api', secret, message('a1'));
    expect(again).toMatchObject({ status: 202, body: { duplicate: true } });
    const retried = await postCustomerMessage(server.url, 'api', secret, message('a2'));
    expect(retried).toMatchObject({ status: 202, body: { duplicate: false } });
  });
});
