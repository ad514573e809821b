// Simulated customers on the two customer channels: the web chat widget's WebSocket (what a
// browser uses) and the generic HTTP API channel (what an integration uses). Both resolve a send
// once the server acknowledged the message as stored and reject with a SendError naming the kind.
import http from 'node:http';
import { WebSocket } from 'ws';
import type { WebchatServerFrame } from '../../shared/webchat-schemas';
import type { Provisioned } from './provision';

export class SendError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Ack {
  conversationId: string;
  messageId: string;
  duplicate: boolean;
}

export interface SimCustomer {
  readonly index: number;
  readonly channel: 'api' | 'webchat';
  /** `key` is unique per run; `text` the message. */
  send(key: string, text: string): Promise<Ack>;
  close(): Promise<void>;
}

// Client frames must be masked, but the mask only defends proxies against cache poisoning, which
// does not exist on loopback; a zero mask lets ws skip the XOR pass and keeps the load tool cheap.
const zeroMask = (): void => {};

export type PushHandler = (
  customer: number,
  message: { id: string; text: string; author: { type: string } },
  at: number,
) => void;

export async function openWebchatCustomer(opts: {
  wsUrl: string;
  channelId: string;
  index: number;
  name?: string;
  onPush: PushHandler;
  onError: (kind: string, error: unknown) => void;
}): Promise<SimCustomer> {
  const ws = new WebSocket(`${opts.wsUrl}/channels/webchat/${encodeURIComponent(opts.channelId)}`, {
    perMessageDeflate: false,
    generateMask: zeroMask,
  });
  const pending = new Map<string, { resolve: (a: Ack) => void; reject: (e: Error) => void }>();
  let welcomed: (() => void) | null = null;
  let failWelcome: ((e: Error) => void) | null = null;
  let closed = false;
  ws.on('message', (data) => {
    let frame: WebchatServerFrame;
    try {
      frame = JSON.parse(String(data)) as WebchatServerFrame;
    } catch (error) {
      opts.onError('webchat-bad-frame', error);
      return;
    }
    switch (frame.type) {
      case 'message':
        opts.onPush(opts.index, frame.message, performance.now());
        break;
      case 'ack': {
        const p = pending.get(frame.id);
        pending.delete(frame.id);
        p?.resolve(frame);
        break;
      }
      case 'error': {
        const p = frame.id === undefined ? undefined : pending.get(frame.id);
        if (p) {
          pending.delete(frame.id!);
          const kind = /too many/i.test(frame.error) ? 'rate-limited' : 'webchat-error';
          p.reject(new SendError(kind, frame.error));
        } else if (failWelcome) failWelcome(new SendError('webchat-error', frame.error));
        else opts.onError('webchat-error', new Error(frame.error));
        break;
      }
      case 'welcome':
        welcomed?.();
        break;
      // Simulated visitors do not show the operator's typing or read receipts.
      case 'typing':
      case 'read':
        break;
    }
  });
  ws.on('close', () => {
    closed = true;
    for (const p of pending.values()) p.reject(new SendError('connection', 'web chat socket closed'));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      welcomed = resolve;
      failWelcome = reject;
      ws.send(JSON.stringify({ type: 'hello', name: opts.name }));
    });
  });
  welcomed = null;
  failWelcome = null;
  ws.on('error', (error) => opts.onError('connection', error));
  return {
    index: opts.index,
    channel: 'webchat',
    send(key, text) {
      if (closed || ws.readyState !== WebSocket.OPEN)
        return Promise.reject(new SendError('connection', 'web chat socket is not open'));
      return new Promise<Ack>((resolve, reject) => {
        pending.set(key, { resolve, reject });
        ws.send(JSON.stringify({ type: 'message', id: key, text }));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

/** One keep-alive pool for every HTTP customer: a bounded number of connections, like an
 * integration's backend would keep, instead of a socket per simulated customer. */
export function apiAgent(maxSockets = 256): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

export function openApiCustomer(opts: {
  url: string;
  channelId: string;
  secret: string;
  contactId: string;
  name?: string;
  index: number;
  agent: http.Agent;
}): SimCustomer {
  const target = new URL(`${opts.url.replace(/\/$/, '')}/channels/api/${encodeURIComponent(opts.channelId)}/messages`);
  const contact = opts.name ? { id: opts.contactId, name: opts.name } : { id: opts.contactId };
  return {
    index: opts.index,
    channel: 'api',
    send(key, text) {
      const body = JSON.stringify({ id: key, contact, text });
      return new Promise<Ack>((resolve, reject) => {
        const req = http.request(
          target,
          {
            method: 'POST',
            agent: opts.agent,
            headers: {
              authorization: `Bearer ${opts.secret}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let raw = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (raw += chunk));
            res.on('end', () => {
              if (res.statusCode === 202) {
                try {
                  resolve(JSON.parse(raw) as Ack);
                } catch {
                  reject(new SendError('http-bad-body', `202 with an unreadable body`));
                }
                return;
              }
              const kind = res.statusCode === 429 ? 'rate-limited' : `http-${res.statusCode}`;
              reject(new SendError(kind, `HTTP ${res.statusCode}: ${raw.slice(0, 200)}`));
            });
            res.on('error', (error) => reject(new SendError('connection', error.message)));
          },
        );
        req.on('error', (error) => reject(new SendError('connection', error.message)));
        req.end(body);
      });
    },
    close: async () => {},
  };
}

/** HTTP API customer `index` of a provisioned run: its contact id carries the run id, so the
 * contacts of runs sharing a server never meet. */
export function openRunApiCustomer(url: string, desk: Provisioned, index: number, agent: http.Agent): SimCustomer {
  if (desk.api === null) throw new Error('this run has no HTTP API channel: provision it with api: true');
  return openApiCustomer({
    url,
    channelId: desk.api.channelId,
    secret: desk.api.secret,
    contactId: `${desk.runId}-c${index}`,
    name: `Customer ${index}`,
    index,
    agent,
  });
}
