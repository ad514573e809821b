// The live statistics in Prometheus form: a pure mapping from a snapshot to gauge samples, per
// queue and per channel. Shares stay 0..1 and durations are seconds, as Prometheus conventions
// ask; a figure with nothing to measure yet (no service level, no rating) has no sample.
import type { ChannelStats, QueueStats, StatsSnapshot } from '../../shared/stats';

export interface StatsGauge {
  name: string;
  help: string;
  labelNames: ['queue'] | ['channel'];
}

export interface StatsSample {
  labels: Record<string, string>;
  value: number;
}

type Scope = QueueStats | ChannelStats;

interface Figure {
  suffix: string;
  help: string;
  value: (s: Scope) => number | null;
}

const FIGURES: readonly Figure[] = [
  { suffix: 'waiting', help: 'conversations waiting for an operator', value: (s) => s.waiting },
  {
    suffix: 'longest_wait_seconds',
    help: 'longest current wait in the queue, seconds',
    value: (s) => s.longestWaitMs / 1000,
  },
  {
    suffix: 'service_level_today',
    help: 'share answered within the SLA target since local midnight (0..1)',
    value: (s) => s.windows.today.serviceLevel,
  },
  {
    suffix: 'abandoned_today',
    help: 'conversations closed before any answer since local midnight',
    value: (s) => s.windows.today.abandoned,
  },
  {
    suffix: 'csat_average_today',
    help: 'average customer rating (1-5) since local midnight',
    value: (s) => s.windows.today.ratings.average,
  },
];

const KINDS = [
  {
    kind: 'queue',
    label: 'queue',
    scopes: (s: StatsSnapshot) => s.queues,
    id: (q: Scope) => (q as QueueStats).queueId,
  },
  {
    kind: 'channel',
    label: 'channel',
    scopes: (s: StatsSnapshot) => s.channels,
    id: (c: Scope) => (c as ChannelStats).channelId,
  },
] as const;

/** Every gauge statsSamples fills, to register once. */
export const STATS_GAUGES: readonly StatsGauge[] = KINDS.flatMap((k) =>
  FIGURES.map((f) => ({
    name: `textdesk_${k.kind}_${f.suffix}`,
    help: `Per ${k.kind}: ${f.help}`,
    labelNames: [k.label] as ['queue'] | ['channel'],
  })),
);

/** Samples by gauge name; every gauge of STATS_GAUGES has an entry (possibly empty). */
export function statsSamples(snapshot: StatsSnapshot | null): Map<string, StatsSample[]> {
  const out = new Map<string, StatsSample[]>(STATS_GAUGES.map((g) => [g.name, []]));
  if (!snapshot) return out;
  for (const k of KINDS) {
    for (const scope of k.scopes(snapshot)) {
      for (const f of FIGURES) {
        const value = f.value(scope);
        if (value === null || !Number.isFinite(value)) continue;
        out.get(`textdesk_${k.kind}_${f.suffix}`)!.push({ labels: { [k.label]: k.id(scope) }, value });
      }
    }
  }
  return out;
}
