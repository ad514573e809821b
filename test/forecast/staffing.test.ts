// Staffing per interval: slots and concurrency, shrinkage, the deferred workload model, uplifts,
// and the handle time measured at the concurrency operators actually worked.
import { describe, expect, it } from 'vitest';
import { fitHandleTime, handleSecondsAt, measureDialogs } from '../../server/domain/forecast/handle-time';
import { erlangCFigures } from '../../server/domain/forecast/erlang-c';
import { buildPlan } from '../../server/domain/forecast/plan';
import { staffDeferred, staffLive } from '../../server/domain/forecast/staffing';
import { applyUplifts, parseUplift } from '../../server/domain/forecast/uplift';
import { chatChannel, officeHours, syntheticDesk } from '../helpers/forecast-history';

const HOUR = 3600;

describe('live staffing on slots', () => {
  it('the worked example per hour: 28 slots are 28 operators at 1 dialog, 10 at 3, then shrinkage', () => {
    const target = {
      kind: 'live' as const,
      serviceLevel: 0.8,
      answerSeconds: 30,
      handleSeconds: 330,
      model: 'erlang-c' as const,
    };
    const [solo] = staffLive([250], HOUR, { ...target, concurrency: 1 }, 0);
    expect(solo.operators).toBe(28);
    expect(solo.serviceLevel).toBeCloseTo(0.857, 3);
    const [three] = staffLive([250], HOUR, { ...target, concurrency: 3 }, 0.3);
    // 28 slots over 3 per operator → 10 operators, who give 30 slots: the SL shown is 30 slots'.
    expect(three.operators).toBe(10);
    expect(three.serviceLevel).toBeCloseTo(
      erlangCFigures({ arrivalsPerSecond: 250 / HOUR, handleSeconds: 330 }, 30, 30).serviceLevel,
      12,
    );
    expect(three.scheduled).toBe(Math.ceil(10 / 0.7)); // 15
    expect(three.occupancy).toBeCloseTo(22.9167 / 30, 4);
  });

  it('an empty interval needs nobody', () => {
    const [row] = staffLive(
      [0],
      HOUR,
      { kind: 'live', serviceLevel: 0.8, answerSeconds: 30, handleSeconds: 330, model: 'erlang-c', concurrency: 2 },
      0.3,
    );
    expect(row).toMatchObject({ operators: 0, scheduled: 0, serviceLevel: 1 });
  });

  it('refuses shrinkage of 100 % and a concurrency of 0', () => {
    const t = {
      kind: 'live' as const,
      serviceLevel: 0.8,
      answerSeconds: 30,
      handleSeconds: 330,
      model: 'erlang-c' as const,
    };
    expect(() => staffLive([1], HOUR, { ...t, concurrency: 1 }, 1)).toThrow(/shrinkage/);
    expect(() => staffLive([1], HOUR, { ...t, concurrency: 0 }, 0)).toThrow(/concurrency/);
  });
});

describe('deferred staffing (e-mail)', () => {
  it("spreads each message's work over its window, and the backlog over the first window", () => {
    // 1-hour intervals, a 2-hour window, 30 min of work per message: 4 messages → 2 h of work
    // spread over 2 h → 1 operator busy in that interval and the next.
    const rows = staffDeferred(
      [4, 0, 0, 0],
      HOUR,
      { kind: 'deferred', windowSeconds: 2 * HOUR, effortSeconds: 1800, backlog: 0 },
      0,
    );
    expect(rows.map((r) => r.operators)).toEqual([1, 1, 0, 0]);
    expect(rows[0].occupancy).toBeCloseTo(1, 12);
    // 8 waiting now: 4 h of work over the first 2 h → 2 more operators there.
    const withBacklog = staffDeferred(
      [4, 0, 0, 0],
      HOUR,
      { kind: 'deferred', windowSeconds: 2 * HOUR, effortSeconds: 1800, backlog: 8 },
      0.5,
    );
    expect(withBacklog.map((r) => r.operators)).toEqual([3, 3, 0, 0]);
    expect(withBacklog.map((r) => r.scheduled)).toEqual([6, 6, 0, 0]);
  });

  it('the work staffed over any stretch covers every message whose window closes in it', () => {
    const volumes = [3, 7, 0, 12, 5, 1, 0, 9];
    const rows = staffDeferred(
      volumes,
      HOUR,
      { kind: 'deferred', windowSeconds: 3 * HOUR, effortSeconds: 600, backlog: 0 },
      0,
    );
    let capacity = 0;
    for (let i = 0; i < volumes.length; i++) {
      capacity += rows[i].operators * HOUR;
      const due = volumes.slice(0, Math.max(0, i - 2)).reduce((a, b) => a + b, 0) * 600;
      expect(capacity).toBeGreaterThanOrEqual(due);
    }
  });
});

describe('uplift', () => {
  const at = (s: string) => Date.parse(s);
  it('parses START/DURATION=±PCT% and raises the intervals that start inside it', () => {
    const u = parseUplift('2026-12-01T10:00Z/4h=+60%', at);
    expect(u).toEqual({ from: at('2026-12-01T10:00Z'), to: at('2026-12-01T14:00Z'), factor: 1.6 });
    const start = at('2026-12-01T08:00Z');
    expect(applyUplifts([10, 10, 10, 10, 10, 10, 10], start, 3_600_000, [u])).toEqual([10, 10, 16, 16, 16, 16, 10]);
    expect(parseUplift('2026-12-01T10:00Z/30m=-20%', at).factor).toBeCloseTo(0.8, 12);
  });

  it('refuses other forms with an example of the right one', () => {
    expect(() => parseUplift('2026-12-01T10:00Z=+60%', at)).toThrow(
      /START\/DURATION=±PCT%.*2026-12-01T10:00\/4h=\+60%/,
    );
    expect(() => parseUplift('2026-12-01T10:00Z/4h=-150%', at)).toThrow(/more than 100 %/);
  });
});

describe('handle time at the concurrency worked', () => {
  it('measures concurrency and effort from overlapping dialogs of one operator', () => {
    const s = 1000;
    // 0–100 s alone, 100–200 s with a second dialog (100–300), which is then alone to 300 s.
    const [a, b] = measureDialogs([
      { operatorId: 'ann', assignedAt: 0, resolvedAt: 200 * s },
      { operatorId: 'ann', assignedAt: 100 * s, resolvedAt: 300 * s },
    ]);
    expect(a).toEqual({ handleSeconds: 200, concurrency: 1.5, effortSeconds: 150 });
    expect(b).toEqual({ handleSeconds: 200, concurrency: 1.5, effortSeconds: 150 });
  });

  it('recovers how much each concurrent dialog stretches handle time from a synthetic desk', () => {
    const desk = syntheticDesk({
      start: 0,
      weeks: 2,
      operators: 3,
      channels: [
        { channel: chatChannel('chat'), perHour: officeHours(80), soloSeconds: 200, extraSeconds: 100, abandon: 0 },
      ],
    });
    const worked = measureDialogs(
      desk.conversations.map((c) => ({
        operatorId: c.operatorId!,
        assignedAt: c.assignedAt!,
        resolvedAt: c.resolvedAt!,
      })),
    ).filter((w) => w !== null);
    const model = fitHandleTime(worked);
    expect(model.workedConcurrency).toBeGreaterThan(1.2);
    // The desk was built with handle = 200 s + 100 s per other dialog held (±50 % noise).
    expect(model.soloSeconds).toBeGreaterThan(180);
    expect(model.soloSeconds).toBeLessThan(230);
    expect(model.perExtraDialogSeconds).toBeGreaterThan(80);
    expect(model.perExtraDialogSeconds).toBeLessThan(120);
    expect(handleSecondsAt(model, 3)).toBeCloseTo(model.soloSeconds! + 2 * model.perExtraDialogSeconds, 9);
    expect(model.note).toMatch(/each more concurrent dialog adds/);
  });

  it('says so when concurrency hardly varied, and keeps the measured mean', () => {
    const model = fitHandleTime(
      Array.from({ length: 30 }, (_, i) => ({ handleSeconds: 100 + i, concurrency: 1, effortSeconds: 100 + i })),
    );
    expect(model.soloSeconds).toBeNull();
    expect(handleSecondsAt(model, 3)).toBeCloseTo(114.5, 9);
    expect(model.note).toMatch(/hardly varied/);
  });
});

describe('the plan', () => {
  const start = Date.UTC(2026, 10, 2); // a Monday
  const now = start + 4 * 7 * 86_400_000;
  const desk = syntheticDesk({
    start,
    weeks: 4,
    operators: 6,
    channels: [
      {
        channel: chatChannel('chat', { name: 'Web chat' }),
        perHour: officeHours(30),
        soloSeconds: 240,
        extraSeconds: 60,
        abandon: 0.005,
      },
      {
        channel: chatChannel('tg', { name: 'Telegram', medium: 'messenger', slaFirstMs: 300_000 }),
        perHour: officeHours(15),
        soloSeconds: 300,
        extraSeconds: 60,
        abandon: 0.1,
      },
      {
        channel: chatChannel('mail', { name: 'Mail', medium: 'email', slaFirstMs: 4 * 3_600_000, weight: 0.5 }),
        perHour: officeHours(8),
        soloSeconds: 600,
        extraSeconds: 0,
        abandon: 0,
      },
    ],
  });
  const options = {
    now,
    interval: 60 as const,
    horizon: 'day' as const,
    serviceLevel: 0.8,
    concurrency: null,
    configuredCapacity: 3,
    shrinkage: 0.3,
    uplifts: [],
    model: 'auto' as const,
  };

  it('picks the model per channel from its abandonment and says why', () => {
    const plan = buildPlan(desk.channels, desk.conversations, options);
    const [chat, tg, mail] = ['chat', 'tg', 'mail'].map((id) => plan.channels.find((c) => c.channel.id === id)!);
    expect(chat.model).toBe('erlang-c');
    expect(chat.modelReason).toMatch(/^Erlang C: abandonment 0\.\d %/);
    expect(tg.model).toBe('erlang-a');
    expect(tg.modelReason).toMatch(/^Erlang A: abandonment (9|10|11)\.\d % in the history is material/);
    expect(mail.model).toBe('workload');
    expect(mail.kind).toBe('deferred');
    expect(chat.concurrency).toBe(3);
    expect(mail.concurrency).toBe(6); // capacity 3 over weight 0.5
    expect(plan.starts).toHaveLength(24);
    expect(chat.holdout.wape).not.toBeNull();
  });

  it('staffs the weekday midday peak above the night, and meets the target where it staffs', () => {
    const plan = buildPlan(desk.channels, desk.conversations, options);
    const chat = plan.channels.find((c) => c.channel.id === 'chat')!;
    expect(chat.rows[13].operators).toBeGreaterThan(chat.rows[3].operators);
    for (const r of chat.rows) if (r.operators > 0) expect(r.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(plan.totals[13].scheduled).toBe(plan.channels.reduce((n, c) => n + c.rows[13].scheduled, 0));
  });

  it('an uplift raises the volume and the staff of the intervals it covers, and no others', () => {
    const base = buildPlan(desk.channels, desk.conversations, options);
    const up = buildPlan(desk.channels, desk.conversations, {
      ...options,
      uplifts: [{ from: now + 10 * 3_600_000, to: now + 14 * 3_600_000, factor: 2 }],
    });
    const b = base.channels[0].rows;
    const u = up.channels[0].rows;
    expect(u[11].volume).toBeCloseTo(2 * b[11].volume, 9);
    expect(u[11].operators).toBeGreaterThan(b[11].operators);
    expect(u[9]).toEqual(b[9]);
    expect(u[14]).toEqual(b[14]);
  });

  it('ignores history at and after its start (no peeking at the future)', () => {
    const early = buildPlan(desk.channels, desk.conversations, { ...options, now: now - 7 * 86_400_000 });
    const cut = buildPlan(
      desk.channels,
      desk.conversations.filter((c) => c.createdAt < now - 7 * 86_400_000),
      { ...options, now: now - 7 * 86_400_000 },
    );
    expect(early.channels[0].rows).toEqual(cut.channels[0].rows);
  });
});
