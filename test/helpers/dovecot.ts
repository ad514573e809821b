// A throw-away Dovecot IMAP server (Debian's dovecot-imapd) on a free loopback port, with its own
// config, mail directory and log under a temporary directory (CHANNELS.md has the tested config).
// One mailbox per login, any login, password "secret". As root, mail is kept as the dovecot user.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';
export const DOVECOT_PASSWORD = 'secret';

export function dovecotOrSkip(file: string): boolean {
  if (fs.existsSync(DOVECOT)) return true;
  const notRun = `${file} not run: it reads mail from a real Dovecot, which is missing; apt-get install dovecot-imapd`;
  if (process.env.CI === 'true') throw new Error(`${notRun} (CI=true refuses to skip it)`);
  process.stderr.write(`${notRun}\n`);
  return false;
}

export interface Dovecot {
  port: number;
  stop(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const mail = path.join(dir, 'mail');
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(mail);
  const root = process.getuid?.() === 0;
  const user = root ? 'dovecot' : os.userInfo().username;
  const group = root ? 'dovecot' : execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  if (root) execFileSync('chown', ['dovecot:dovecot', mail]);
  const port = await freePort();
  const config = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    config,
    `protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
first_valid_uid = 1
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
default_internal_user = ${user}
default_login_user = ${root ? 'dovenull' : user}
default_internal_group = ${group}
mail_location = maildir:${mail}/%u
passdb {
  driver = static
  args = password=${DOVECOT_PASSWORD}
}
userdb {
  driver = static
  args = uid=${user} gid=${group} home=${mail}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  // In the foreground (-F), as this process's child, in a process group of its own: the master
  // alone, signalled, waits seconds for its login processes; killing the group ends them all (the
  // mail directory is thrown away, so nothing is lost).
  const master = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  master.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => master.once('exit', resolve));
  const failed = exit.then((code) => {
    throw new Error(`dovecot exited (${code}) as it started: ${stderr}${readLog(dir)}`);
  });
  await Promise.race([acceptsConnections(port, dir), failed]);
  return {
    port,
    async stop() {
      process.kill(-master.pid!, 'SIGKILL');
      await exit;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8');
  } catch {
    return '';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The master binds its listeners as it starts; a refused connection means "not yet". */
async function acceptsConnections(port: number, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`dovecot is not listening on ${port}:\n${readLog(dir)}`);
}
