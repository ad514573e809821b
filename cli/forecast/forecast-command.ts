// `textdesk forecast [--data DIR] [--interval 15|30|60] [--horizon day|week] [--service-level 80%]
//  [--target CHANNEL=80%/60s]… [--concurrency N] [--shrinkage 30%] [--uplift START/4h=+60%]…
//  [--model auto|erlang-c|erlang-a] [--weeks N] [--now TIME] [--format table|csv|json] [--utc]`:
// a staffing plan per channel and interval from the desk's own history. This first form reads a
// stopped server's data directory, read-only (the server holds the SQLite file's lock while it runs).
import type { Command } from 'commander';
import { buildPlan, type ChannelTarget, type ModelChoice } from '../../server/domain/forecast/plan';
import { parseUplift, type Uplift } from '../../server/domain/forecast/uplift';
import { INTERVALS, type IntervalMinutes } from '../../server/domain/forecast/volume';
import { forecastChannels, historyConversations, medianCapacity } from '../../server/store/forecast-queries';
import { ReadOnlySqlite } from '../../server/store/readonly-sqlite';
import { parseDate } from '../report/report-command';
import { planCsv, planJson, planText, timeLabel } from './forecast-format';

const WEEK = 7 * 86_400_000;
/** Capacity assumed when no operator has one yet: what the desk gives a new operator. */
const DEFAULT_CAPACITY = 3;

export interface ForecastFlags {
  data?: string;
  interval: string;
  horizon: string;
  serviceLevel: string;
  target: string[];
  concurrency?: string;
  shrinkage: string;
  uplift: string[];
  model: string;
  weeks: string;
  now?: string;
  format: string;
  utc?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerForecastCommand(program: Command): void {
  program
    .command('forecast')
    .description(
      "operators needed per channel and interval, from the desk's history (reads a stopped server's data directory)",
    )
    .option('--data <dir>', 'data directory (default TEXTDESK_DATA or ./.textdesk)')
    .option('--interval <minutes>', '15, 30 or 60', '60')
    .option('--horizon <span>', 'day or week', 'day')
    .option('--service-level <share>', 'share of live dialogs answered within their SLA', '80%')
    .option('--target <channel=sl/time>', "a channel's own target, e.g. Chat=90%/30s (repeatable)", collect, [])
    .option('--concurrency <n>', "dialogs an operator carries at once (default: operators' capacity / channel weight)")
    .option('--shrinkage <share>', 'time operators are not on task: breaks, training, absence', '30%')
    .option(
      '--uplift <start/duration=±pct>',
      'what-if volume change, e.g. 2026-12-01T10:00/4h=+60% (repeatable)',
      collect,
      [],
    )
    .option('--model <model>', 'auto (Erlang A when abandonment is material), erlang-c or erlang-a', 'auto')
    .option('--weeks <n>', 'weeks of history to read', '12')
    .option('--now <time>', 'plan as if it were this time (ISO), e.g. to check a past week')
    .option('--format <format>', 'table, csv or json', 'table')
    .option('--utc', 'times in UTC instead of the local zone')
    .action(async (flags: ForecastFlags) => {
      let input;
      try {
        input = parseFlags(flags, Date.now());
      } catch (error) {
        process.stderr.write(`textdesk forecast: ${(error as Error).message}\n`);
        process.exit(2);
      }
      try {
        process.stdout.write(await runForecast(input));
      } catch (error) {
        process.stderr.write(`textdesk forecast: ${(error as Error).message}\n`);
        process.exit(1);
      }
    });
}

export interface ForecastInput {
  dataDir: string;
  now: number;
  interval: IntervalMinutes;
  horizon: 'day' | 'week';
  serviceLevel: number;
  targets: Map<string, ChannelTarget>;
  concurrency: number | null;
  shrinkage: number;
  uplifts: Uplift[];
  model: ModelChoice;
  weeks: number;
  format: 'table' | 'csv' | 'json';
  utc: boolean;
}

export function parseFlags(flags: ForecastFlags, clockNow: number): ForecastInput {
  const utc = flags.utc === true;
  const time = (text: string) => parseDate(text, { utc, endOfDay: false });
  const interval = Number(flags.interval);
  if (!(INTERVALS as readonly number[]).includes(interval))
    throw new Error(`--interval must be 15, 30 or 60 (minutes), got ${flags.interval}`);
  if (flags.horizon !== 'day' && flags.horizon !== 'week')
    throw new Error(`--horizon must be day or week, got ${flags.horizon}`);
  if (flags.format !== 'table' && flags.format !== 'csv' && flags.format !== 'json')
    throw new Error(`--format must be table, csv or json, got ${flags.format}`);
  if (flags.model !== 'auto' && flags.model !== 'erlang-c' && flags.model !== 'erlang-a')
    throw new Error(`--model must be auto, erlang-c or erlang-a, got ${flags.model}`);
  const weeks = Number(flags.weeks);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104)
    throw new Error(`--weeks must be a whole number from 1 to 104, got ${flags.weeks}`);
  let concurrency: number | null = null;
  if (flags.concurrency !== undefined) {
    concurrency = Number(flags.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 50)
      throw new Error(`--concurrency must be a whole number of dialogs from 1 to 50, got ${flags.concurrency}`);
  }
  const serviceLevel = parseShare(flags.serviceLevel, '--service-level');
  if (!(serviceLevel > 0 && serviceLevel < 1)) throw new Error('--service-level must be above 0 % and below 100 %');
  const shrinkage = parseShare(flags.shrinkage, '--shrinkage');
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new Error('--shrinkage must be at least 0 % and below 100 %');
  const targets = new Map<string, ChannelTarget>();
  for (const t of flags.target) {
    const m = /^(.+)=(\d+(?:\.\d+)?)%\/(\d+(?:\.\d+)?)(s|m|min|h)$/.exec(t);
    if (!m) throw new Error(`--target "${t}" is not CHANNEL=SL%/TIME (for example Chat=90%/30s or Mail=100%/4h)`);
    const share = Number(m[2]) / 100;
    if (!(share > 0 && share <= 1)) throw new Error(`--target "${t}": the share must be above 0 % and at most 100 %`);
    const unit = m[4] === 's' ? 1 : m[4] === 'h' ? 3600 : 60;
    // 100 % is a deferred channel's promise; Erlang never reaches it, so a live channel gets 99.9 %.
    targets.set(m[1], { serviceLevel: Math.min(share, 0.999), answerSeconds: Number(m[3]) * unit });
  }
  const now = flags.now === undefined ? clockNow : time(flags.now);
  return {
    dataDir: flags.data ?? process.env.TEXTDESK_DATA ?? '.textdesk',
    now,
    interval: interval as IntervalMinutes,
    horizon: flags.horizon,
    serviceLevel,
    targets,
    concurrency,
    shrinkage,
    uplifts: flags.uplift.map((u) => parseUplift(u, time)),
    model: flags.model,
    weeks,
    format: flags.format,
    utc,
  };
}

/** "80%", "80" or "0.8" as a share; anything else is refused with the forms it takes. */
export function parseShare(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!m) throw new Error(`${flag} must be a percentage such as 80% (got "${text}")`);
  const n = Number(m[1]);
  return m[2] === '%' || n > 1 ? n / 100 : n;
}

export async function runForecast(input: ForecastInput): Promise<string> {
  const reader = new ReadOnlySqlite(input.dataDir);
  try {
    const channels = await forecastChannels(reader);
    const conversations = await historyConversations(reader, input.now - input.weeks * WEEK);
    const capacity = (await medianCapacity(reader)) ?? DEFAULT_CAPACITY;
    const plan = buildPlan(channels, conversations, {
      now: input.now,
      interval: input.interval,
      horizon: input.horizon,
      serviceLevel: input.serviceLevel,
      targets: input.targets,
      concurrency: input.concurrency,
      configuredCapacity: capacity,
      shrinkage: input.shrinkage,
      uplifts: input.uplifts,
      model: input.model,
    });
    if (input.format === 'json') return planJson(plan);
    if (input.format === 'csv') return planCsv(plan);
    return planText(plan, timeLabel(input.utc));
  } finally {
    reader.close();
  }
}
