// The summary of one load run (what `textdesk load` prints or writes as JSON): the scenario as
// run, throughput over the sending time, latency in both directions and the exactly-once counts.
import type { LatencyPercentiles } from './histogram';
import type { LedgerCounts } from './ledger';
import type { Scenario } from './scenario';

export interface LoadSummary {
  scenario: {
    name: string;
    customers: number;
    operators: number;
    capacity: number;
    channel: Scenario['channel'];
    mode: Scenario['mode'];
    ratePerSec: number | null;
    inFlightPerCustomer: number | null;
    durationMs: number;
    rampUpMs: number;
    messageBytes: number;
    thinkMs: Scenario['thinkMs'];
    replyRatio: number;
    resolveAfterReplies: number;
    seed: number;
  };
  server: { url: string };
  /** Sending time (durationMs) and the drain after it. */
  sendingMs: number;
  drainMs: number;
  throughput: {
    /** Customer messages sent per second of sending time. */
    sentPerSec: number;
    /** Customer messages that reached an operator during the sending time, per second. */
    deliveredPerSec: number;
    /** Operator replies that reached the customer during the sending time, per second. */
    repliesDeliveredPerSec: number;
  };
  latency: {
    /** Customer send (intended time in open loop) → operator receives message.created. */
    customerToOperator: LatencyPercentiles;
    /** operator.send called → web chat push or webhook received. */
    operatorToCustomer: LatencyPercentiles;
    /** Message accepted (ack/202) → conversation.assigned at an operator, once per (re)routing. */
    routingWait: LatencyPercentiles;
  };
  customerMessages: LedgerCounts;
  replies: LedgerCounts;
  conversations: { assigned: number; resolved: number };
  /** Error counts by kind (refused sends, failed operator calls, broken connections, …). */
  errors: Record<string, number>;
  /** The first message of each kind of error, to tell what happened. */
  errorSamples: Record<string, string>;
  errorCount: number;
  /** Open loop: the worst lateness of the load tool's own scheduler (large = tool overloaded). */
  schedulerLagMs: number | null;
  /** Nothing lost, duplicated or unknown in either direction. */
  exact: boolean;
}

/** What the run measured, for summarise to put into the summary's shape. */
export interface RunFigures {
  sendingMs: number;
  drainMs: number;
  deliveredInWindow: number;
  repliesInWindow: number;
  latency: LoadSummary['latency'];
  customerMessages: LedgerCounts;
  replies: LedgerCounts;
  conversations: LoadSummary['conversations'];
  errors: Record<string, number>;
  errorSamples: Record<string, string>;
  errorCount: number;
  schedulerLagMs: number | null;
}

export function summarise(scenario: Scenario, server: { url: string }, f: RunFigures): LoadSummary {
  const seconds = scenario.durationMs / 1000;
  return {
    scenario: {
      name: scenario.name,
      customers: scenario.customers,
      operators: scenario.operators,
      capacity: scenario.capacity,
      channel: scenario.channel,
      mode: scenario.mode,
      ratePerSec: scenario.mode === 'open' ? scenario.ratePerSec : null,
      inFlightPerCustomer: scenario.mode === 'closed' ? scenario.inFlightPerCustomer : null,
      durationMs: scenario.durationMs,
      rampUpMs: scenario.rampUpMs,
      messageBytes: scenario.messageBytes,
      thinkMs: scenario.thinkMs,
      replyRatio: scenario.replyRatio,
      resolveAfterReplies: scenario.resolveAfterReplies,
      seed: scenario.seed,
    },
    server: { url: server.url },
    sendingMs: Math.round(Math.min(f.sendingMs, scenario.durationMs + scenario.drainMs)),
    drainMs: Math.round(f.drainMs),
    throughput: {
      sentPerSec: f.customerMessages.sent / seconds,
      deliveredPerSec: f.deliveredInWindow / seconds,
      repliesDeliveredPerSec: f.repliesInWindow / seconds,
    },
    latency: f.latency,
    customerMessages: f.customerMessages,
    replies: f.replies,
    conversations: f.conversations,
    errors: f.errors,
    errorSamples: f.errorSamples,
    errorCount: f.errorCount,
    schedulerLagMs: f.schedulerLagMs,
    exact: [f.customerMessages, f.replies].every((c) => c.lost === 0 && c.duplicates === 0 && c.unknown === 0),
  };
}
