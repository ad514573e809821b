// `--spawn`: the real `textdesk server` binary in a child process on a throwaway data directory
// and a free port, with a generated admin password; killed and cleaned up at the end. The flood
// limit per contact is raised by default, since a load test measures the server, not the limit.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../server-node-flags';

// The running binary says where it is (it may be the bundle, whose own URL is elsewhere).
const BINARY = process.env.TEXTDESK_BINARY ?? fileURLToPath(new URL('../textdesk.mjs', import.meta.url));
const LISTENING = /textdesk listening on (http:\/\/\S+) \(WebSocket (ws:\/\/\S+)\)/;
const START_TIMEOUT_MS = 30_000;

export interface SpawnedServer {
  url: string;
  wsUrl: string;
  pid: number;
  adminPassword: string;
  dataDir: string;
  /** The server's resident set size now, in bytes (Linux /proc; 0 elsewhere). */
  rssBytes(): number;
  /** CPU time the server has used so far, in ms (Linux /proc; 0 elsewhere). */
  cpuMs(): number;
  /** SIGTERM (so a --cpu-prof profile is written), SIGKILL after a timeout; removes the data. */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Extra arguments for node itself, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  logLevel?: string;
}

export const RELAXED_FLOOD_LIMIT = { TEXTDESK_CONTACT_RATE: '100000', TEXTDESK_CONTACT_BURST: '100000' };

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

export function processRssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status') ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

export function processCpuMs(pid: number): number {
  const stat = readProc(pid, 'stat');
  if (!stat) return 0;
  // Fields after the command name (which may contain spaces) — utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

export async function spawnServer(opts: SpawnOptions = {}): Promise<SpawnedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'textdesk-load-'));
  const adminPassword = randomBytes(12).toString('base64url');
  const child = spawn(
    process.execPath,
    [
      ...SERVER_NODE_FLAGS,
      ...(opts.nodeArgs ?? []),
      BINARY,
      'server',
      '--port',
      '0',
      '--data',
      dataDir,
      '--log-level',
      opts.logLevel ?? 'warn',
    ],
    {
      env: { ...process.env, ...RELAXED_FLOOD_LIMIT, ...opts.env, TEXTDESK_ADMIN_PASSWORD: adminPassword },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const removeDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  let match: RegExpExecArray;
  try {
    match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`textdesk server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)),
        START_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const m = LISTENING.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`textdesk server exited (code ${code}) before listening:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    removeDir();
    throw error;
  }
  // Keep draining its output (warnings) so a full pipe never blocks it; echo errors.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk}`));
  const pid = child.pid!;
  let stopping: Promise<void> | undefined;
  return {
    url: match[1],
    wsUrl: match[2],
    pid,
    adminPassword,
    dataDir,
    rssBytes: () => processRssBytes(pid),
    cpuMs: () => processCpuMs(pid),
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(killer);
        }
        removeDir();
      })()),
  };
}
