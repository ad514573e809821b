// Load scenarios: what `textdesk load` simulates, as a TypeScript value. A scenario file is a
// module whose default export (or `scenario` export) is built with defineScenario:
//
//   // my-scenario.ts
//   import { defineScenario } from 'textdesk/cli/load/scenario';   // or a relative path
//   export default defineScenario({
//     name: 'lunch rush',
//     customers: 400, operators: 40, capacity: 12, channel: 'webchat',
//     ratePerSec: 200,                 // open loop: messages per second over all customers
//     durationMs: 60_000, rampUpMs: 10_000, messageBytes: 120,
//     thinkMs: [2_000, 8_000],         // operators answer after 2–8 s
//     resolveAfterReplies: 3,          // and close a dialog after their third answer
//     customerText: ({ customer, seq }) => `order #${customer}: question ${seq}`,
//     onCustomerMessage: ({ repliesSoFar }) => (repliesSoFar >= 5 ? { resolve: true } : { reply: true }),
//   });
//
//   textdesk load --spawn --scenario my-scenario.ts [--duration 30s …]   (flags override the file)
//
// Every field is optional; defineScenario fills in defaults and rejects impossible values with a
// ScenarioError naming the field. The load tool prepends its own mark to every text, so
// `customerText` and replies can say anything and every message is still accounted for.

export type ChannelChoice = 'api' | 'webchat' | 'both';
/** A fixed time, or [min, max] for a uniformly random one, in ms. */
export type Millis = number | readonly [min: number, max: number];

/** What an operator does about one customer message. */
export interface OperatorAction {
  /** Answer it: true for the default text, a string for that text. */
  reply?: boolean | string;
  /** Think time before answering (default: the scenario's thinkMs). */
  thinkMs?: number;
  /** Resolve the conversation (after the reply, if any). */
  resolve?: boolean;
}

export interface CustomerMessageContext {
  /** Index of the operator that received it (0 … operators − 1). */
  operator: number;
  /** Index of the customer that wrote it (0 … customers − 1). */
  customer: number;
  conversationId: string;
  /** The text as received, with the load tool's mark. */
  text: string;
  /** Replies this operator already sent in this conversation. */
  repliesSoFar: number;
  /** Uniform in [0, 1): use it rather than Math.random so runs with a seed repeat. */
  random: () => number;
}

export interface ScenarioInput {
  name?: string;
  /** Simulated customers (default 20). */
  customers?: number;
  /** Simulated operators (default 5). */
  operators?: number;
  /** Conversations each operator takes at once (default: enough for every customer). */
  capacity?: number;
  /** Customers' channel: web chat, the HTTP API channel, or half each (default 'both'). */
  channel?: ChannelChoice;
  /** Open loop: customer messages per second over all customers (default 20 unless
   * inFlightPerCustomer is given). Latency is measured from each message's intended send time. */
  ratePerSec?: number;
  /** Closed loop: messages each customer keeps in flight (sent, not yet at an operator). */
  inFlightPerCustomer?: number;
  /** How long customers send (default 10 s). */
  durationMs?: number;
  /** Open loop: the rate climbs linearly from 0 over this long; closed loop: customers start
   * spread over it (default 0). */
  rampUpMs?: number;
  /** Size of each message text in bytes, padding included (default 64). */
  messageBytes?: number;
  /** Operators' think time before answering (default [20, 80]). */
  thinkMs?: Millis;
  /** Share of customer messages operators answer, 0–1 (default 1). */
  replyRatio?: number;
  /** An operator resolves a conversation after this many replies in it; 0 never (default 0). */
  resolveAfterReplies?: number;
  /** After sending stops, how long to wait for messages still in flight (default 10 s). */
  drainMs?: number;
  /** Seed of `random` (default: from the clock). */
  seed?: number;
  /** Free text of the n-th message of a customer (default: none, just the mark and padding). */
  customerText?: (ctx: { customer: number; seq: number }) => string;
  /** Decides what an operator does about a message; overrides thinkMs/replyRatio/resolveAfterReplies. */
  onCustomerMessage?: (ctx: CustomerMessageContext) => OperatorAction | void;
}

type Fields = Required<
  Omit<ScenarioInput, 'name' | 'ratePerSec' | 'inFlightPerCustomer' | 'customerText' | 'onCustomerMessage' | 'seed'>
>;

/** A complete, validated scenario. `input` is what it was defined from (for overrides). */
export interface Scenario extends Fields {
  readonly name: string;
  readonly mode: 'open' | 'closed';
  readonly ratePerSec: number;
  readonly inFlightPerCustomer: number;
  readonly seed: number;
  readonly customerText?: ScenarioInput['customerText'];
  readonly onCustomerMessage?: ScenarioInput['onCustomerMessage'];
  readonly input: ScenarioInput;
}

export class ScenarioError extends Error {}

const check = (ok: boolean, field: string, what: string): void => {
  if (!ok) throw new ScenarioError(`scenario: ${field} must be ${what}`);
};
const isInt = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;

export function defineScenario(input: ScenarioInput = {}): Scenario {
  const customers = input.customers ?? 20;
  const operators = input.operators ?? 5;
  check(isInt(customers, 1), 'customers', 'an integer ≥ 1');
  check(isInt(operators, 1), 'operators', 'an integer ≥ 1');
  const capacity = input.capacity ?? Math.max(1, Math.ceil(customers / operators));
  check(Number.isFinite(capacity) && capacity > 0 && capacity <= 100, 'capacity', 'between 1 and 100');
  const channel = input.channel ?? 'both';
  check(['api', 'webchat', 'both'].includes(channel), 'channel', "'api', 'webchat' or 'both'");
  check(
    !(input.ratePerSec !== undefined && input.inFlightPerCustomer !== undefined),
    'ratePerSec',
    'left out when inFlightPerCustomer is given (open or closed loop, not both)',
  );
  const mode = input.inFlightPerCustomer !== undefined ? 'closed' : 'open';
  const ratePerSec = input.ratePerSec ?? 20;
  const inFlightPerCustomer = input.inFlightPerCustomer ?? 1;
  check(Number.isFinite(ratePerSec) && ratePerSec > 0, 'ratePerSec', 'a positive number');
  check(isInt(inFlightPerCustomer, 1), 'inFlightPerCustomer', 'an integer ≥ 1');
  const durationMs = input.durationMs ?? 10_000;
  const rampUpMs = input.rampUpMs ?? 0;
  const drainMs = input.drainMs ?? 10_000;
  check(Number.isFinite(durationMs) && durationMs > 0, 'durationMs', 'a positive number');
  check(Number.isFinite(rampUpMs) && rampUpMs >= 0 && rampUpMs <= durationMs, 'rampUpMs', 'between 0 and durationMs');
  check(Number.isFinite(drainMs) && drainMs >= 0, 'drainMs', 'a number ≥ 0');
  const messageBytes = input.messageBytes ?? 64;
  check(isInt(messageBytes, 1) && messageBytes <= 4000, 'messageBytes', 'an integer between 1 and 4000');
  const thinkMs = input.thinkMs ?? [20, 80];
  check(
    typeof thinkMs === 'number' ? thinkMs >= 0 : thinkMs.length === 2 && thinkMs[0] >= 0 && thinkMs[1] >= thinkMs[0],
    'thinkMs',
    'a number ≥ 0 or [min, max] with 0 ≤ min ≤ max',
  );
  const replyRatio = input.replyRatio ?? 1;
  check(replyRatio >= 0 && replyRatio <= 1, 'replyRatio', 'between 0 and 1');
  const resolveAfterReplies = input.resolveAfterReplies ?? 0;
  check(isInt(resolveAfterReplies, 0), 'resolveAfterReplies', 'an integer ≥ 0');
  const seed = input.seed ?? Date.now() % 2 ** 31;
  check(isInt(seed, 0), 'seed', 'an integer ≥ 0');
  return Object.freeze({
    name: input.name ?? 'default',
    customers,
    operators,
    capacity,
    channel,
    mode,
    ratePerSec,
    inFlightPerCustomer,
    durationMs,
    rampUpMs,
    messageBytes,
    thinkMs,
    replyRatio,
    resolveAfterReplies,
    drainMs,
    seed,
    customerText: input.customerText,
    onCustomerMessage: input.onCustomerMessage,
    input,
  });
}

/** The scenario with some fields replaced (command-line flags over a scenario file). Giving
 * ratePerSec switches to open loop and inFlightPerCustomer to closed loop. */
export function withOverrides(scenario: Scenario, overrides: ScenarioInput): Scenario {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as ScenarioInput;
  const base = { ...scenario.input };
  if (defined.ratePerSec !== undefined) delete base.inFlightPerCustomer;
  if (defined.inFlightPerCustomer !== undefined) delete base.ratePerSec;
  return defineScenario({ ...base, ...defined });
}

/** A small seeded PRNG (mulberry32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleMs(ms: Millis, random: () => number): number {
  return typeof ms === 'number' ? ms : ms[0] + (ms[1] - ms[0]) * random();
}

/** What the operator does about a message: the scenario's hook, or its thinkMs / replyRatio /
 * resolveAfterReplies. Always returns a full action. */
export function decide(
  scenario: Scenario,
  ctx: CustomerMessageContext,
): { reply: string | null; thinkMs: number; resolve: boolean } {
  const action: OperatorAction = scenario.onCustomerMessage
    ? (scenario.onCustomerMessage(ctx) ?? {})
    : {
        reply: scenario.replyRatio >= 1 || ctx.random() < scenario.replyRatio,
        resolve: scenario.resolveAfterReplies > 0 && ctx.repliesSoFar + 1 >= scenario.resolveAfterReplies,
      };
  const reply = action.reply === undefined || action.reply === false ? null : action.reply === true ? '' : action.reply;
  return {
    reply,
    thinkMs: action.thinkMs ?? sampleMs(scenario.thinkMs, ctx.random),
    resolve: action.resolve === true,
  };
}

/** Loads a scenario file (TypeScript or JavaScript): its default export or `scenario`, either a
 * Scenario or a plain ScenarioInput. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown; scenario?: unknown };
  const value = (mod.default ?? mod.scenario) as Scenario | ScenarioInput | undefined;
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new ScenarioError(`scenario file ${path}: export default defineScenario({ … })`);
  }
  return 'input' in value && 'mode' in value ? (value as Scenario) : defineScenario(value as ScenarioInput);
}
