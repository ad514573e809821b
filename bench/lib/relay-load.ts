// The load driver: N customers and M operators on a LoadTarget, in closed loop (maximum
// throughput) or open loop (latency at a fixed rate). Latency is end to end, customer send →
// operator receive, read on this one process's clock, so the two ends need no clock sync.
import { createLatencyHistogram, type LatencyPercentiles } from '../../cli/load/histogram';
import { runClosedLoop, scheduleOpenLoop } from '../../cli/load/open-loop';
import { MessageLedger, type LedgerCounts } from '../../cli/load/ledger';
import type { MonotonicWindow } from './cpu-profile';
import type { LoadTarget } from './target';

export interface RelayLoadOptions {
  customers: number;
  operators: number;
  /** Message text; kept short so the driver, not JSON, stays cheap. */
  text?: string;
  /** How long to wait after a run for messages still in flight before calling them lost. */
  drainTimeoutMs?: number;
  /** CPU ms the server has used so far (all its threads): gives CPU per message, a steadier
   * figure than throughput on a noisy machine. */
  serverCpuMs?: () => number;
}

export interface ClosedLoopRun {
  /** Messages each customer keeps in flight. */
  inFlightPerCustomer: number;
  durationMs: number;
  warmupMs: number;
}

export interface OpenLoopRun {
  /** Total rate over all customers, which take turns. */
  ratePerSec: number;
  durationMs: number;
  warmupMs: number;
}

export interface ClosedLoopFigures {
  msgPerSec: number;
  /** Deliveries inside the measured window. */
  completed: number;
  durationMs: number;
  inFlight: number;
  /** From actual send time; informational only, since a closed loop hides stalls. */
  latency: LatencyPercentiles;
  /** When the measured part ran, to match a server profile against. */
  measured: MonotonicWindow;
  /** Server CPU (all threads) per delivered message in the measured part; null without serverCpuMs. */
  serverCpuUsPerMsg: number | null;
}

export interface OpenLoopFigures {
  ratePerSec: number;
  /** Messages sent in the measured window. */
  sent: number;
  /** Messages (warm-up included) still undelivered after the drain timeout. */
  lost: number;
  /** Worst lateness of the driver's own scheduler; large values mean the driver was overloaded. */
  maxSchedulerLagMs: number;
  /** From each message's intended send time (no coordinated omission). */
  latency: LatencyPercentiles;
  measured: MonotonicWindow;
  /** Server CPU (all threads) per message sent in the measured part; null without serverCpuMs. */
  serverCpuUsPerMsg: number | null;
}

/** The bench never acknowledges a send (a target's send only signals errors), so the ledger's
 * accepted/rejected/unanswered counts would be noise: the bench reports these four. */
export type DriverCounts = Pick<LedgerCounts, 'sent' | 'delivered' | 'duplicates' | 'unknown'>;

export interface RelayLoad {
  runClosed(run: ClosedLoopRun): Promise<ClosedLoopFigures>;
  runOpen(run: OpenLoopRun): Promise<OpenLoopFigures>;
  /** Exactly-once accounting over everything sent so far. */
  counts(): DriverCounts;
  close(): Promise<void>;
}

const nowNs = (): number => Math.round(performance.now() * 1e6);
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Connects operators, then customers (customer i → operator i % operators), to `target`. */
export async function startRelayLoad(target: LoadTarget, opts: RelayLoadOptions): Promise<RelayLoad> {
  const text = opts.text ?? 'hello, I need help with my order';
  const drainTimeoutMs = opts.drainTimeoutMs ?? 5_000;
  const ledger = new MessageLedger();
  // Closed-loop senders waiting for their message to reach the operator, by message id.
  const waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let histogram = createLatencyHistogram();
  // Only messages with id ≥ this are timed: warm-up traffic stays out of the figures.
  let recordFromId = Infinity;
  let onDrained: (() => void) | undefined;

  target.onDeliver((_operatorIdx, msg) => {
    const latencyMs = (nowNs() - msg.t) / 1e6;
    if (!ledger.deliver(msg.id)) return;
    if (msg.id >= recordFromId) histogram.record(latencyMs);
    const waiter = waiters.get(msg.id);
    if (waiter !== undefined) {
      waiters.delete(msg.id);
      waiter.resolve();
    }
    if (onDrained !== undefined && ledger.outstanding() === 0) onDrained();
  });
  await target.connectOperators(opts.operators);
  await target.connectCustomers(opts.customers, (c) => c % opts.operators);

  // Returns the id and whatever the target's send returned (a promise only signals send errors).
  const send = (c: number, t: number): { id: number; sent: void | Promise<void> } => {
    const id = ledger.nextId();
    return { id, sent: target.send(c, { id, c, t, text }) };
  };

  const drain = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        onDrained = undefined;
        resolve();
      };
      const timer = setTimeout(done, drainTimeoutMs);
      if (ledger.outstanding() === 0) done();
      else onDrained = done;
    });

  let measuredFromUs = 0;
  let serverCpuFromMs = 0;
  const startMeasuring = (): void => {
    histogram = createLatencyHistogram();
    recordFromId = ledger.counts().sent;
    measuredFromUs = monotonicUs();
    serverCpuFromMs = opts.serverCpuMs?.() ?? 0;
  };
  const serverCpuUsPerMsg = (messages: number): number | null =>
    opts.serverCpuMs && messages > 0 ? ((opts.serverCpuMs() - serverCpuFromMs) * 1000) / messages : null;

  return {
    async runClosed(run) {
      recordFromId = Infinity;
      const warmupTimer = setTimeout(startMeasuring, run.warmupMs);
      // A lost message would leave its sender waiting forever: fail whoever still waits once the
      // run plus the drain timeout is over (one timer, not one per message).
      const lossTimer = setTimeout(
        () => {
          for (const [id, waiter] of waiters) waiter.reject(new Error(`message ${id} was not delivered`));
          waiters.clear();
        },
        run.warmupMs + run.durationMs + drainTimeoutMs,
      );
      try {
        const result = await runClosedLoop({
          concurrency: opts.customers * run.inFlightPerCustomer,
          durationMs: run.durationMs,
          warmupMs: run.warmupMs,
          send: (worker) =>
            new Promise<void>((resolve, reject) => {
              const { id, sent } = send(worker % opts.customers, nowNs());
              waiters.set(id, { resolve, reject });
              sent?.catch(reject);
            }),
        });
        return {
          msgPerSec: result.perSec,
          completed: result.completed,
          durationMs: result.elapsedMs,
          inFlight: opts.customers * run.inFlightPerCustomer,
          latency: histogram.percentiles(),
          measured: { fromUs: measuredFromUs, toUs: monotonicUs() },
          serverCpuUsPerMsg: serverCpuUsPerMsg(result.completed),
        };
      } finally {
        clearTimeout(warmupTimer);
        clearTimeout(lossTimer);
      }
    },

    async runOpen(run) {
      let nextCustomer = 0;
      const fire = (intendedAt: number): Promise<void> => {
        const { sent } = send(nextCustomer, Math.round(intendedAt * 1e6));
        nextCustomer = (nextCustomer + 1) % opts.customers;
        return Promise.resolve(sent);
      };
      recordFromId = Infinity;
      const warmup = await scheduleOpenLoop({ ratePerSec: run.ratePerSec, durationMs: run.warmupMs, send: fire });
      startMeasuring();
      const measured = await scheduleOpenLoop({ ratePerSec: run.ratePerSec, durationMs: run.durationMs, send: fire });
      const measuredToUs = monotonicUs();
      const cpuPerMsg = serverCpuUsPerMsg(measured.intendedAt.length);
      await drain();
      const sendErrors = warmup.errors + measured.errors;
      if (sendErrors > 0) throw new Error(`${sendErrors} sends failed`);
      return {
        ratePerSec: run.ratePerSec,
        sent: measured.intendedAt.length,
        lost: ledger.outstanding(),
        maxSchedulerLagMs: measured.maxLagMs,
        latency: histogram.percentiles(),
        measured: { fromUs: measuredFromUs, toUs: measuredToUs },
        serverCpuUsPerMsg: cpuPerMsg,
      };
    },

    counts: () => {
      const { sent, delivered, duplicates, unknown } = ledger.counts();
      return { sent, delivered, duplicates, unknown };
    },
    close: () => target.close(),
  };
}
