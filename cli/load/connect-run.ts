// Setting up a load run: the webhook sink (for the HTTP API channel), the provisioned desk, then
// the simulated operators and customers. Each piece is recorded in `run` as soon as it exists, so
// closeRun tears down whatever was set up even when a later step failed.
import type { Agent } from 'node:http';
import type { WebhookPayload } from '../../shared/schemas';
import { apiAgent, openRunApiCustomer, openWebchatCustomer, type SimCustomer } from './customers';
import { SimOperator, type OperatorHandlers } from './operator-sim';
import { provision } from './provision';
import type { Scenario } from './scenario';
import { startWebhookSink, type WebhookSink } from './webhook-sink';

export interface LoadServer {
  url: string;
  wsUrl: string;
  admin: { login: string; password: string };
}

export interface ConnectedRun {
  sink: WebhookSink | null;
  agent: Agent | null;
  operators: SimOperator[];
  customers: SimCustomer[];
  runId: string;
}

export interface ConnectHandlers {
  operator: OperatorHandlers;
  /** An operator's message reached a customer (web chat push or webhook). */
  onOperatorText: (text: string, at: number) => void;
  error: (kind: string, cause?: unknown) => void;
}

const CONNECT_BATCH = 100;
const OPERATOR_LOGINS_AT_ONCE = 4;

async function inBatches<T>(count: number, batch: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < count; from += batch) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, k) => open(from + k)))));
  }
  return out;
}

export const emptyRun = (): ConnectedRun => ({ sink: null, agent: null, operators: [], customers: [], runId: '' });

export async function connectRun(
  scenario: Scenario,
  server: LoadServer,
  run: ConnectedRun,
  h: ConnectHandlers,
): Promise<void> {
  const useApi = scenario.channel !== 'webchat';
  const useWebchat = scenario.channel !== 'api';
  const channelOf = (c: number): 'api' | 'webchat' =>
    scenario.channel === 'both' ? (c % 2 === 0 ? 'webchat' : 'api') : scenario.channel;
  const { error } = h;
  if (useApi) {
    run.sink = await startWebhookSink((payload: WebhookPayload, at) => {
      if (payload.message.author.type === 'operator') h.onOperatorText(payload.message.text, at);
    }, error);
  }
  const desk = await provision({
    url: server.url,
    admin: server.admin,
    operators: scenario.operators,
    capacity: scenario.capacity,
    api: useApi,
    webchat: useWebchat,
    webhookUrl: run.sink?.url ?? null,
  });
  run.runId = desk.runId;
  run.operators = await inBatches(desk.operators.length, OPERATOR_LOGINS_AT_ONCE, (i) =>
    SimOperator.connect({
      url: server.url,
      wsUrl: server.wsUrl,
      ...desk.operators[i],
      index: i,
      handlers: h.operator,
    }),
  );
  if (useApi) run.agent = apiAgent();
  run.customers = await inBatches(scenario.customers, CONNECT_BATCH, async (i) =>
    channelOf(i) === 'webchat'
      ? openWebchatCustomer({
          wsUrl: server.wsUrl,
          channelId: desk.webchat!.channelId,
          index: i,
          name: `Customer ${i}`,
          onPush: (_c, message, at) => {
            if (message.author.type === 'operator') h.onOperatorText(message.text, at);
          },
          onError: (kind, e) => error(kind, e),
        })
      : openRunApiCustomer(server.url, desk, i, run.agent!),
  );
}

export async function closeRun(run: ConnectedRun): Promise<void> {
  await Promise.allSettled([...run.customers.map((c) => c.close()), ...run.operators.map((o) => o.close())]);
  run.agent?.destroy();
  await run.sink?.close();
}
