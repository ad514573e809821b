// The real `textdesk server` binary as a child process, for tests that kill and restart it: port 0,
// a given data directory, ready once it prints its "listening" line.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BINARY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/textdesk.mjs');
const LISTENING = /textdesk listening on (http:\/\/\S+) \(WebSocket (ws:\/\/\S+)\)/;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServerProcess {
  /** Everything the process wrote, for failure messages. */
  stdout = '';
  stderr = '';
  readonly exited: Promise<ProcessExit>;
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly wsUrl: string,
    exited: Promise<ProcessExit>,
  ) {
    this.exited = exited;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * Starts the binary and resolves once it listens; rejects with its output if it exits first.
   * `env` is added to the test's own environment; `logLevel` (default warn) picks the log lines
   * waitForOutput can see.
   */
  static start(opts: { dataDir: string; env?: Record<string, string>; logLevel?: string }): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      [BINARY, 'server', '--port', '0', '--data', opts.dataDir, '--log-level', opts.logLevel ?? 'warn'],
      {
        env: { ...process.env, ...opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = { stdout: '', stderr: '' };
    const exited = new Promise<ProcessExit>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return new Promise<ServerProcess>((resolve, reject) => {
      let started: ServerProcess | null = null;
      child.stdout!.setEncoding('utf8');
      child.stderr!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        output.stdout += chunk;
        if (started) {
          started.stdout = output.stdout;
          for (const wake of started.waiters.splice(0)) wake();
          return;
        }
        const match = LISTENING.exec(output.stdout);
        if (match) {
          started = new ServerProcess(child, match[1], match[2], exited);
          started.stdout = output.stdout;
          started.stderr = output.stderr;
          resolve(started);
        }
      });
      child.stderr!.on('data', (chunk: string) => {
        output.stderr += chunk;
        if (started) started.stderr = output.stderr;
      });
      child.once('error', reject);
      void exited.then(({ code, signal }) => {
        if (!started) {
          reject(
            new Error(
              `textdesk server exited (code ${code}, signal ${signal}) before listening:\n${output.stdout}${output.stderr}`,
            ),
          );
        }
      });
    });
  }

  /**
   * Resolves once stdout (where the server's warn-level log lines go) matches `pattern`;
   * rejects if the process exits first.
   */
  async waitForOutput(pattern: RegExp): Promise<void> {
    let exited = false;
    void this.exited.then(() => {
      exited = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    while (!pattern.test(this.stdout)) {
      if (exited) throw new Error(`textdesk server exited before printing ${pattern}:\n${this.stdout}${this.stderr}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends `signal` and resolves with how the process ended. */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<ProcessExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
