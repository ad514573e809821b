// `textdesk admin …`: manage operators, queues, channels and templates on a running server.
import type { Command } from 'commander';
import { CHANNEL_KINDS } from '../../shared/channel-kinds';
import { describeApiError, httpApiClient, type ApiClient } from '../api-client';
import { addressOrExit, urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';
import { registerCalendarCommand } from './calendar-command';
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
/** A timer in ms for the reply timers (issue 17); 0 turns it off (null). */
const timerMs = (value: string): number | null => (number(value) === 0 ? null : number(value));

/** `--setting name=value`, repeatable; in `set`, an empty value removes the name. */
const pair = (value: string, previous: Record<string, string> = {}) => {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`"${value}" is not name=value`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
};
/**
 * `--credential name=value`, or `--credential name` to read the value from
 * TEXTDESK_CREDENTIAL_<NAME>: a token on the command line is visible to everyone on the machine.
 */
const credential = (value: string, previous: Record<string, string> = {}) => {
  if (value.includes('=')) return pair(value, previous);
  const variable = `TEXTDESK_CREDENTIAL_${value.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const fromEnv = process.env[variable];
  if (fromEnv === undefined) throw new Error(`give --credential ${value}=VALUE, or set ${variable}`);
  return { ...previous, [value]: fromEnv };
};
/** `name=value,…`: a kind's settings or masked secrets in one table cell. */
const pairs = (values: Record<string, unknown>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(',');
const forPeople = <T extends { settings: Record<string, unknown> }>(channel: T) => ({
  ...channel,
  settings: pairs(channel.settings),
});
/** For `set`: an empty value becomes null, which removes the name. */
const removals = (values: Record<string, string> | undefined) =>
  values && Object.fromEntries(Object.entries(values).map(([name, value]) => [name, value === '' ? null : value]));

/** `--calendar none` detaches the calendar; absent changes nothing. */
const calendarChoice = (value: string | undefined) =>
  value === undefined ? undefined : value === 'none' ? null : value;

interface Globals {
  url: string;
  user: string;
  json: boolean;
}

async function withClient(cmd: Command, run: (api: ApiClient, globals: Globals) => Promise<void>): Promise<void> {
  const globals = cmd.optsWithGlobals() as Globals;
  const url = addressOrExit('admin', globals.url).http;
  let token: string | null = null;
  const api = httpApiClient(url, () => token);
  try {
    token = (
      await api.auth.login.mutate({ login: globals.user, password: await passwordFromEnvOrPrompt(globals.user) })
    ).token;
    await run(api, globals);
  } catch (error) {
    process.stderr.write(`textdesk admin: ${describeApiError(error, url)}\n`);
    process.exitCode = 1;
  }
}

export function registerAdminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description('manage operators, queues, channels and templates (password from TEXTDESK_PASSWORD or a prompt)')
    .addOption(urlOption())
    .addOption(userOption('an admin login', 'admin'))
    .option('--json', 'print JSON for scripts', false);

  const operator = admin.command('operator').description('operators, supervisors and admins');
  operator
    .command('add')
    .description('add an operator, supervisor or admin')
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
    .description('every operator with status and load')
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
    .description("change an operator's name, role, skills, capacity or password")
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
  operator
    .command('delete')
    .description('remove an operator: their sessions end, their open dialogs go back to the queue, their history stays')
    .requiredOption('--login <login>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const target = (await api.admin.listOperators.query()).find((op) => op.login === o.login);
        if (!target) throw new Error(`no operator with login "${o.login}"`);
        printResult(await api.admin.deleteOperator.mutate({ id: target.id }), g.json, ['login', 'name', 'requeued']);
      }),
    );
  operator
    .command('unlock <login>')
    .description('let a login throttled after failed passwords try again at once, from every address')
    .action((login: string, _o, cmd) =>
      withClient(cmd, async (api, g) => {
        await api.admin.resetLoginThrottle.mutate({ login });
        printResult({ login, unlocked: true }, g.json, ['login', 'unlocked']);
      }),
    );

  const queue = admin.command('queue').description('queues with required skills and a priority');
  queue
    .command('add')
    .description('add a queue')
    .requiredOption('--id <id>')
    .requiredOption('--name <name>')
    .option('--skills <list>', 'comma-separated required skills', list, [])
    .option('--priority <n>', 'higher is served first', number, 0)
    .option('--calendar <id>', 'business hours: the calendar the queue keeps')
    .option('--off-hours <policy>', 'while closed: queue|offline-form|route (default queue)')
    .option('--reply-within <ms>', 'an unanswered dialog returns to the queue after this (0: off)', timerMs)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(
          await api.admin.createQueue.mutate({
            id: o.id,
            name: o.name,
            skills: o.skills,
            priority: o.priority,
            calendarId: calendarChoice(o.calendar),
            offHours: o.offHours,
            noReplyMs: o.replyWithin ?? null,
          }),
          g.json,
        ),
      ),
    );
  queue
    .command('list')
    .description('every queue')
    .action((_o, cmd) => withClient(cmd, async (api, g) => printResult(await api.admin.listQueues.query(), g.json)));
  queue
    .command('set')
    .description('change a queue; waiting dialogs are routed by the new skills and priority at once')
    .requiredOption('--id <id>')
    .option('--name <name>')
    .option('--skills <list>', 'comma-separated required skills (empty: none)', list)
    .option('--priority <n>', 'higher is served first', number)
    .option('--calendar <id>', 'business hours: the calendar the queue keeps (none: always open)')
    .option('--off-hours <policy>', 'while closed: queue|offline-form|route')
    .option('--reply-within <ms>', 'an unanswered dialog returns to the queue after this (0: off)', timerMs)
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const change = {
          name: o.name,
          skills: o.skills,
          priority: o.priority,
          calendarId: calendarChoice(o.calendar),
          offHours: o.offHours,
          noReplyMs: o.replyWithin,
        };
        if (Object.values(change).every((v) => v === undefined))
          throw new Error(
            'nothing to change: give --name, --skills, --priority, --calendar, --off-hours or --reply-within',
          );
        printResult(await api.admin.updateQueue.mutate({ id: o.id, ...change }), g.json);
      }),
    );
  queue
    .command('delete')
    .description('remove a queue that no channel points at and no open dialog is in; its history stays')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.deleteQueue.mutate({ id: o.id }), g.json)),
    );

  const channel = admin.command('channel').description('channels customers write through');
  const channelColumns = ['id', 'adapter', 'medium', 'queueId', 'settings', 'slaFirstResponseMs'];
  channel
    .command('add')
    .description('add a channel; prints its signing secret once')
    .requiredOption('--id <id>')
    .requiredOption('--name <name>')
    .requiredOption('--queue <queueId>')
    .option('--adapter <kind>', `channel kind: ${CHANNEL_KINDS.join('|')}`, 'api')
    .option('--medium <medium>', 'chat|messenger|social|email|sms (sets SLA and weight defaults)', 'chat')
    .option('--webhook <url>', 'where operator and bot messages are POSTed (api)')
    .option('--lang <lang>', 'bot language: en|ru', 'en')
    .option('--weight <n>', 'share of operator capacity one dialog takes', number)
    .option('--sla-first <ms>', 'first-response target in ms', number)
    .option('--sla-next <ms>', 'next-response target in ms', number)
    .option('--sla-clock <clock>', "wall|business: business counts only the queue's open hours", 'wall')
    .option('--idle-ask <ms>', 'customer silence after a reply before "anything else?" (0: off)', timerMs)
    .option('--idle-close <ms>', 'further silence before the idle close (0: off)', timerMs)
    .option('--setting <name=value>', "one of the kind's settings (repeatable)", pair)
    .option(
      '--credential <name[=value]>',
      "one of the kind's credentials (repeatable); without =value, read from TEXTDESK_CREDENTIAL_<NAME>",
      credential,
    )
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const created = await api.admin.createChannel.mutate({
          id: o.id,
          name: o.name,
          queueId: o.queue,
          adapter: o.adapter,
          medium: o.medium,
          lang: o.lang,
          weight: o.weight,
          slaFirstResponseMs: o.slaFirst,
          slaNextResponseMs: o.slaNext,
          slaClock: o.slaClock,
          idleAskMs: o.idleAsk ?? null,
          idleCloseMs: o.idleClose ?? null,
          settings: { ...o.setting, ...(o.webhook && { webhookUrl: o.webhook }) },
          credentials: o.credential,
        });
        printResult(g.json ? created : { ...forPeople(created.channel), secret: created.secret }, g.json, [
          'id',
          'medium',
          'queueId',
          'settings',
          'secret',
        ]);
      }),
    );
  channel
    .command('set')
    .description('change a channel on the running server: the next message in or out uses the change')
    .requiredOption('--id <id>')
    .option('--name <name>')
    .option('--queue <queueId>', 'where new conversations wait')
    .option('--webhook <url>', 'where operator and bot messages are POSTed (api)')
    .option('--no-webhook', 'stop POSTing to a webhook')
    .option('--lang <lang>', 'bot language: en|ru')
    .option('--weight <n>', 'share of operator capacity one dialog takes', number)
    .option('--sla-first <ms>', 'first-response target in ms', number)
    .option('--sla-next <ms>', 'next-response target in ms', number)
    .option('--sla-clock <clock>', "wall|business: business counts only the queue's open hours")
    .option('--idle-ask <ms>', 'customer silence after a reply before "anything else?" (0: off)', timerMs)
    .option('--idle-close <ms>', 'further silence before the idle close (0: off)', timerMs)
    .option('--setting <name=value>', "one of the kind's settings (repeatable; name= removes it)", pair)
    .option(
      '--credential <name[=value]>',
      'one credential (repeatable; name= removes it); without =value, read from TEXTDESK_CREDENTIAL_<NAME>',
      credential,
    )
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        // commander's --no-webhook makes `webhook` false; a URL makes it a string; neither leaves it undefined.
        const webhook = o.webhook === undefined ? {} : { webhookUrl: o.webhook === false ? null : o.webhook };
        const settings = o.setting || o.webhook !== undefined ? { ...removals(o.setting), ...webhook } : undefined;
        const change = {
          name: o.name,
          queueId: o.queue,
          lang: o.lang,
          weight: o.weight,
          slaFirstResponseMs: o.slaFirst,
          slaNextResponseMs: o.slaNext,
          slaClock: o.slaClock,
          idleAskMs: o.idleAsk,
          idleCloseMs: o.idleClose,
          settings,
          credentials: removals(o.credential),
        };
        if (Object.values(change).every((v) => v === undefined))
          throw new Error(
            'nothing to change: give --name, --queue, --webhook, --no-webhook, --lang, --weight, --sla-first, ' +
              '--sla-next, --sla-clock, --idle-ask, --idle-close, --setting or --credential',
          );
        const updated = await api.admin.updateChannel.mutate({ id: o.id, ...change });
        printResult(g.json ? updated : forPeople(updated), g.json, channelColumns);
      }),
    );
  channel
    .command('delete')
    .description('remove a channel no open dialog came through; its secrets go at once, its history stays')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(forPeople(await api.admin.deleteChannel.mutate({ id: o.id })), g.json, channelColumns),
      ),
    );
  channel
    .command('list')
    .description('every channel, secrets masked')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) => {
        const channels = await api.admin.listChannels.query();
        const rows = g.json ? channels : channels.map((c) => ({ ...forPeople(c), secrets: pairs(c.secrets) }));
        printResult(rows, g.json, [...channelColumns, 'secrets']);
      }),
    );
  channel
    .command('test')
    .description("send a probe through the channel's adapter and print what the provider answered")
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => {
        const probe = await api.admin.testChannel.mutate({ id: o.id });
        printResult(probe, g.json, ['channelId', 'adapter', 'probed', 'ok', 'status', 'detail']);
        // A probe the provider refused fails the command, so scripts and CI can rely on it.
        if (probe.probed && !probe.ok) process.exitCode = 1;
      }),
    );

  registerCalendarCommand(admin, withClient);

  const template = admin.command('template').description('answer templates for the console');
  template
    .command('add')
    .description('add an answer template')
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
    .description('every template, with its id and use count')
    .action((_o, cmd) =>
      withClient(cmd, async (api, g) =>
        printResult(await api.admin.listTemplates.query(), g.json, ['id', 'name', 'lang', 'useCount', 'text']),
      ),
    );
  template
    .command('delete')
    .description('remove a template by id')
    .requiredOption('--id <id>')
    .action((o, cmd) =>
      withClient(cmd, async (api, g) => printResult(await api.admin.deleteTemplate.mutate({ id: o.id }), g.json)),
    );
}
