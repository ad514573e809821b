// The WhatsApp Business channel over Meta's Cloud API (issue 16): customers' messages and the
// statuses of ours come in on the channel's webhook (./webhook.ts); replies, files and approved
// templates go out through the durable outbox (./outbound.ts). Free text reaches a customer only
// within 24 hours of their last message: the desk checks that by the replyWindowMs capability.
import { defineAdapter } from '../adapter';
import { deliverWhatsApp, TEXT_LIMIT } from './outbound';
import { graphCall } from './graph-api';
import { WhatsAppCredentials, WhatsAppSettings } from './settings';
import { graphOf, notificationHandler, verifyHandler } from './webhook';
import { phoneAddress } from '../start-addresses';

/** Meta's customer-service window. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export const whatsappAdapter = defineAdapter({
  kind: 'whatsapp',
  settings: WhatsAppSettings,
  credentials: WhatsAppCredentials,
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    // Longer replies are refused before they are stored (the operator splits them), not cut up here.
    maxTextLength: TEXT_LIMIT,
    // The bot's notices are free text too. The greeting and "operator joined" follow a customer's
    // message, inside the window; a notice past it (the close of a dialog days later) is refused by
    // Meta as 131047, and the console shows it failed.
    notices: true,
    replyWindowMs: WHATSAPP_WINDOW_MS,
    // The Cloud API can mark a customer's message read (POST messages, status read): not done yet.
    // Starting a conversation: any number, with an approved template (the window is closed).
    startsConversations: 'any-address',
  },
  usesOutbox: () => true,
  mount: (host) => ({
    routes: [
      { method: 'GET', path: '/channels/whatsapp/:channelId/webhook', handle: verifyHandler(host) },
      { method: 'POST', path: '/channels/whatsapp/:channelId/webhook', handle: notificationHandler(host) },
    ],
    close: () => undefined,
  }),
  deliver: (channel, delivery, signal, host) => deliverWhatsApp(graphOf(channel), delivery, signal, host),
  // Meta names the customer by their number's digits (`from`, no plus): so does a started conversation.
  startAddress: (address) => {
    const phone = phoneAddress(address);
    return 'error' in phone ? phone : { id: phone.id.slice(1), phone: phone.id };
  },
  async probe(channel, signal) {
    const graph = graphOf(channel);
    const answer = await graphCall<{ display_phone_number?: string; verified_name?: string }>(
      graph,
      `${graph.phoneNumberId}?fields=display_phone_number,verified_name`,
      { method: 'GET' },
      signal,
    );
    if (!answer.ok) return { probed: true, ok: false, detail: `phone number ${graph.phoneNumberId}: ${answer.error}` };
    const { display_phone_number: number, verified_name: name } = answer.value;
    return {
      probed: true,
      ok: true,
      status: 200,
      detail: `number ${number ?? graph.phoneNumberId} (${name ?? 'no verified name'})`,
    };
  },
  templates: (channel) => channel.settings.templates,
});
