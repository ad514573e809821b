// LoadTarget for textdesk's real path, so the raw relay's driver (relay-load.ts) measures both
// with the same load and the same accounting: customers on the web chat WebSocket (what a browser
// uses) or the HTTP API channel, operators on the console's tRPC WebSocket subscription. The
// message's id, customer and send time travel inside its text (cli/load/tag.ts). textdesk routes
// by itself, so the driver's customer → operator mapping is ignored.
import type { Agent } from 'node:http';
import { apiAgent, openApiCustomer, openWebchatCustomer, type SimCustomer } from '../../cli/load/customers';
import { SimOperator } from '../../cli/load/operator-sim';
import { provision, type Provisioned } from '../../cli/load/provision';
import type { LoadServer } from '../../cli/load/connect-run';
import { decodeTag, encodeTag } from '../../cli/load/tag';
import type { Delivered, LoadTarget } from './target';

export interface TextdeskTargetOptions {
  channel: 'webchat' | 'api';
  /** Conversations per operator: ≥ customers / operators, so every conversation is assigned. */
  capacity: number;
  /** Called for anything that goes wrong outside a send (feeds, connections). */
  onError?: (kind: string, error: unknown) => void;
}

const CONNECT_BATCH = 200;
const LOGINS_AT_ONCE = 4;

export function createTextdeskTarget(
  server: LoadServer,
  opts: TextdeskTargetOptions,
): LoadTarget & { errors(): Record<string, number> } {
  let desk: Provisioned | null = null;
  let operators: SimOperator[] = [];
  let customers: SimCustomer[] = [];
  let agent: Agent | null = null;
  let deliver: (operatorIdx: number, msg: Delivered) => void = () => {};
  const errors: Record<string, number> = {};
  const error = (kind: string, e: unknown): void => {
    errors[kind] = (errors[kind] ?? 0) + 1;
    opts.onError?.(kind, e);
  };

  const batches = async <T>(count: number, size: number, open: (i: number) => Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    for (let from = 0; from < count; from += size) {
      out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - from) }, (_, k) => open(from + k)))));
    }
    return out;
  };

  return {
    errors: () => ({ ...errors }),
    async connectOperators(count) {
      desk = await provision({
        url: server.url,
        admin: server.admin,
        operators: count,
        capacity: opts.capacity,
        api: opts.channel === 'api',
        webchat: opts.channel === 'webchat',
        webhookUrl: null,
      });
      const d = desk;
      operators = await batches(count, LOGINS_AT_ONCE, (i) =>
        SimOperator.connect({
          url: server.url,
          wsUrl: server.wsUrl,
          ...d.operators[i],
          index: i,
          // Every conversation is assigned on arrival (capacity suffices): the live feed carries
          // every message, as the raw relay's operator socket does.
          transcriptOnAssign: false,
          handlers: {
            onCustomerMessage: (op, message) => {
              const tag = decodeTag(message.text);
              if (tag?.kind === 'customer') deliver(op.index, { id: tag.id, c: tag.customer, t: tag.t });
            },
            onError: error,
          },
        }),
      );
    },
    async connectCustomers(count) {
      const d = desk!;
      if (opts.channel === 'api') {
        agent = apiAgent();
        customers = Array.from({ length: count }, (_, i) =>
          openApiCustomer({
            url: server.url,
            channelId: d.api!.channelId,
            secret: d.api!.secret,
            contactId: `${d.runId}-c${i}`,
            index: i,
            agent: agent!,
          }),
        );
        return;
      }
      customers = await batches(count, CONNECT_BATCH, (i) =>
        openWebchatCustomer({
          wsUrl: server.wsUrl,
          channelId: d.webchat!.channelId,
          index: i,
          onPush: () => {},
          onError: error,
        }),
      );
    },
    send(customerIdx, msg) {
      const text = encodeTag({ kind: 'customer', id: msg.id, customer: msg.c, t: msg.t }, msg.text);
      const customer = customers[customerIdx];
      const key = customer.channel === 'webchat' ? `m${msg.id}` : `${desk!.runId}-m${msg.id}`;
      return customer.send(key, text).then(() => undefined);
    },
    onDeliver(cb) {
      deliver = cb;
    },
    async close() {
      await Promise.allSettled([...customers.map((c) => c.close()), ...operators.map((o) => o.close())]);
      customers = [];
      operators = [];
      agent?.destroy();
    },
  };
}
