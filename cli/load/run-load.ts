// The load engine: provisions a queue, channels and operators on a server, connects simulated
// operators (tRPC) and customers (web chat and/or HTTP API), drives customer messages in open or
// closed loop, lets operators answer as the scenario says, and accounts for every message in
// both directions. All timing is performance.now() in this one process: the sender writes its
// time into the text (tag.ts) and the receiver — operator, web chat tab or webhook — reads it.
import type { Agent } from 'node:http';
import type { Conversation, Message, WebhookPayload } from '../../shared/schemas';
import { apiAgent, openApiCustomer, openWebchatCustomer, SendError, type Ack, type SimCustomer } from './customers';
import { createLatencyHistogram, type LatencyHistogram, type LatencyPercentiles } from './histogram';
import { MessageLedger, type LedgerCounts } from './ledger';
import { scheduleOpenLoop } from './open-loop';
import { SimOperator } from './operator-sim';
import { provision } from './provision';
import { decide, seededRandom, type Scenario } from './scenario';
import { decodeTag, encodeTag } from './tag';
import { startWebhookSink, type WebhookSink } from './webhook-sink';

export interface LoadServer {
  url: string;
  wsUrl: string;
  admin: { login: string; password: string };
}

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

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  progressEveryMs?: number;
  /** Called once operators and customers are connected, before sending starts. */
  onConnected?: () => void | Promise<void>;
}

const CONNECT_BATCH = 100;
const OPERATOR_LOGINS_AT_ONCE = 4;
const usNow = (): number => Math.round(performance.now() * 1000);

async function inBatches<T>(count: number, batch: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < count; from += batch) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, k) => open(from + k)))));
  }
  return out;
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
    if (cause !== undefined && errorSamples[kind] === undefined) errorSamples[kind] = String((cause as Error)?.message ?? cause).slice(0, 300);
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
  const useApi = scenario.channel !== 'webchat';
  const useWebchat = scenario.channel !== 'api';
  const channelOf = (c: number): 'api' | 'webchat' => (scenario.channel === 'both' ? (c % 2 === 0 ? 'webchat' : 'api') : scenario.channel);

  // ---- routing wait: ack of the message that (re)opened a conversation → its assignment ----
  const held = new Set<string>();
  const ackedUnassigned = new Map<string, number>();
  const assignedBeforeAck = new Set<string>();
  const onAck = (ack: Ack, at: number): void => {
    if (held.has(ack.conversationId)) {
      if (assignedBeforeAck.delete(ack.conversationId)) routing.record(0);
    } else if (!ackedUnassigned.has(ack.conversationId)) ackedUnassigned.set(ack.conversationId, at);
  };

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
          await op.send(conversationId, `${runId}-r${id}`, text);
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
  let sink: WebhookSink | null = null;
  let agent: Agent | null = null;
  let operators: SimOperator[] = [];
  let customers: SimCustomer[] = [];
  let runId = '';
  let progressTimer: NodeJS.Timeout | undefined;
  try {
    if (useApi) {
      sink = await startWebhookSink(
        (payload: WebhookPayload, at) => {
          if (payload.message.author.type === 'operator') replyArrived(payload.message.text, at);
        },
        error,
      );
    }
    const desk = await provision({
      url: server.url,
      admin: server.admin,
      operators: scenario.operators,
      capacity: scenario.capacity,
      api: useApi,
      webchat: useWebchat,
      webhookUrl: sink?.url ?? null,
    });
    runId = desk.runId;
    operators = await inBatches(desk.operators.length, OPERATOR_LOGINS_AT_ONCE, (i) =>
      SimOperator.connect({
        url: server.url,
        wsUrl: server.wsUrl,
        ...desk.operators[i],
        index: i,
        handlers: {
          onAssigned: (_op, conversation: Conversation, at) => {
            assigned++;
            held.add(conversation.id);
            const ackAt = ackedUnassigned.get(conversation.id);
            if (ackAt !== undefined) {
              ackedUnassigned.delete(conversation.id);
              routing.record(at - ackAt);
            } else assignedBeforeAck.add(conversation.id);
          },
          onRemoved: (_op, conversationId) => {
            held.delete(conversationId);
            assignedBeforeAck.delete(conversationId);
            repliesIn.delete(conversationId);
          },
          onCustomerMessage,
          onError: (kind, e) => error(kind, e),
        },
      }),
    );
    if (useApi) agent = apiAgent();
    customers = await inBatches(scenario.customers, CONNECT_BATCH, async (i) =>
      channelOf(i) === 'webchat'
        ? openWebchatCustomer({
            wsUrl: server.wsUrl,
            channelId: desk.webchat!.channelId,
            index: i,
            name: `Customer ${i}`,
            onPush: (_c, message, at) => {
              if (message.author.type === 'operator') replyArrived(message.text, at);
            },
            onError: (kind, e) => error(kind, e),
          })
        : openApiCustomer({
            url: server.url,
            channelId: desk.api!.channelId,
            secret: desk.api!.secret,
            contactId: `${desk.runId}-c${i}`,
            name: `Customer ${i}`,
            index: i,
            agent: agent!,
          }),
    );
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
    const seqOf = new Uint32Array(scenario.customers);
    const sendOne = (c: number, intendedUs: number): { id: number; done: Promise<void> } => {
      const id = messages.nextId();
      const body = scenario.customerText?.({ customer: c, seq: seqOf[c]++ }) ?? '';
      const text = encodeTag({ kind: 'customer', id, customer: c, t: intendedUs }, body, scenario.messageBytes);
      const customer = customers[c];
      const key = customer.channel === 'webchat' ? `m${id}` : `${runId}-m${id}`;
      const done = customer.send(key, text).then(
        (ack) => {
          messages.accept(id);
          onAck(ack, performance.now());
        },
        (e: unknown) => {
          messages.reject(id);
          error(e instanceof SendError ? e.kind : 'send', e);
          throw e;
        },
      );
      return { id, done };
    };

    phase = 'running';
    sendStart = performance.now();
    sendEnd = sendStart + scenario.durationMs;
    let schedulerLagMs: number | null = null;
    if (scenario.mode === 'open') {
      let next = 0;
      const result = await scheduleOpenLoop({
        ratePerSec: scenario.ratePerSec,
        durationMs: scenario.durationMs,
        rampUpMs: scenario.rampUpMs,
        noWait: true,
        send: (intendedAt) => {
          const c = next;
          next = (next + 1) % scenario.customers;
          return sendOne(c, Math.round(intendedAt * 1000)).done.catch(() => {});
        },
      });
      schedulerLagMs = result.maxLagMs;
    } else {
      const worker = async (c: number, k: number): Promise<void> => {
        const slot = c * scenario.inFlightPerCustomer + k;
        const total = scenario.customers * scenario.inFlightPerCustomer;
        const delay = scenario.rampUpMs > 0 ? (scenario.rampUpMs * slot) / total : 0;
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        while (performance.now() < sendEnd) {
          const { id, done } = sendOne(c, usNow());
          const delivered = new Promise<void>((resolve) => waiters.set(id, resolve));
          try {
            await done;
          } catch {
            waiters.delete(id);
            await new Promise((r) => setTimeout(r, 100)); // a refused message: back off a little
            continue;
          }
          await delivered;
        }
      };
      const workers: Promise<void>[] = [];
      for (let c = 0; c < scenario.customers; c++) {
        for (let k = 0; k < scenario.inFlightPerCustomer; k++) workers.push(worker(c, k));
      }
      // Workers whose message never arrives are released when the drain gives up.
      const allDone = Promise.all(workers);
      const stopAt = sendEnd + scenario.drainMs;
      await Promise.race([allDone, new Promise((r) => setTimeout(r, Math.max(0, stopAt - performance.now())))]);
      for (const wake of waiters.values()) wake();
      waiters.clear();
    }
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

    const customerMessages = messages.counts();
    const replyCounts = replies.counts();
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
      sendingMs: Math.round(Math.min(sendingMs, scenario.durationMs + scenario.drainMs)),
      drainMs: Math.round(drainMs),
      throughput: {
        sentPerSec: customerMessages.sent / seconds,
        deliveredPerSec: deliveredInWindow / seconds,
        repliesDeliveredPerSec: repliesInWindow / seconds,
      },
      latency: {
        customerToOperator: toOperator.percentiles(),
        operatorToCustomer: toCustomer.percentiles(),
        routingWait: routing.percentiles(),
      },
      customerMessages,
      replies: replyCounts,
      conversations: { assigned, resolved },
      errors,
      errorSamples,
      errorCount,
      schedulerLagMs,
      exact: [customerMessages, replyCounts].every((c) => c.lost === 0 && c.duplicates === 0 && c.unknown === 0),
    };
  } finally {
    if (progressTimer) clearInterval(progressTimer);
    await Promise.allSettled([...customers.map((c) => c.close()), ...operators.map((o) => o.close())]);
    agent?.destroy();
    await sink?.close();
    void started;
  }
}

export type { LatencyHistogram };
