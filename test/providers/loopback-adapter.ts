// A channel kind that exists only in tests, written as a new kind would be: its own config
// schema, inbound route, delivery and probe, against the loopback messenger
// (./loopback-messenger.ts). Registered with startServer's `adapters` and nothing else, it shows
// that adding a kind touches no desk, store or composition-root code.
import { z } from 'zod';
import { defineAdapter, type DeliveryOutcome } from '../../server/channels/adapter';
import { BUILT_IN_ADAPTERS } from '../../server/channels/registry';
import { readJson, sendJson } from '../../server/channels/http-json';

export const loopbackAdapter = defineAdapter({
  kind: 'loopback',
  settings: z.object({ apiUrl: z.url() }).strict(),
  credentials: z.object({ token: z.string().min(8) }).strict(),
  capabilities: {
    attachments: false,
    html: false,
    edits: false,
    maxTextLength: 4096,
    notices: true,
    startsConversations: 'any-address',
  },
  usesOutbox: () => true,
  mount: (host) => ({
    routes: [
      {
        method: 'POST',
        path: '/channels/loopback/:channelId/updates',
        async handle(req, res, params) {
          const channel = host.channel(params.channelId ?? '');
          if (!channel) return sendJson(res, 404, { error: 'no such channel' });
          const update = (await readJson(req, 64 * 1024)) as { update_id: number; chat: string; text: string };
          const result = await host.receive(channel, {
            externalId: String(update.update_id),
            contact: { id: update.chat },
            text: update.text,
          });
          sendJson(res, 200, result);
        },
      },
      {
        // The provider's later word on a message it took: delivered, read or failed.
        method: 'POST',
        path: '/channels/loopback/:channelId/statuses',
        async handle(req, res, params) {
          const channel = host.channel(params.channelId ?? '');
          if (!channel) return sendJson(res, 404, { error: 'no such channel' });
          const status = (await readJson(req, 64 * 1024)) as {
            message_id: string;
            status: 'delivered' | 'read' | 'failed';
            description?: string;
          };
          const outcome = await host.deliveryReport(channel, {
            providerId: status.message_id,
            status: status.status,
            error: status.description,
          });
          sendJson(res, 200, { outcome });
        },
      },
    ],
    close: () => undefined,
  }),
  async deliver(channel, delivery, signal): Promise<DeliveryOutcome> {
    let response: Response;
    try {
      response = await fetch(`${channel.settings.apiUrl}/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${channel.credentials.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ chat: delivery.contact.id, text: delivery.message.text }),
        signal,
      });
    } catch (error) {
      return { status: 'transient', error: `provider unreachable: ${(error as Error).message}` };
    }
    const answer = (await response.json()) as { message_id?: string; description?: string };
    if (response.ok) return { status: 'sent', providerId: answer.message_id ?? null };
    const error = `provider answered ${response.status}: ${answer.description ?? ''}`;
    return { status: response.status >= 500 || response.status === 429 ? 'transient' : 'permanent', error };
  },
  async probe(channel, signal) {
    const response = await fetch(`${channel.settings.apiUrl}/me`, {
      headers: { authorization: `Bearer ${channel.credentials.token}` },
      signal,
    });
    await response.arrayBuffer();
    return { probed: true, ok: response.ok, status: response.status, detail: `provider answered ${response.status}` };
  },
});

/** The built-in kinds plus the loopback one. */
export const withLoopback = [...Object.values(BUILT_IN_ADAPTERS), loopbackAdapter];
