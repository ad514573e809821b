// A real HTTP server on loopback standing in for a channel's webhook endpoint: records every
// delivery with its raw body and signature, and can be told to fail.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookPayload } from '../../shared/schemas';

export interface Delivery {
  rawBody: string;
  signature: string | undefined;
  payload: WebhookPayload;
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  status = 200;
  private waiters: Array<() => void> = [];
  private server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (this.status >= 200 && this.status < 300) {
        this.deliveries.push({
          rawBody: body,
          signature: req.headers['x-textdesk-signature'] as string | undefined,
          payload: WebhookPayload.parse(JSON.parse(body)),
        });
        for (const wake of this.waiters.splice(0)) wake();
      }
      res.writeHead(this.status).end();
    });
  });

  url = '';

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this.url;
  }

  /** Resolves with the first delivery matching `predicate`, waiting for it if needed. */
  async waitFor(predicate: (d: Delivery) => boolean): Promise<Delivery> {
    for (;;) {
      const found = this.deliveries.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  static verify(delivery: Delivery, secret: string): boolean {
    const expected = `sha256=${createHmac('sha256', secret).update(delivery.rawBody).digest('hex')}`;
    return delivery.signature === expected;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
