// `textdesk admin channel add|set|delete|list|test`: the channels customers write through.
import type { Command } from 'commander';
import { CHANNEL_KINDS } from '../../shared/channel-kinds';
import type { ApiClient } from '../api-client';
import { number, timerMs } from './option-parsers';
import { printResult } from './output';

type WithClient = (cmd: Command, run: (api: ApiClient, globals: { json: boolean }) => Promise<void>) => Promise<void>;

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

export function registerChannelCommand(admin: Command, withClient: WithClient): void {
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
}
