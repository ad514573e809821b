// The Telegram channel (issue 16), on the Bot API: updates come in by webhook
// (POST /channels/telegram/{channelId}/webhook, ./webhook.ts) or by long polling (./poller.ts),
// each channel as its `mode` says; replies go out through the durable outbox (./outbound.ts).
import { defineAdapter, type ChannelHost, type MountedChannel } from '../adapter';
import { BotApi } from './bot-api';
import { TelegramBots } from './bots';
import { TelegramIntake } from './intake';
import { deliverToTelegram } from './outbound';
import { TelegramCredentials, TelegramSettings } from './settings';
import { TEXT_LIMIT } from './split';
import { telegramWebhookHandler } from './webhook';

export const telegramAdapter = defineAdapter({
  kind: 'telegram',
  settings: TelegramSettings,
  credentials: TelegramCredentials,
  // Longer texts are split into 4096-character messages (./split.ts), so the composer need not
  // refuse them: the desk's own message limit applies. The Bot API tells a bot nothing of what a
  // user read; the operator's typing could go as sendChatAction, not done yet.
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    maxTextLength: null,
    splitsTextAt: TEXT_LIMIT,
    notices: true,
    // Starting a conversation: a bot may write only to a chat that wrote to it first.
    startsConversations: 'known-contacts',
  },
  usesOutbox: () => true,
  mount: (host) => mountTelegram(host),
  deliver: deliverToTelegram,
  async probe(channel, signal) {
    const api = new BotApi(channel.settings.apiUrl, channel.credentials.token);
    const me = await api.call<{ username?: string }>('getMe', {}, signal);
    if (!me.ok)
      return me.status === null
        ? { probed: true, ok: false, detail: `Bot API unreachable: ${me.description}` }
        : { probed: true, ok: false, status: me.status, detail: `getMe: ${me.description}` };
    const bot = `bot @${me.result.username ?? '?'}`;
    if (channel.settings.mode === 'polling')
      return { probed: true, ok: true, status: 200, detail: `${bot}, long polling` };
    // In webhook mode, also whether Telegram has our address, and its last error posting to it.
    const info = await api.call<{ url?: string; last_error_message?: string }>('getWebhookInfo', {}, signal);
    if (!info.ok) return { probed: true, ok: false, detail: `${bot}; getWebhookInfo: ${info.description}` };
    if (!info.result.url) return { probed: true, ok: false, status: 200, detail: `${bot}, but no webhook is set yet` };
    const lastError = info.result.last_error_message ? `; last error: ${info.result.last_error_message}` : '';
    return { probed: true, ok: true, status: 200, detail: `${bot}, webhook ${info.result.url}${lastError}` };
  },
});

function mountTelegram(host: ChannelHost): MountedChannel {
  const intake = new TelegramIntake(host);
  const bots = new TelegramBots(host, intake);
  // Not awaited: the server's start must not wait on Telegram, reachable or not.
  void bots.reconcile();
  return {
    routes: [
      { method: 'POST', path: '/channels/telegram/:channelId/webhook', handle: telegramWebhookHandler(host, intake) },
    ],
    channelChanged: () => bots.reconcile(),
    close: () => bots.close(),
  };
}
