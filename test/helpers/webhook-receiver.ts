// A real HTTP server on loopback standing in for a channel's webhook endpoint: records every
// delivery with its raw body and signature, and can be told to fail.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackWebhookPayload } from '../../server/channels/callback-webhook';
import { WebhookPayload, WebhookProbe } from '../../shared/schemas';

export interface Delivery {
  rawBody: string;
  signature: string | undefined;
  payload: WebhookPayload;
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  /** `admin channel test` probes, answered with `status` like deliveries. */
  readonly probes: Array<{ probe: WebhookProbe; signature: string | undefined }> = [];
  /** Call-back webhooks (callback.requested / callback.closed) accepted, with their raw body and signature. */
  readonly callbacks: Array<{ rawBody: string; signature: string | undefined; payload: CallbackWebhookPayload }> = [];
  /** Message ids of every request, accepted or refused, in arrival order. */
  readonly attempts: string[] = [];
  status = 200;
  /** Per-request answer, overriding `status` (e.g. refuse one message's first attempt). */
  statusFor: ((payload: WebhookPayload) => number) | null = null;
  private waiters: Array<() => void> = [];
  private server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = JSON.parse(body);
      if (json.event === 'channel.probe') {
        this.probes.push({ probe: WebhookProbe.parse(json), signature: req.headers['x-textdesk-signature'] as string });
        return res.writeHead(this.status).end();
      }
      if (typeof json.event === 'string' && json.event.startsWith('callback.')) {
        this.attempts.push(json.deliveryId);
        const status = this.status;
        if (status >= 200 && status < 300)
          this.callbacks.push({
            rawBody: body,
            signature: req.headers['x-textdesk-signature'] as string | undefined,
            payload: json as CallbackWebhookPayload,
          });
        for (const wake of this.waiters.splice(0)) wake();
        return res.writeHead(status).end();
      }
      const payload = WebhookPayload.parse(json);
      this.attempts.push(payload.message.id);
      const status = this.statusFor?.(payload) ?? this.status;
      if (status >= 200 && status < 300) {
        this.deliveries.push({
          rawBody: body,
          signature: req.headers['x-textdesk-signature'] as string | undefined,
          payload,
        });
      }
      for (const wake of this.waiters.splice(0)) wake();
      res.writeHead(status).end();
    });
  });

  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this.url;
  }

  /** Resolves once `count` requests (accepted or not) have arrived. */
  async waitForAttempts(count: number): Promise<void> {
    while (this.attempts.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves with the first delivery matching `predicate`, waiting for it if needed. */
  async waitFor(predicate: (d: Delivery) => boolean): Promise<Delivery> {
    for (;;) {
      const found = this.deliveries.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves with the call-back webhooks accepted once there are `count`. */
  async waitForCallbacks(count: number): Promise<WebhookReceiver['callbacks']> {
    while (this.callbacks.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.callbacks;
  }

  static verify(delivery: Pick<Delivery, 'rawBody' | 'signature'>, secret: string): boolean {
    const expected = `sha256=${createHmac('sha256', secret).update(delivery.rawBody).digest('hex')}`;
    return delivery.signature === expected;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
