// The scenario API: defaults, validation naming the field, overrides from flags, and the
// operator's decision (think time, replies, resolve) with a seeded random.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseMillis, verdict } from '../../cli/load/load-command';
import type { LoadSummary } from '../../cli/load/load-summary';
import { MessageLedger } from '../../cli/load/ledger';
import { openLoopPlan } from '../../cli/load/open-loop';
import {
  decide,
  defineScenario,
  loadScenarioFile,
  sampleMs,
  ScenarioError,
  seededRandom,
  withOverrides,
} from '../../cli/load/scenario';
import { decodeTag, encodeTag } from '../../cli/load/tag';

const ctx = (over: Partial<Parameters<typeof decide>[1]> = {}) => ({
  operator: 0,
  customer: 1,
  conversationId: 'c1',
  text: '[ld 1 1 0]',
  repliesSoFar: 0,
  random: seededRandom(1),
  ...over,
});

describe('defineScenario', () => {
  it('fills in defaults: open loop, both channels, capacity enough for every customer', () => {
    const s = defineScenario({ customers: 10, operators: 3 });
    expect(s).toMatchObject({
      name: 'default',
      mode: 'open',
      channel: 'both',
      ratePerSec: 20,
      capacity: 4,
      durationMs: 10_000,
      rampUpMs: 0,
      messageBytes: 64,
      replyRatio: 1,
      resolveAfterReplies: 0,
    });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('is closed loop when inFlightPerCustomer is given', () => {
    expect(defineScenario({ inFlightPerCustomer: 3 })).toMatchObject({ mode: 'closed', inFlightPerCustomer: 3 });
  });

  it.each([
    [{ customers: 0 }, /customers/],
    [{ operators: 1.5 }, /operators/],
    [{ capacity: 0 }, /capacity/],
    [{ channel: 'sms' as never }, /channel/],
    [{ ratePerSec: 10, inFlightPerCustomer: 1 }, /ratePerSec/],
    [{ ratePerSec: -1 }, /ratePerSec/],
    [{ durationMs: 1000, rampUpMs: 2000 }, /rampUpMs/],
    [{ messageBytes: 0 }, /messageBytes/],
    [{ thinkMs: [50, 10] as const }, /thinkMs/],
    [{ replyRatio: 2 }, /replyRatio/],
    [{ resolveAfterReplies: -1 }, /resolveAfterReplies/],
  ])('rejects %o naming the field', (input, field) => {
    expect(() => defineScenario(input)).toThrow(ScenarioError);
    expect(() => defineScenario(input)).toThrow(field);
  });

  it('withOverrides replaces fields and switches loop mode', () => {
    const base = defineScenario({ name: 'x', customers: 5, ratePerSec: 10, thinkMs: 7 });
    const closed = withOverrides(base, { inFlightPerCustomer: 2, customers: undefined });
    expect(closed).toMatchObject({ name: 'x', customers: 5, mode: 'closed', inFlightPerCustomer: 2, thinkMs: 7 });
    const open = withOverrides(closed, { ratePerSec: 99 });
    expect(open).toMatchObject({ mode: 'open', ratePerSec: 99 });
  });
});

describe('operator decisions', () => {
  it('answers every message after a think time within the range, resolving after N replies', () => {
    const s = defineScenario({ thinkMs: [10, 20], resolveAfterReplies: 2 });
    const first = decide(s, ctx());
    expect(first.reply).toBe('');
    expect(first.thinkMs).toBeGreaterThanOrEqual(10);
    expect(first.thinkMs).toBeLessThanOrEqual(20);
    expect(first.resolve).toBe(false);
    expect(decide(s, ctx({ repliesSoFar: 1 })).resolve).toBe(true);
  });

  it('reply ratio 0 never answers', () => {
    const s = defineScenario({ replyRatio: 0 });
    for (let i = 0; i < 20; i++) expect(decide(s, ctx()).reply).toBeNull();
  });

  it('reply ratio 0.5 answers about half, reproducibly from the seed', () => {
    const s = defineScenario({ replyRatio: 0.5 });
    const run = () => {
      const random = seededRandom(42);
      return Array.from({ length: 1000 }, () => decide(s, ctx({ random })).reply !== null);
    };
    const a = run();
    expect(a).toEqual(run());
    const yes = a.filter(Boolean).length;
    expect(yes).toBeGreaterThan(420);
    expect(yes).toBeLessThan(580);
  });

  it('the onCustomerMessage hook decides instead, with its own text and think time', () => {
    const s = defineScenario({
      onCustomerMessage: ({ repliesSoFar, customer }) =>
        repliesSoFar >= 1 ? { resolve: true } : { reply: `hi ${customer}`, thinkMs: 3 },
    });
    expect(decide(s, ctx())).toEqual({ reply: 'hi 1', thinkMs: 3, resolve: false });
    expect(decide(s, ctx({ repliesSoFar: 1 }))).toMatchObject({ reply: null, resolve: true });
  });

  it('sampleMs: fixed or uniform in the range', () => {
    const random = seededRandom(3);
    expect(sampleMs(5, random)).toBe(5);
    for (let i = 0; i < 100; i++) {
      const v = sampleMs([2, 4], random);
      expect(v).toBeGreaterThanOrEqual(2);
      expect(v).toBeLessThan(4);
    }
  });
});

describe('scenario files and flags', () => {
  it('loads a TypeScript scenario file exporting defineScenario or a plain object', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'textdesk-scenario-'));
    try {
      const scenarioModule = path.resolve(import.meta.dirname, '../../cli/load/scenario.ts');
      const a = path.join(dir, 'a.ts');
      writeFileSync(
        a,
        `import { defineScenario } from ${JSON.stringify(scenarioModule)};\nexport default defineScenario({ name: 'a', customers: 3 as number });\n`,
      );
      expect(await loadScenarioFile(a)).toMatchObject({ name: 'a', customers: 3 });
      const b = path.join(dir, 'b.ts');
      writeFileSync(b, `export const scenario = { name: 'b', inFlightPerCustomer: 2 };\n`);
      expect(await loadScenarioFile(b)).toMatchObject({ name: 'b', mode: 'closed' });
      const c = path.join(dir, 'c.ts');
      writeFileSync(c, `export const nothing = 1;\n`);
      await expect(loadScenarioFile(c)).rejects.toThrow(/export default defineScenario/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses durations and think times', () => {
    expect(parseDuration('10s')).toBe(10_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1500')).toBe(1500);
    expect(() => parseDuration('soon')).toThrow(ScenarioError);
    expect(parseMillis('50')).toBe(50);
    expect(parseMillis('20-80')).toEqual([20, 80]);
  });

  it('verdict fails on losses or errors above the thresholds', () => {
    const counts = {
      sent: 10,
      accepted: 10,
      rejected: 0,
      unanswered: 0,
      delivered: 9,
      lost: 1,
      duplicates: 0,
      unknown: 0,
    };
    const summary = {
      customerMessages: counts,
      replies: { ...counts, lost: 0, delivered: 10 },
      errorCount: 2,
    } as unknown as LoadSummary;
    expect(verdict(summary, 0, 0).ok).toBe(false);
    expect(verdict(summary, 1, 2)).toEqual({ ok: true, reasons: [] });
    expect(verdict(summary, 1, 1).reasons).toEqual(['2 errors (--max-errors 1)']);
  });
});

describe('building blocks', () => {
  it('tags survive the text round trip and pad to the size', () => {
    const text = encodeTag({ kind: 'customer', id: 12, customer: 3, t: 123456 }, 'where is my order?', 80);
    expect(text).toHaveLength(80);
    expect(decodeTag(text)).toEqual({ kind: 'customer', id: 12, customer: 3, t: 123456 });
    expect(decodeTag(encodeTag({ kind: 'reply', id: 0, customer: 0, t: 1 }))).toMatchObject({ kind: 'reply' });
    expect(decodeTag('hello')).toBeNull();
  });

  it('the ledger counts lost, refused, duplicated and unknown', () => {
    const l = new MessageLedger();
    const ids = Array.from({ length: 5 }, () => l.nextId());
    l.accept(ids[0]);
    l.accept(ids[1]);
    l.reject(ids[2]);
    expect(l.deliver(ids[0])).toBe(true);
    expect(l.deliver(ids[0])).toBe(false);
    expect(l.deliver(99)).toBe(false);
    expect(l.deliver(ids[3])).toBe(true); // delivered before its ack arrived
    expect(l.counts()).toEqual({
      sent: 5,
      accepted: 2,
      rejected: 1,
      unanswered: 2,
      delivered: 2,
      lost: 2,
      duplicates: 1,
      unknown: 1,
    });
    expect(l.outstanding()).toBe(2);
  });

  it('open-loop plan: linear ramp, then the full rate', () => {
    const flat = openLoopPlan(100, 1000);
    expect(flat.total).toBe(100);
    expect(flat.offsetOf(50)).toBeCloseTo(500);
    const ramp = openLoopPlan(100, 2000, 1000);
    expect(ramp.total).toBe(150); // 50 during the ramp + 100 after
    expect(ramp.offsetOf(50)).toBeCloseTo(1000);
    expect(ramp.offsetOf(100)).toBeCloseTo(1500);
    // Intervals shrink during the ramp.
    expect(ramp.offsetOf(2) - ramp.offsetOf(1)).toBeGreaterThan(ramp.offsetOf(40) - ramp.offsetOf(39));
  });
});
