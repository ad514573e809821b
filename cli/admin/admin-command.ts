// `textdesk admin …`: manage operators, queues, channels and templates on a running server.
import type { Command } from 'commander';
import { describeApiError, httpApiClient, type ApiClient } from '../api-client';
import { passwordFromEnvOrPrompt } from '../prompt';
import { printResult } from './output';

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a number`);
  return n;
};

interface Globals {
  url: string;
  user: string;
  json: boolean;
}

async function withClient(cmd: Command, run: (api: ApiClient, globals: Globals) => Promise<void>): Promise<void> {
  const globals = cmd.optsWithGlobals() as Globals;
  let token: string | null = null;
  const api = httpApiClient(globals.url, () => token);
  try {
    token = (
      await api.auth.login.mutate({ login: globals.user, password: await passwordFromEnvOrPrompt(globals.user) })
    ).token;
    await run(api, globals);
  } catch (error) {
    process.stderr.write(`textdesk admin: ${describeApiError(error, globals.url)}\n`);
    process.exitCode = 1;
  }
}

export function registerAdminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description('manage operators, queues, channels and templates (password from TEXTDESK_PASSWORD or a prompt)')
    .option('--url <url>', 'server URL', process.env.TEXTDESK_URL ?? 'http://127.0.0.1:4000')
    .option('--user <login>', 'admin login', process.env.TEXTDESK_USER ?? 'admin')
    .option('--json', 'print JSON for scripts', false);

  const operator = admin.command('operator').description('operators, supervisors and admins');
  operator
    .command('add')
    .requiredOption('--login <login>')
    .requiredOption('--name <name>')
    .option('--password <password>', 'initial password (or TEXTDESK_NEW_PASSWORD)')
    .option('--role <role>', 'operator|supervisor|admin', 'operator')
    .option('--skills <list>', 'comma-separated skills', list, [])
    .option('--capacity <n>', 'concurrent dialogs', number, 3)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const password = o.password ?? process.env.TEXTDESK_NEW_PASSWORD;
        if (!password) throw new Error('give the new operator a password: --password or TEXTDESK_NEW_PASSWORD');
        const created = await api.admin.createOperator.mutate({
          login: o.login,
          name: o.name,
          password,
          role: o.role,
          skills: o.skills,
          capacity: o.capacity,
        });
        printResult(created, g.json, ['id', 'login', 'name', 'role', 'skills', 'capacity']);
      }),
    );
  operator
    .command('list')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(await api.admin.listOperators.query(), g.json, [
          'login',
          'name',
          'role',
          'skills',
          'capacity',
          'status',
          'load',
        ]),
      ),
    );
  operator
    .command('set')
    .requiredOption('--login <login>')
    .option('--name <name>')
    .option('--role <role>')
    .option('--skills <list>', 'comma-separated skills', list)
    .option('--capacity <n>', 'concurrent dialogs', number)
    .option('--password <password>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const target = (await api.admin.listOperators.query()).find((op) => op.login === o.login);
        if (!target) throw new Error(`no operator with login "${o.login}"`);
        const updated = await api.admin.updateOperator.mutate({
          id: target.id,
          name: o.name,
          role: o.role,
          skills: o.skills,
          capacity: o.capacity,
          password: o.password,
        });
        printResult(updated, g.json, ['login', 'name', 'role', 'skills', 'capacity']);
      }),
    );

  const queue = admin.command('queue').description('queues with required skills and a priority');
  queue
    .command('add')
    .requiredOption('--id <id>')
    .requiredOption('--name <name>')
    .option('--skills <list>', 'comma-separated required skills', list, [])
    .option('--priority <n>', 'higher is served first', number, 0)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(
          await api.admin.createQueue.mutate({ id: o.id, name: o.name, skills: o.skills, priority: o.priority }),
          g.json,
        ),
      ),
    );
  queue
    .command('list')
    .action((_o, cmd) => withClient(cmd, async (api, g) => printResult(await api.admin.listQueues.query(), g.json)));

  const channel = admin.command('channel').description('channels customers write through');
  channel
    .command('add')
    .requiredOption('--id <id>')
    .requiredOption('--name <name>')
    .requiredOption('--queue <queueId>')
    .option('--adapter <adapter>', 'api (HTTP + webhook) or webchat (the site widget over WebSocket)', 'api')
    .option('--medium <medium>', 'chat|messenger|social|email|sms (sets SLA and weight defaults)', 'chat')
    .option('--webhook <url>', 'where operator and bot messages are POSTed')
    .option('--lang <lang>', 'bot language: en|ru', 'en')
    .option('--weight <n>', 'share of operator capacity one dialog takes', number)
    .option('--sla-first <ms>', 'first-response target in ms', number)
    .option('--sla-next <ms>', 'next-response target in ms', number)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const created = await api.admin.createChannel.mutate({
          id: o.id,
          name: o.name,
          queueId: o.queue,
          adapter: o.adapter,
          medium: o.medium,
          webhookUrl: o.webhook ?? null,
          lang: o.lang,
          weight: o.weight,
          slaFirstResponseMs: o.slaFirst,
          slaNextResponseMs: o.slaNext,
        });
        printResult(g.json ? created : { ...created.channel, secret: created.secret }, g.json, [
          'id',
          'medium',
          'queueId',
          'webhookUrl',
          'secret',
        ]);
      }),
    );
  channel
    .command('list')
    .action((_o, cmd) => withClient(cmd, async (api, g) => printResult(await api.admin.listChannels.query(), g.json)));

  const template = admin.command('template').description('answer templates for the console');
  template
    .command('add')
    .requiredOption('--name <name>')
    .requiredOption('--text <text>', 'may use {{customer.name}}, {{operator.name}}, {{var|fallback}}')
    .option('--lang <lang>', 'en|ru')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(
          await api.admin.createTemplate.mutate({ name: o.name, text: o.text, lang: o.lang ?? null }),
          g.json,
        ),
      ),
    );
  template
    .command('list')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(await api.admin.listTemplates.query(), g.json, ['id', 'name', 'lang', 'useCount', 'text']),
      ),
    );
  template
    .command('delete')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.deleteTemplate.mutate({ id: o.id }), g.json)),
    );
}
