// How long `textdesk forecast` takes on a year of history: 10 queues with one chat channel each,
// about 200 dialogs a weekday per channel (≈ 600,000 conversations), 15-minute intervals, a
// week's plan. Timed twice: the plan alone (volume model, handle-time fit, Erlang per interval)
// from rows in memory, and the whole command's work reading them from a real SQLite data directory.
// DESIGN.md §5's target: a year of 15-minute history in seconds.
//
//   node --import tsx bench/forecast.ts [--weeks 52] [--queues 10]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildPlan } from '../server/domain/forecast/plan';
import { parseFlags, runForecast } from '../cli/forecast/forecast-command';
import { chatChannel, officeHours, syntheticDesk, writeDataDir } from '../test/helpers/forecast-history';

export interface ForecastBenchFigures {
  weeks: number;
  queues: number;
  conversations: number;
  intervals: number;
  /** Milliseconds for buildPlan over rows already in memory. */
  planMs: number;
  /** Milliseconds for the command's work: read the data directory, plan, format the table. */
  commandMs: number;
}

export async function runForecastBench(opts: { weeks: number; queues: number }): Promise<ForecastBenchFigures> {
  const start = Date.UTC(2025, 11, 1); // a Monday
  const now = start + opts.weeks * 7 * 86_400_000;
  const desk = syntheticDesk({
    start,
    weeks: opts.weeks,
    operators: 6 * opts.queues,
    channels: Array.from({ length: opts.queues }, (_, q) => ({
      channel: chatChannel(`ch${q}`, {
        name: `Chat ${q}`,
        queueId: `q${q}`,
        queueName: `Queue ${q}`,
        createdAt: start,
      }),
      perHour: officeHours(30),
      soloSeconds: 240,
      extraSeconds: 60,
      abandon: q % 2 === 0 ? 0.01 : 0.06, // half the queues on Erlang A
    })),
  });
  const t0 = performance.now();
  const plan = buildPlan(desk.channels, desk.conversations, {
    now,
    interval: 15,
    horizon: 'week',
    serviceLevel: 0.8,
    concurrency: null,
    configuredCapacity: 3,
    shrinkage: 0.3,
    uplifts: [],
    model: 'auto',
  });
  const planMs = performance.now() - t0;
  const dir = mkdtempSync(join(tmpdir(), 'textdesk-forecast-bench-'));
  try {
    await writeDataDir(dir, desk);
    const input = parseFlags(
      {
        data: dir,
        interval: '15',
        horizon: 'week',
        serviceLevel: '80%',
        target: [],
        shrinkage: '30%',
        uplift: [],
        model: 'auto',
        weeks: String(opts.weeks),
        now: new Date(now).toISOString(),
        format: 'table',
        utc: true,
      },
      now,
    );
    const t1 = performance.now();
    await runForecast(input);
    const commandMs = performance.now() - t1;
    return {
      weeks: opts.weeks,
      queues: opts.queues,
      conversations: desk.conversations.length,
      intervals: plan.starts.length,
      planMs,
      commandMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatForecast(f: ForecastBenchFigures): string {
  return [
    `forecast: ${f.weeks} weeks of history, ${f.queues} queues, ${f.conversations.toLocaleString('en-US')} conversations, a week's plan in ${f.intervals} 15-minute intervals`,
    `  plan from rows in memory: ${(f.planMs / 1000).toFixed(2)} s`,
    `  whole command on a SQLite data directory (read, plan, table): ${(f.commandMs / 1000).toFixed(2)} s`,
  ].join('\n');
}

/** For run-all. */
export async function run(): Promise<{ text: string; rows: [string, string][]; ok: boolean }> {
  const f = await runForecastBench({ weeks: 52, queues: 10 });
  return {
    text: formatForecast(f),
    rows: [
      ['forecast: a year, 10 queues, plan', `${(f.planMs / 1000).toFixed(2)} s`],
      ['forecast: a year, 10 queues, command', `${(f.commandMs / 1000).toFixed(2)} s`],
    ],
    ok: f.commandMs < 60_000,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { weeks: { type: 'string', default: '52' }, queues: { type: 'string', default: '10' } },
  });
  console.log(formatForecast(await runForecastBench({ weeks: Number(values.weeks), queues: Number(values.queues) })));
}
