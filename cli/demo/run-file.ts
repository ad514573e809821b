// Where a running demo says how to reach it: a small JSON file in the directory `npm start` ran
// from (.textdesk-demo/demo.json), so that `textdesk demo --print-env` in another terminal can
// point a dashboard or an admin command at it while the console holds the first terminal.
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_DEMO_DIR = '.textdesk-demo';

export interface DemoLogin {
  login: string;
  password: string;
}

export interface DemoRun {
  pid: number;
  url: string;
  wsUrl: string;
  logFile: string;
  /** `demo` is the operator the demo's console logs in as (a supervisor); `admin` may manage. */
  logins: { demo: DemoLogin; admin: DemoLogin };
}

const fileIn = (dir: string) => path.join(dir, 'demo.json');

export function writeDemoRun(dir: string, run: DemoRun): void {
  fs.mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  const temp = `${fileIn(dir)}.${run.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(run, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temp, fileIn(dir));
}

/** Removes the file if it still describes this process's demo (a later demo may have replaced it). */
export function removeDemoRun(dir: string, pid: number): void {
  try {
    const current = JSON.parse(fs.readFileSync(fileIn(dir), 'utf8')) as DemoRun;
    if (current.pid === pid) fs.rmSync(fileIn(dir), { force: true });
  } catch {
    // Already gone, or not ours to judge: leave it.
  }
}

/** The demo running from `dir`, or a message saying why there is none. */
export function readDemoRun(dir: string): DemoRun | { missing: string } {
  const file = path.resolve(fileIn(dir));
  let run: DemoRun;
  try {
    run = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoRun;
  } catch {
    return { missing: `no demo is running: ${file} does not exist; start one from this directory with \`npm start\`` };
  }
  if (!isAlive(run.pid)) {
    return { missing: `the demo that wrote ${file} (process ${run.pid}) is gone: start a new one with \`npm start\`` };
  }
  return run;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** `export NAME=value …` on one line, so both `eval $(…)` and `eval "$(…)"` work. */
export function shellExports(vars: Record<string, string>): string {
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  return `export ${Object.entries(vars)
    .map(([name, value]) => `${name}=${quote(value)}`)
    .join(' ')}\n`;
}
