// What every end-to-end test of the console starts from: the rule for running without tmux, and
// a real server with one queue, the operator Vera and a web channel whose replies reach a real
// webhook receiver, plus the real `textdesk console` binary logged in as her in tmux.
import { BINARY } from './run-cli';
import { startTestServer, type TestServer } from './server';
import { hasTmux, TmuxTerminal } from './tmux-terminal';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Whether a test file that needs a real terminal runs here. Without tmux it is skipped, and one
 * line says which file and how to run it; under CI=true (where .ci/run installs tmux) it fails.
 */
export function tmuxOrSkip(file: string): boolean {
  if (hasTmux()) return true;
  const notRun = `${file} not run: it drives the real binary in tmux, which is missing; install tmux to run it`;
  if (process.env.CI === 'true') throw new Error(`${notRun} (CI=true refuses to skip it)`);
  process.stderr.write(`${notRun}\n`);
  return false;
}

export const VERA = { login: 'vera', password: 'vera-password' } as const;

export interface ConsoleDesk {
  t: TestServer;
  hook: WebhookReceiver;
  /** The channel `site`'s secret, for posting customer messages. */
  secret: string;
  close(): Promise<void>;
}

/** Queue `support`, operator `vera` (capacity 3, named `name`), channel `site` in `lang` with a webhook. */
export async function startConsoleDesk(lang: 'en' | 'ru', name = 'Vera'): Promise<ConsoleDesk> {
  const t = await startTestServer();
  const hook = new WebhookReceiver();
  const webhookUrl = await hook.start();
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support', skills: [] });
  await t.admin.admin.createOperator.mutate({ ...VERA, name, skills: [], capacity: 3 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'site',
    name: 'Site',
    queueId: 'support',
    settings: { webhookUrl },
    lang,
  });
  return {
    t,
    hook,
    secret,
    async close() {
      await hook.close();
      await t.close();
    },
  };
}

/**
 * The real console binary, logged in as Vera, in a tmux terminal of the given size; `url` and
 * `password` replace the desk's server and her password (a proxy in front, a wrong password).
 */
export function startConsole(
  desk: Pick<ConsoleDesk, 't'>,
  opts: { columns: number; rows: number; lang: 'en' | 'ru'; url?: string; password?: string },
): TmuxTerminal {
  const url = opts.url ?? desk.t.server.wsUrl;
  return TmuxTerminal.start({
    command: `'${process.execPath}' '${BINARY}' console --url ${url} --user ${VERA.login} --lang ${opts.lang}`,
    cwd: process.cwd(),
    columns: opts.columns,
    rows: opts.rows,
    env: { LANG: 'C.UTF-8', TEXTDESK_PASSWORD: opts.password ?? VERA.password },
  });
}
