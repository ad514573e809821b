// The API channel's webhook endpoint, inside the load process: every operator or bot message the
// server delivers to an API-channel customer arrives here, on the same clock as the sender's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../../shared/schemas';

export interface WebhookSink {
  url: string;
  close(): Promise<void>;
}

export async function startWebhookSink(
  onMessage: (payload: WebhookPayload, at: number) => void,
  onError: (kind: string, error: unknown) => void,
): Promise<WebhookSink> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const at = performance.now();
      // Answer first: the server's outbox waits for it.
      res.writeHead(200).end();
      try {
        onMessage(JSON.parse(body) as WebhookPayload, at);
      } catch (error) {
        onError('webhook-bad-body', error);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
