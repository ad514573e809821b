// `textdesk report [--url URL] [--user LOGIN] --from DATE --to DATE
//  [--by queue|channel|operator|hour] [--format csv|json] [--utc] [--articles [N]]`: KPIs of the
// conversations created in the period, computed by the server from stored data; with --articles,
// the N knowledge-base articles used most in the period instead (issue 18 §5). A bare date is a whole local
// day (--to included); a date with a time is that instant. The server and login default to
// TEXTDESK_URL and TEXTDESK_USER (else http://127.0.0.1:4000 and admin).
import type { Command } from 'commander';
import { REPORT_GROUPINGS, type ReportGrouping } from '../../shared/stats';
import { describeApiError, httpApiClient, serverAddress } from '../api-client';
import { urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';
import { articlesCsv, reportCsv } from './report-format';

const DAY = 86_400_000;

/** Epoch ms of a command-line date: "2025-01-06" is local (or UTC) midnight; anything else is parsed as is. */
export function parseDate(text: string, opts: { utc: boolean; endOfDay: boolean }): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
    const start = opts.utc ? Date.UTC(y, m, d) : new Date(y, m, d).getTime();
    const end = opts.utc ? start + DAY : new Date(y, m, d + 1).getTime();
    if (!Number.isFinite(start)) throw new Error(`not a date: "${text}"`);
    return opts.endOfDay ? end : start;
  }
  const at = Date.parse(text);
  if (!Number.isFinite(at) || !/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
    throw new Error(`not a date: "${text}" (use YYYY-MM-DD or an ISO time such as 2025-01-06T13:00Z)`);
  }
  return at;
}

/** `--articles` alone: the top 20; `--articles N`: the top N (1–500). */
function topCount(flag: string | true): number {
  if (flag === true) return 20;
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error('--articles takes a count from 1 to 500');
  return n;
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('KPIs for a period from stored data, as CSV or JSON (password from TEXTDESK_PASSWORD or a prompt)')
    .addOption(urlOption())
    .addOption(userOption('a supervisor or admin login', 'admin'))
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, local) or an ISO time')
    .requiredOption('--to <date>', 'last day, included (YYYY-MM-DD) or an ISO time (excluded)')
    .option('--by <grouping>', `one row per ${REPORT_GROUPINGS.join(' | ')} (default: one row)`)
    .option('--format <format>', 'csv or json', 'csv')
    .option('--utc', 'days and hours in UTC instead of the local zone')
    .option('--articles [n]', 'the knowledge-base articles used most in the period, instead of the KPIs (default 20)')
    .action(
      async (flags: {
        url: string;
        user: string;
        from: string;
        to: string;
        by?: string;
        format: string;
        utc?: boolean;
        articles?: string | true;
      }) => {
        let input;
        let url: string;
        let articles: number | null = null;
        try {
          url = serverAddress(flags.url).http;
          if (flags.by !== undefined && !(REPORT_GROUPINGS as readonly string[]).includes(flags.by)) {
            throw new Error(`--by must be one of ${REPORT_GROUPINGS.join(', ')}`);
          }
          if (flags.format !== 'csv' && flags.format !== 'json') throw new Error('--format must be csv or json');
          const utc = flags.utc === true;
          const from = parseDate(flags.from, { utc, endOfDay: false });
          const to = parseDate(flags.to, { utc, endOfDay: true });
          if (to <= from) throw new Error('--to must be after --from');
          if (flags.articles !== undefined) articles = topCount(flags.articles);
          input = {
            from,
            to,
            by: flags.by as ReportGrouping | undefined,
            utcOffsetMinutes: utc ? 0 : -new Date(from).getTimezoneOffset(),
          };
        } catch (error) {
          process.stderr.write(`textdesk report: ${(error as Error).message}\n`);
          process.exit(2);
        }
        try {
          const password = await passwordFromEnvOrPrompt(flags.user);
          let token: string | null = null;
          const api = httpApiClient(url, () => token);
          token = (await api.auth.login.mutate({ login: flags.user, password })).token;
          if (articles !== null) {
            const top = await api.supervisor.kbUsage.query({ from: input.from, to: input.to, limit: articles });
            process.stdout.write(flags.format === 'json' ? `${JSON.stringify(top, null, 2)}\n` : articlesCsv(top));
          } else {
            const report = await api.supervisor.report.query(input);
            process.stdout.write(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportCsv(report));
          }
          await api.auth.logout.mutate().catch(() => undefined);
        } catch (error) {
          process.stderr.write(`textdesk report: ${describeApiError(error, url)}\n`);
          process.exit(1);
        }
      },
    );
}
