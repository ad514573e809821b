// The Viber channel (issue 16): one bot of Viber's REST Bot API. Callbacks come to
// POST /channels/viber/{channelId}/webhook (./webhook.ts); replies go out by send_message
// through the durable outbox (./send.ts); delivered/seen/failed move the messages' status.
import { defineAdapter, type ProbeOutcome } from '../adapter';
import { callViber } from './api';
import { sendViber } from './send';
import { ViberCredentials, ViberSettings, webhookPath } from './settings';
import { viberWebhookHandler } from './webhook';

/** The callbacks set_webhook subscribes to (message, subscribed and unsubscribed always come). */
const EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];

export const viberAdapter = defineAdapter({
  kind: 'viber',
  settings: ViberSettings,
  credentials: ViberCredentials,
  // Viber takes up to 7000 characters of text in one message: the composer refuses longer.
  // Its bots neither show typing nor mark messages read on the operator's behalf.
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    maxTextLength: 7000,
    notices: true,
    // Starting a conversation: a bot may write only to a subscriber that wrote to it first.
    startsConversations: 'known-contacts',
  },
  usesOutbox: () => true,
  mount: (host) => ({
    routes: [{ method: 'POST', path: '/channels/viber/:channelId/webhook', handle: viberWebhookHandler(host) }],
    close: () => undefined,
  }),
  deliver: (channel, delivery, signal, host) => sendViber(channel, delivery, signal, host),
  /**
   * get_account_info; and, with publicUrl set and Viber holding another webhook, set_webhook to
   * this channel's (Viber checks it at once with a signed `webhook` callback, so the server must
   * be reachable at publicUrl). There is no hook at `channel add`: `admin channel test` does it.
   */
  async probe(channel, signal): Promise<ProbeOutcome> {
    const info = await callViber(channel, 'get_account_info', {}, signal);
    if (!info.ok) return { probed: true, ok: false, detail: info.error };
    const account = `Viber bot "${String(info.body.name ?? '')}"`;
    const { publicUrl } = channel.settings;
    if (!publicUrl)
      return { probed: true, ok: true, detail: `${account} answers; no publicUrl, so its webhook is left as it is` };
    const url = `${publicUrl.replace(/\/+$/, '')}${webhookPath(channel.id)}`;
    if (info.body.webhook === url)
      return { probed: true, ok: true, detail: `${account} answers; its webhook is ${url}` };
    const set = await callViber(
      channel,
      'set_webhook',
      { url, event_types: EVENT_TYPES, send_name: true, send_photo: false },
      signal,
    );
    if (!set.ok)
      return {
        probed: true,
        ok: false,
        detail: `${account} answers, but setting its webhook to ${url} failed: ${set.error}`,
      };
    return { probed: true, ok: true, detail: `${account} answers; its webhook is now ${url}` };
  },
});
