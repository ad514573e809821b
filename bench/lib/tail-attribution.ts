// Which server stalls the slow messages of an open-loop run sat through: each message at or
// over the latency quantile is put down to the kinds of stall (from the server's stall log)
// that overlapped its way from send to delivery, or to none.
import type { Stall } from '../../server/stall-log';

/** Epoch milliseconds on both ends (the driver and the server share the machine's clock). */
export interface TimedMessage {
  sentAt: number;
  deliveredAt: number;
}

export interface StallSummary {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface TailAttribution {
  messages: number;
  thresholdMs: number;
  slow: number;
  /** Slow messages by the `+`-joined kinds of stall they overlapped ("none" if none). */
  byCause: Record<string, number>;
  /** Stalls during the run, by kind. */
  stalls: Record<string, StallSummary>;
}

export function attributeTail(
  messages: readonly TimedMessage[],
  stalls: readonly Stall[],
  opts: { quantile: number; minStallMs: number },
): TailAttribution {
  if (messages.length === 0) throw new Error('no messages to attribute');
  const from = Math.min(...messages.map((m) => m.sentAt));
  const to = Math.max(...messages.map((m) => m.deliveredAt));
  const during = stalls.filter((s) => s.ms >= opts.minStallMs && s.at + s.ms >= from && s.at <= to);
  const latencies = messages.map((m) => m.deliveredAt - m.sentAt).sort((a, b) => a - b);
  const thresholdMs = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * opts.quantile))];
  const byCause: Record<string, number> = {};
  let slow = 0;
  for (const m of messages) {
    if (m.deliveredAt - m.sentAt < thresholdMs) continue;
    slow++;
    const kinds = new Set(during.filter((s) => s.at < m.deliveredAt && s.at + s.ms > m.sentAt).map((s) => s.kind));
    const cause = [...kinds].sort().join('+') || 'none';
    byCause[cause] = (byCause[cause] ?? 0) + 1;
  }
  const summary: Record<string, StallSummary> = {};
  for (const s of during) {
    const k = (summary[s.kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    k.count++;
    k.totalMs += s.ms;
    k.maxMs = Math.max(k.maxMs, s.ms);
  }
  return { messages: messages.length, thresholdMs, slow, byCause, stalls: summary };
}
