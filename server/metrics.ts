// Prometheus metrics at /metrics (prom-client: the standard exposition format and process
// metrics without writing either ourselves). Built in two steps, in the order of dependence:
// the registry, counters and histograms first, because the store and the outbox report to them;
// then the gauges, which read the desk and the outbox when scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Outbox } from './channels/outbox';
import type { Desk } from './desk/desk';
import { STATS_GAUGES, statsSamples } from './domain/stats-prometheus';
import type { StatsSnapshot } from '../shared/stats';

export function createMetrics(opts: { embeddedStore: boolean }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'textdesk_' });
  const messagesIn = new Counter({
    name: 'textdesk_messages_in_total',
    help: 'Customer messages accepted, by channel',
    labelNames: ['channel'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'textdesk_webhook_deliveries_total',
    help: 'Messages delivered to channel webhooks',
    labelNames: ['channel'],
    registers: [registry],
  });
  // The embedded store commits on the event loop: every group commit delays everything else.
  const storeCommitSeconds = new Histogram({
    name: 'textdesk_store_commit_seconds',
    help: 'Group commits of the embedded store: how long each held the event loop, disk sync included',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25],
    registers: opts.embeddedStore ? [registry] : [],
  });
  return { registry, messagesIn, deliveries, storeCommitSeconds };
}

/** The gauges, read from the desk, the outbox and the latest stats tick when scraped. */
export function registerGauges(
  registry: Registry,
  desk: Desk,
  outbox: Pick<Outbox, 'pendingCount'>,
  stats?: { latest(): StatsSnapshot | null },
): void {
  new Gauge({
    name: 'textdesk_conversations_waiting',
    help: 'Conversations waiting for an operator, by queue',
    labelNames: ['queue'],
    registers: [registry],
    collect() {
      for (const queue of desk.directory.listQueues())
        this.set({ queue: queue.id }, desk.ctx.router.waitingCount(queue.id));
    },
  });
  new Gauge({
    name: 'textdesk_conversations_open',
    help: 'Open (queued or assigned) conversations',
    registers: [registry],
    collect() {
      this.set(desk.book.all().length);
    },
  });
  new Gauge({
    name: 'textdesk_operators_connected',
    help: 'Operators with a console connected',
    registers: [registry],
    collect() {
      this.set(desk.connections.connectedCount());
    },
  });
  new Gauge({
    name: 'textdesk_outbox_pending',
    help: 'Outbound messages not yet accepted by their webhook',
    registers: [registry],
    collect() {
      this.set(outbox.pendingCount());
    },
  });
  // Per queue and channel, from the latest stats tick (at most a second old when scraped).
  if (stats) {
    // Mapped once per tick, not once per gauge.
    let samples: { of: StatsSnapshot | null; byName: ReturnType<typeof statsSamples> } = {
      of: null,
      byName: statsSamples(null),
    };
    const current = () => {
      const snapshot = stats.latest();
      if (snapshot !== samples.of) samples = { of: snapshot, byName: statsSamples(snapshot) };
      return samples.byName;
    };
    for (const gauge of STATS_GAUGES) {
      new Gauge({
        name: gauge.name,
        help: gauge.help,
        labelNames: gauge.labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const sample of current().get(gauge.name) ?? []) this.set(sample.labels, sample.value);
        },
      });
    }
  }
}

/** Free space on the embedded store's data directory, and whether writes are refused for lack of it. */
export function registerDiskGauges(
  registry: Registry,
  disk: { readonly low: boolean; readonly freeBytes: number | null },
) {
  new Gauge({
    name: 'textdesk_disk_free_bytes',
    help: 'Free bytes on the data directory at the last check (about once a second)',
    registers: [registry],
    collect() {
      if (disk.freeBytes !== null) this.set(disk.freeBytes);
    },
  });
  new Gauge({
    name: 'textdesk_disk_low',
    help: '1 while free space on the data directory is below minFreeBytes and writes are refused with 503',
    registers: [registry],
    collect() {
      this.set(disk.low ? 1 : 0);
    },
  });
}
