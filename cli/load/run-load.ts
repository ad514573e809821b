// The load engine: provisions a queue, channels and operators on a server, connects simulated
// operators (tRPC) and customers (web chat and/or HTTP API), drives customer messages in open or
// closed loop, lets operators answer as the scenario says, and accounts for every message in
// both directions. All timing is performance.now() in this one process: the sender writes its
// time into the text (tag.ts) and the receiver — operator, web chat tab or webhook — reads it.
// This file is the run itself and the operators' side; setup is connect-run.ts, the customers'
// sending customer-traffic.ts, the result load-summary.ts.
import type { Conversation, Message } from '../../shared/schemas';
import { closeRun, connectRun, emptyRun, type LoadServer } from './connect-run';
import { sendCustomerMessages, usNow } from './customer-traffic';
import { createLatencyHistogram, type LatencyHistogram } from './histogram';
import { MessageLedger } from './ledger';
import { summarise, type LoadSummary } from './load-summary';
import { SimOperator } from './operator-sim';
import { RoutingWait } from './routing-wait';
import { decide, seededRandom, type Scenario } from './scenario';
import { decodeTag, encodeTag } from './tag';

export interface Progress {
  elapsedMs: number;
  phase: 'setup' | 'running' | 'draining';
  sent: number;
  delivered: number;
  replies: number;
  repliesDelivered: number;
  errors: number;
  /** Customer messages delivered per second since the previous report. */
  ratePerSec: number;
  /** Customer → operator p99 so far, ms. */
  p99: number;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  progressEveryMs?: number;
  /** Called once operators and customers are connected, before sending starts. */
  onConnected?: () => void | Promise<void>;
}

export async function runLoad(scenario: Scenario, server: LoadServer, hooks: RunHooks = {}): Promise<LoadSummary> {
  const started = performance.now();
  const random = seededRandom(scenario.seed);
  const messages = new MessageLedger();
  const replies = new MessageLedger();
  const toOperator = createLatencyHistogram();
  const toCustomer = createLatencyHistogram();
  const routing = createLatencyHistogram();
  const errors: Record<string, number> = {};
  const errorSamples: Record<string, string> = {};
  let errorCount = 0;
  const error = (kind: string, cause?: unknown): void => {
    errors[kind] = (errors[kind] ?? 0) + 1;
    errorCount++;
    if (cause !== undefined && errorSamples[kind] === undefined)
      errorSamples[kind] = String((cause as Error)?.message ?? cause).slice(0, 300);
  };
  let phase: Progress['phase'] = 'setup';
  let sendStart = Infinity;
  let sendEnd = Infinity;
  let deliveredInWindow = 0;
  let repliesInWindow = 0;
  let assigned = 0;
  let resolved = 0;
  /** Replies decided but not yet answered by the server (think time or call in flight). */
  let repliesPending = 0;

  const routingWait = new RoutingWait(routing);

  // ---- closed loop: senders waiting for their message to reach an operator ----
  const waiters = new Map<number, () => void>();

  // ---- operator → customer deliveries (web chat push or webhook) ----
  const replyArrived = (text: string, at: number): void => {
    const tag = decodeTag(text);
    if (!tag || tag.kind !== 'reply') return;
    if (!replies.deliver(tag.id)) return;
    toCustomer.record(at - tag.t / 1000);
    if (at <= sendEnd) repliesInWindow++;
  };

  const repliesIn = new Map<string, number>();
  const onCustomerMessage = (op: SimOperator, message: Message, at: number, source: 'live' | 'transcript'): void => {
    const tag = decodeTag(message.text);
    if (!tag || tag.kind !== 'customer') return;
    // A reopened conversation's transcript holds messages delivered before: not duplicates.
    if (source === 'transcript' && messages.isDelivered(tag.id)) return;
    if (!messages.deliver(tag.id)) return;
    toOperator.record(at - tag.t / 1000);
    if (at <= sendEnd) deliveredInWindow++;
    const wake = waiters.get(tag.id);
    if (wake) {
      waiters.delete(tag.id);
      wake();
    }
    const conversationId = message.conversationId;
    const action = decide(scenario, {
      operator: op.index,
      customer: tag.customer,
      conversationId,
      text: message.text,
      repliesSoFar: repliesIn.get(conversationId) ?? 0,
      random,
    });
    if (action.reply === null && !action.resolve) return;
    repliesPending++;
    setTimeout(() => {
      // One operator acts on one conversation at a time, as a person does: a reply thought out
      // meanwhile waits for the previous action (e.g. a resolve) to finish.
      const key = `${op.index}\u0000${conversationId}`;
      const previous = actionChain.get(key) ?? Promise.resolve();
      const next = previous.then(() => answer(op, conversationId, tag.customer, action));
      actionChain.set(key, next);
      void next.then(() => {
        if (actionChain.get(key) === next) actionChain.delete(key);
      });
    }, action.thinkMs);
  };
  const actionChain = new Map<string, Promise<void>>();

  const answer = async (
    op: SimOperator,
    conversationId: string,
    customer: number,
    action: { reply: string | null; resolve: boolean },
  ): Promise<void> => {
    try {
      if (!op.conversations.has(conversationId)) return; // resolved or taken away meanwhile
      if (action.reply !== null) {
        const id = replies.nextId();
        const text = encodeTag({ kind: 'reply', id, customer, t: usNow() }, action.reply, scenario.messageBytes);
        try {
          await op.send(conversationId, `${run.runId}-r${id}`, text);
          replies.accept(id);
          repliesIn.set(conversationId, (repliesIn.get(conversationId) ?? 0) + 1);
        } catch (e) {
          replies.reject(id);
          error('operator-send', e);
          return;
        }
      }
      if (action.resolve && op.conversations.has(conversationId)) {
        try {
          op.conversations.delete(conversationId);
          await op.resolve(conversationId);
          resolved++;
        } catch (e) {
          error('operator-resolve', e);
        }
      }
    } finally {
      repliesPending--;
    }
  };

  // ---- setup ----
  const run = emptyRun();
  let progressTimer: NodeJS.Timeout | undefined;
  try {
    await connectRun(scenario, server, run, {
      operator: {
        onAssigned: (_op, conversation: Conversation, at) => {
          assigned++;
          routingWait.onAssigned(conversation.id, at);
        },
        onRemoved: (_op, conversationId) => {
          routingWait.onRemoved(conversationId);
          repliesIn.delete(conversationId);
        },
        onCustomerMessage,
        onError: (kind, e) => error(kind, e),
      },
      onOperatorText: replyArrived,
      error,
    });
    await hooks.onConnected?.();

    // ---- progress ----
    let lastDelivered = 0;
    let lastAt = performance.now();
    const report = (): void => {
      const now = performance.now();
      const counts = messages.counts();
      hooks.onProgress?.({
        elapsedMs: Number.isFinite(sendStart) ? now - sendStart : 0,
        phase,
        sent: counts.sent,
        delivered: counts.delivered,
        replies: replies.counts().sent,
        repliesDelivered: replies.counts().delivered,
        errors: errorCount,
        ratePerSec: ((counts.delivered - lastDelivered) * 1000) / Math.max(1, now - lastAt),
        p99: toOperator.percentiles().p99,
      });
      lastDelivered = counts.delivered;
      lastAt = now;
    };
    if (hooks.onProgress) progressTimer = setInterval(report, hooks.progressEveryMs ?? 1000);

    // ---- sending ----
    phase = 'running';
    sendStart = performance.now();
    sendEnd = sendStart + scenario.durationMs;
    const schedulerLagMs = await sendCustomerMessages({
      scenario,
      customers: run.customers,
      runId: run.runId,
      messages,
      waiters,
      onAck: (ack, at) => routingWait.onAck(ack, at),
      error,
      sendEnd,
    });
    const sendingMs = Math.max(scenario.durationMs, performance.now() - sendStart);

    // ---- drain: wait for everything in flight, including replies still being thought about ----
    phase = 'draining';
    const drainStart = performance.now();
    const drainUntil = Math.max(drainStart, sendEnd) + scenario.drainMs;
    while (
      performance.now() < drainUntil &&
      (messages.outstanding() > 0 || replies.outstanding() > 0 || repliesPending > 0)
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const drainMs = performance.now() - drainStart;
    if (progressTimer) {
      clearInterval(progressTimer);
      progressTimer = undefined;
      report();
    }

    return summarise(scenario, server, {
      sendingMs,
      drainMs,
      deliveredInWindow,
      repliesInWindow,
      latency: {
        customerToOperator: toOperator.percentiles(),
        operatorToCustomer: toCustomer.percentiles(),
        routingWait: routing.percentiles(),
      },
      customerMessages: messages.counts(),
      replies: replies.counts(),
      conversations: { assigned, resolved },
      errors,
      errorSamples,
      errorCount,
      schedulerLagMs,
    });
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    await closeRun(run);
    void started;
  }
}

export type { LatencyHistogram };
