// Starts the bare smtp-server sink (smtp-sink-server.ts) in its own process, so that it and the
// sending client each get an event loop, as textdesk's server does in the same bench.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from '../../cli/load/spawn-server';
import type { SmtpSinkStats } from './smtp-sink-server';

export interface SmtpSinkProcess {
  port: number;
  /** CPU ms the sink process has used so far. */
  cpuMs(): number;
  /** Stops the sink and returns its counters. */
  stop(): Promise<SmtpSinkStats>;
}

const SERVER = fileURLToPath(new URL('./smtp-sink-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT_MS = 15_000;

export async function startSmtpSinkProcess(): Promise<SmtpSinkProcess> {
  // Explicit execArgv: the parent may itself run under a test runner's loader.
  const child = fork(SERVER, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const nextMessage = <T>(what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`smtp sink: no ${what} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      child.once('message', (msg) => {
        clearTimeout(timer);
        resolve(msg as T);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`smtp sink exited with code ${code} before ${what}`));
      });
    });
  let port: number;
  try {
    ({ port } = await nextMessage<{ port: number }>('port'));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    port,
    cpuMs: () => processCpuMs(pid),
    async stop() {
      try {
        const stats = nextMessage<SmtpSinkStats>('stats');
        child.send('stop');
        return await stats;
      } finally {
        const killer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}
