// A real terminal for end-to-end tests: one command in a tmux session of a fixed size. What the
// program writes is piped out of the pane (tmux pipe-pane) into a FIFO this process reads, and
// each write is a cue to read the screen again (capture-pane), so a test waits on what the
// terminal shows — bounded by a deadline — and never on a timer. The command's exit is an event
// too: the shell that runs it notes its status and signals a tmux channel the test waits on
// (tmux's own pane-died hook proved unreliable here: it sometimes never fired).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
}

export class TmuxTerminal {
  private readonly waiters = new Set<() => void>();
  private readonly output: fs.ReadStream;
  private readonly chunks: Buffer[] = [];
  private writtenBytes = 0;
  private lastWriteAt = 0;
  private closed = false;
  private exited = false;
  /** Resolves once the command has exited (or the terminal was closed). */
  readonly exit: Promise<void>;

  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {
    const fifo = path.join(dir, 'output.fifo');
    this.exit = new Promise((resolve) =>
      execFile('tmux', ['-L', socket, 'wait-for', 'exited'], () => {
        this.exited = true;
        this.wake();
        resolve();
      }),
    );
    this.output = fs.createReadStream(fifo);
    this.output.on('data', (chunk: Buffer | string) => {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      this.chunks.push(bytes);
      this.writtenBytes += bytes.length;
      this.lastWriteAt = performance.now();
      this.wake();
    });
    this.output.on('end', () => this.wake());
    this.output.on('error', () => this.wake());
  }

  /**
   * Starts `command` (run by the shell) in `cwd` on a columns×rows terminal. The pane stays
   * after the command exits, so what it printed last can still be read.
   */
  static start(opts: { command: string; cwd: string; columns: number; rows: number; env?: Record<string, string> }) {
    const socket = `textdesk-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-pane-'));
    const fifo = path.join(dir, 'output.fifo');
    execFileSync('mkfifo', [fifo]);
    const command = `${opts.command}; echo $? > '${dir}/status'; tmux -L ${socket} wait-for -S exited`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    const env = Object.entries(opts.env ?? {}).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    const size = ['-x', String(opts.columns), '-y', String(opts.rows)];
    tmux(
      'new-session',
      '-d',
      ...size,
      '-s',
      'main',
      '-c',
      opts.cwd,
      ...env,
      command,
      ';',
      'set-option',
      '-t',
      'main',
      'remain-on-exit',
      'on',
    );
    // The reader opens first (opening a FIFO waits for the other end). Writes before the pipe is
    // in place are not missed as cues: waitFor reads the screen before it waits for one.
    const terminal = new TmuxTerminal(socket, dir);
    tmux('pipe-pane', '-O', '-t', 'main', `cat > ${JSON.stringify(fifo)}`);
    return terminal;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * The screen as text, one line per row; with `history`, the rows scrolled off above it first
   * (tmux scrolls the screen a row to note a dead pane at the bottom); with `styles`, each cell's
   * attributes as SGR escape sequences (underline, inverse, colours).
   */
  screen({ history = false, styles = false } = {}): string {
    return this.tmux('capture-pane', '-p', '-t', 'main', ...(history ? ['-S', '-'] : []), ...(styles ? ['-e'] : []));
  }

  /** The pane's title, as a program may set it with an escape sequence. */
  title(): string {
    return this.tmux('display-message', '-p', '-t', 'main', '#{pane_title}');
  }

  /**
   * Everything the program has written to the terminal so far, escape sequences and all, as
   * UTF-8 text (a sequence cut by the latest read may be incomplete at the end). Pass `from` and
   * `to`, lengths in bytes as `writtenLength()` gives them, for what came in between.
   */
  written(from = 0, to = this.writtenBytes): string {
    return Buffer.concat(this.chunks).subarray(from, to).toString('utf8');
  }

  /** How many bytes the program has written so far (a position for `written(from)`). */
  writtenLength(): number {
    return this.writtenBytes;
  }

  /**
   * Resolves with the time (performance.now()) at which the output that made `predicate` hold
   * of everything written so far arrived; rejects after `deadlineMs` or if the command exits.
   * Reads no screen, so the time is the arrival's, not a capture's.
   */
  async waitForOutput(predicate: (written: string) => boolean, what: string, deadlineMs = 20_000): Promise<number> {
    return this.waitFor(() => predicate(this.written()), what, deadlineMs, false).then(() => this.lastWriteAt);
  }

  /** Signals a tmux channel, which a command started as `tmux wait-for NAME && …` waits on. */
  signal(channel: string): void {
    this.tmux('wait-for', '-S', channel);
  }

  /** Resizes the terminal, as a user dragging the window would (the program gets SIGWINCH). */
  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  /** The command's exit status, once it has exited (its pane is kept by remain-on-exit). */
  async exitStatus(): Promise<number> {
    await this.exit;
    return Number(fs.readFileSync(path.join(this.dir, 'status'), 'utf8'));
  }

  /** Types keys as tmux names them ('C-q', 'Enter') or, with literal, as text. */
  sendKeys(keys: string[], literal = false): void {
    this.tmux('send-keys', '-t', 'main', ...(literal ? ['-l'] : []), ...keys);
  }

  /**
   * Resolves with the screen once `predicate` holds for it, checking now and again after each
   * write of the program; rejects with the screen after `deadlineMs`, or at once should the
   * command have exited without it.
   */
  async waitFor(
    predicate: (screen: string) => boolean,
    what: string,
    deadlineMs = 20_000,
    readScreen = true,
  ): Promise<string> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      const screen = this.closed || !readScreen ? '' : this.screen();
      if (predicate(screen)) return screen;
      if (this.exited) throw new Error(`the command exited before ${what}; screen:\n${screen}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timeout);
          this.waiters.delete(done);
          resolve();
        };
        const timeout = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  close(): void {
    this.closed = true;
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    try {
      // Should the pipe never have started, this releases the reader still waiting to open it.
      fs.closeSync(fs.openSync(path.join(this.dir, 'output.fifo'), fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // no reader waiting
    }
    this.output.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.wake();
  }
}
