// The generic API channel: customers' messages come in over HTTP
// (POST /channels/api/{channelId}/messages, see ./inbound.ts); operators' and the bot's go out
// to the channel's webhook as signed JSON (./webhook.ts), through the durable outbox.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { WebhookUrl } from '../../../shared/schemas';
import { defineAdapter, type DeliveryOutcome } from '../adapter';
import { apiInboundHandler } from './inbound';
import { postSigned, probeBody, webhookBody } from './webhook';

export const apiAdapter = defineAdapter({
  kind: 'api',
  settings: z
    .object({
      /** Where operator and bot messages are POSTed (`admin channel add|set --webhook URL`). */
      webhookUrl: WebhookUrl.nullish().transform((url) => url ?? undefined),
    })
    .strict(),
  credentials: z.object({}).strict(),
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    maxTextLength: LIMITS.messageText,
    notices: true,
    // Starting a conversation: an integration names its contacts itself.
    startsConversations: 'any-address',
  },
  // Without a webhook there is nowhere to send to: the integration reads the transcript instead.
  usesOutbox: (channel) => channel.settings.webhookUrl !== undefined,
  mount: (host) => ({
    routes: [{ method: 'POST', path: '/channels/api/:channelId/messages', handle: apiInboundHandler(host) }],
    close: () => undefined,
  }),
  async deliver(channel, delivery, signal, host): Promise<DeliveryOutcome> {
    // Transient: the URL can be set on the running server (admin channel set --webhook).
    const url = channel.settings.webhookUrl;
    if (!url) return { status: 'transient', error: 'channel has no webhook URL' };
    // Links are signed through the host, which exists once the kinds are mounted (after the outbox starts).
    if (!host && delivery.message.attachments?.length)
      return { status: 'transient', error: 'the channels are not mounted yet' };
    const answer = await postSigned(
      url,
      webhookBody(channel.id, delivery, (file) => host!.files.downloadLink(file)),
      channel.secret,
      signal,
    );
    if ('unreachable' in answer) return { status: 'transient', error: `webhook unreachable: ${answer.unreachable}` };
    // Any other answer is retried: a webhook refusing today (a deploy, a rotated secret on its
    // side) is usually fixed by its owner, and the body is the same when it is.
    if (answer.status < 200 || answer.status >= 300)
      return { status: 'transient', error: `webhook answered ${answer.status}` };
    // A webhook gives the message no id of its own: the payload's message id is the one both sides know.
    return { status: 'sent', providerId: null };
  },
  async probe(channel, signal) {
    const url = channel.settings.webhookUrl;
    if (!url) return { probed: false, ok: false, detail: 'channel has no webhook URL: set one with --webhook' };
    const answer = await postSigned(url, probeBody(channel.id, new Date()), channel.secret, signal);
    if ('unreachable' in answer)
      return { probed: true, ok: false, detail: `webhook unreachable: ${answer.unreachable}` };
    const ok = answer.status >= 200 && answer.status < 300;
    return { probed: true, ok, status: answer.status, detail: `webhook answered ${answer.status}` };
  },
});
