// `textdesk search TEXT [--url URL] [--user LOGIN] [filters] [--json]`: messages and customers
// holding every word of TEXT (`word*`: a prefix), newest first, through operator.search. A
// supervisor finds everything; an operator, the customers they serve now. The server and login
// default to TEXTDESK_URL and TEXTDESK_USER (else http://127.0.0.1:4000 and admin).
import type { Command } from 'commander';
import { SearchInput } from '../../shared/search-schemas';
import { describeApiError, httpApiClient, serverAddress } from '../api-client';
import { urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';
import { parseDate } from '../report/report-command';
import { hitsTable } from './search-lines';

interface SearchFlags {
  url: string;
  user: string;
  json?: boolean;
  channel?: string;
  queue?: string;
  operator?: string;
  from?: string;
  to?: string;
  outcome?: string;
  tag?: string;
  csatMin?: string;
  csatMax?: string;
  limit?: string;
  utc?: boolean;
}

const whole = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a whole number`);
  return Number(text);
};

/** The procedure's input from the flags; zod says what is wrong with a value out of range. */
export function searchInput(text: string, flags: SearchFlags): SearchInput {
  const utc = flags.utc === true;
  const parsed = SearchInput.safeParse({
    text,
    channelId: flags.channel,
    queueId: flags.queue,
    operatorId: flags.operator,
    from: flags.from === undefined ? undefined : parseDate(flags.from, { utc, endOfDay: false }),
    // A bare date is the whole day; the filter's `to` is inclusive.
    to: flags.to === undefined ? undefined : parseDate(flags.to, { utc, endOfDay: true }) - 1,
    outcome: flags.outcome,
    tag: flags.tag,
    csatMin: whole('--csat-min', flags.csatMin),
    csatMax: whole('--csat-max', flags.csatMax),
    limit: whole('--limit', flags.limit),
  });
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'text'}: ${i.message}`).join('; '));
  return parsed.data;
}

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('find messages and customers: every word must match, word* is a prefix (newest first)')
    .argument('<text...>', 'the words to look for')
    .addOption(urlOption())
    .addOption(userOption('your login: a supervisor finds everything, an operator their customers', 'admin'))
    .option('--json', 'print the hits as JSON')
    .option('--channel <id>', 'only this channel')
    .option('--queue <id>', 'only this queue')
    .option('--operator <id>', 'only conversations this operator had last')
    .option('--from <date>', 'written on or after (YYYY-MM-DD, local, or an ISO time)')
    .option('--to <date>', 'written on or before (YYYY-MM-DD is the whole day)')
    .option('--outcome <outcome>', 'only conversations resolved with this outcome')
    .option('--tag <tag>', 'only conversations with this tag')
    .option('--csat-min <n>', 'only conversations rated at least n (1–5)')
    .option('--csat-max <n>', 'only conversations rated at most n (1–5)')
    .option('--limit <n>', 'at most n hits (default 50, at most 200)')
    .option('--utc', 'dates in UTC instead of the local zone')
    .action(async (words: string[], flags: SearchFlags) => {
      let url: string;
      let input: SearchInput;
      try {
        url = serverAddress(flags.url).http;
        input = searchInput(words.join(' '), flags);
      } catch (error) {
        process.stderr.write(`textdesk search: ${(error as Error).message}\n`);
        process.exit(2);
      }
      try {
        const password = await passwordFromEnvOrPrompt(flags.user);
        let token: string | null = null;
        const api = httpApiClient(url, () => token);
        token = (await api.auth.login.mutate({ login: flags.user, password })).token;
        const { hits } = await api.operator.search.query(input);
        process.stdout.write(flags.json ? `${JSON.stringify(hits, null, 2)}\n` : hitsTable(hits));
        await api.auth.logout.mutate().catch(() => undefined);
      } catch (error) {
        process.stderr.write(`textdesk search: ${describeApiError(error, url)}\n`);
        process.exit(1);
      }
    });
}
