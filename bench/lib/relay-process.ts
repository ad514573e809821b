// Starts the bare relay in its own process with a throwaway database, so the relay and the load
// driver each get an event loop (and on a 2-core machine, roughly a core) — the setup textdesk's
// server gets in the same benchmark.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from '../../cli/load/spawn-server';
import type { RelayStats } from './raw-relay-server';

export interface RelayProcess {
  /** ws://127.0.0.1:<port> */
  url: string;
  /** CPU ms the relay process has used so far. */
  cpuMs(): number;
  /** Stops the relay, removes its database and returns its counters; idempotent. */
  stop(): Promise<RelayStats>;
}

const SERVER = fileURLToPath(new URL('./raw-relay-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;

export async function startRawRelayProcess(): Promise<RelayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'textdesk-raw-relay-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  // Explicit execArgv: the parent may itself run under a test runner's loader.
  const child = fork(SERVER, [join(dir, 'relay.db')], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Resolves with the child's next IPC message, or rejects if it exits or times out first.
  const nextMessage = <T>(what: string, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`raw relay: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      child.once('message', (msg) => {
        clearTimeout(timer);
        resolve(msg as T);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`raw relay exited with code ${code} before ${what}`));
      });
    });

  let port: number;
  try {
    ({ port } = await nextMessage<{ port: number }>('port', START_TIMEOUT_MS));
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    removeDir();
    throw error;
  }

  const stop = async (): Promise<RelayStats> => {
    try {
      const stats = nextMessage<RelayStats>('stats', STOP_TIMEOUT_MS);
      child.send('stop');
      return await stats;
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      // The child exits by itself right after replying; the timer only guards a hang.
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
      removeDir();
    }
  };
  // Stopping twice (a test's body and its cleanup) returns the first outcome.
  let stopped: Promise<RelayStats> | undefined;
  return {
    url: `ws://127.0.0.1:${port}`,
    cpuMs: () => processCpuMs(child.pid!),
    stop: () => (stopped ??= stop()),
  };
}
