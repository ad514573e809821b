// `textdesk forecast` over a data directory: the real binary and SQLite file, history written as
// a stopped server leaves it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlags, runForecast, type ForecastFlags } from '../../cli/forecast/forecast-command';
import { SqliteStore } from '../../server/store/sqlite-store';
import { chatChannel, officeHours, syntheticDesk, writeDataDir } from '../helpers/forecast-history';
import { runCli } from '../helpers/run-cli';

const START = Date.UTC(2026, 10, 9); // a Monday
const NOW = '2026-11-23T00:00Z'; // two weeks later
let dir: string;

const flags = (over: Partial<ForecastFlags> = {}): ForecastFlags => ({
  data: dir,
  interval: '60',
  horizon: 'day',
  serviceLevel: '80%',
  target: [],
  shrinkage: '30%',
  uplift: [],
  model: 'auto',
  weeks: '12',
  now: NOW,
  format: 'table',
  utc: true,
  ...over,
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-forecast-'));
  const desk = syntheticDesk({
    start: START,
    weeks: 2,
    operators: 4,
    channels: [
      {
        channel: chatChannel('chat', { name: 'Web chat', createdAt: START }),
        perHour: officeHours(20),
        soloSeconds: 240,
        extraSeconds: 60,
        abandon: 0,
      },
      {
        channel: chatChannel('mail', {
          name: 'Mail',
          medium: 'email',
          slaFirstMs: 4 * 3_600_000,
          weight: 0.5,
          createdAt: START,
        }),
        perHour: officeHours(6),
        soloSeconds: 600,
        extraSeconds: 0,
        abandon: 0,
      },
    ],
  });
  await writeDataDir(dir, desk);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('textdesk forecast', () => {
  it('prints a table per channel with its model, holdout and a chart, from the binary', async () => {
    const r = await runCli(['forecast', '--data', dir, '--now', NOW, '--utc', '--interval', '60']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Staffing plan from 2026-11-23 00:00, next day in 60-minute intervals, shrinkage 30 %/);
    expect(r.stdout).toMatch(/== Web chat \(chat, queue Support\) — live\nmodel: {3}Erlang C: abandonment 0\.0 %/);
    expect(r.stdout).toMatch(/== Mail \(email, queue Support\) — deferred\nmodel: {3}deferred channel/);
    expect(r.stdout).toMatch(
      /holdout: WAPE \d+\.\d % \(bias [+-]?\d+\.\d %\), last week forecast from the 1 before it/,
    );
    expect(r.stdout).toMatch(/^2026-11-23 13:00 +\d+\.\d +\d+ +[1-9]\d* +[1-9]\d* +\d+ % +\d+\.\d %/m);
    expect(r.stdout).toMatch(/^scheduled [ ▁▂▃▄▅▆▇█]{24} peak \d+$/m);
  });

  it('refuses a bad flag with what it takes (exit 2), and a missing data directory', async () => {
    const bad = await runCli(['forecast', '--data', dir, '--interval', '20']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--interval must be 15, 30 or 60/);
    await expect(runForecast(parseFlags(flags({ data: path.join(dir, 'nope') }), 0))).rejects.toThrow(
      /no textdesk database in .*nope/,
    );
    expect(fs.existsSync(path.join(dir, 'nope'))).toBe(false); // read-only: nothing created
  });

  it('CSV has one row per channel and interval, JSON the whole plan', async () => {
    const csv = await runForecast(parseFlags(flags({ format: 'csv', horizon: 'week', interval: '30' }), 0));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'interval_start,queue,channel,medium,model,volume,handle_time_s,concurrency,operators,scheduled,occupancy,service_level,wait_s,abandonment',
    );
    expect(lines).toHaveLength(1 + 2 * 7 * 48);
    expect(lines[1]).toMatch(/^2026-11-23T00:00:00\.000Z,Support,Mail,email,workload,/);
    const json = JSON.parse(await runForecast(parseFlags(flags({ format: 'json' }), 0))) as {
      start: string;
      starts: string[];
      channels: { model: string; rows: unknown[] }[];
    };
    expect(json.start).toBe('2026-11-23T00:00:00.000Z');
    expect(json.starts).toHaveLength(24);
    expect(json.channels.map((c) => c.model).sort()).toEqual(['erlang-c', 'workload']);
  });

  it('an uplift shows in the plan; a bad one is refused with the expected form', async () => {
    const base = JSON.parse(await runForecast(parseFlags(flags({ format: 'json' }), 0)));
    const up = JSON.parse(
      await runForecast(parseFlags(flags({ format: 'json', uplift: ['2026-11-23T12:00/2h=+100%'] }), 0)),
    );
    const chat = (p: { channels: { channel: { id: string }; rows: { volume: number }[] }[] }) =>
      p.channels.find((c) => c.channel.id === 'chat')!.rows;
    expect(chat(up)[12].volume).toBeCloseTo(2 * chat(base)[12].volume, 9);
    expect(chat(up)[14].volume).toBeCloseTo(chat(base)[14].volume, 9);
    expect(() => parseFlags(flags({ uplift: ['tomorrow=+5'] }), 0)).toThrow(/START\/DURATION=±PCT%/);
    expect(() => parseFlags(flags({ shrinkage: '100%' }), 0)).toThrow(
      /--shrinkage must be at least 0 % and below 100 %/,
    );
    expect(() => parseFlags(flags({ target: ['Web chat=90%'] }), 0)).toThrow(/CHANNEL=SL%\/TIME/);
  });

  it("a channel's own target replaces the default", async () => {
    const loose = JSON.parse(
      await runForecast(parseFlags(flags({ format: 'json', target: ['Web chat=50%/600s'] }), 0)),
    );
    const strict = JSON.parse(
      await runForecast(parseFlags(flags({ format: 'json', target: ['Web chat=95%/10s'] }), 0)),
    );
    const sum = (p: { channels: { channel: { id: string }; rows: { operators: number }[] }[] }) =>
      p.channels.find((c) => c.channel.id === 'chat')!.rows.reduce((n, r) => n + r.operators, 0);
    expect(sum(strict)).toBeGreaterThan(sum(loose));
  });

  it('refuses while a server holds the data directory, saying to stop it', async () => {
    const store = SqliteStore.inDirectory(dir);
    try {
      await expect(runForecast(parseFlags(flags(), 0))).rejects.toThrow(/in use by a running server: stop it/);
    } finally {
      await store.close();
    }
  });
});
