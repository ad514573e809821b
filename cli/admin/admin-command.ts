// `textdesk admin …`: manage operators, queues, channels and templates on a running server.
import type { Command } from 'commander';
import { describeApiError, httpApiClient, type ApiClient } from '../api-client';
import { addressOrExit, urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';
import { registerCalendarCommand } from './calendar-command';
import { registerChannelCommand } from './channel-command';
import { registerCustomerCommand } from './customer-command';
import { list, number, timerMs } from './option-parsers';
import { printResult } from './output';

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

  registerChannelCommand(admin, withClient);

  registerCalendarCommand(admin, withClient);
  registerCustomerCommand(admin, withClient);

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
