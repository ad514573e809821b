// Customer simulation: the customers' messages, each entered in the ledger before it leaves, sent
// in open loop (a fixed rate, timed from each message's intended send time) or closed loop (each
// sender waits until its message reached an operator before sending the next).
import { SendError, type Ack, type SimCustomer } from './customers';
import type { MessageLedger } from './ledger';
import { scheduleOpenLoop } from './open-loop';
import type { Scenario } from './scenario';
import { encodeTag } from './tag';

/** µs of performance.now(): the time written into tags (tag.ts). */
export const usNow = (): number => Math.round(performance.now() * 1000);

export interface CustomerTraffic {
  scenario: Scenario;
  customers: SimCustomer[];
  runId: string;
  messages: MessageLedger;
  /** Closed loop: senders waiting for their message to reach an operator, by message id. */
  waiters: Map<number, () => void>;
  onAck: (ack: Ack, at: number) => void;
  error: (kind: string, cause?: unknown) => void;
  /** performance.now() at which sending stops. */
  sendEnd: number;
}

/** Sends until sendEnd; returns the open loop's worst scheduler lag (null in closed loop). */
export async function sendCustomerMessages(t: CustomerTraffic): Promise<number | null> {
  const { scenario, customers, runId, messages, waiters, onAck, error, sendEnd } = t;
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
  return schedulerLagMs;
}
