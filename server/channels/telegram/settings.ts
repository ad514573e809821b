// A Telegram channel's settings (`admin channel add --adapter telegram --setting …`) and its
// credential, the bot's token from @BotFather.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';

export const TelegramSettings = z
  .object({
    /**
     * `webhook`: Telegram POSTs updates to publicUrl (needs an HTTPS address Telegram can reach);
     * `polling`: the server asks getUpdates in a long poll (an on-premises desk with no public address).
     */
    mode: z.enum(['webhook', 'polling']).default('polling'),
    /** The Bot API's base URL: a local Bot API server, or a test's fake. */
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .max(LIMITS.url)
      .default('https://api.telegram.org')
      .transform((url) => url.replace(/\/+$/, '')),
    /** The desk's public base URL; the webhook is `{publicUrl}/channels/telegram/{channelId}/webhook`. */
    publicUrl: z
      .url({ protocol: /^https?$/ })
      .max(LIMITS.url)
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** How long one getUpdates waits for an update (polling mode). */
    pollTimeoutSeconds: z.coerce.number().int().min(0).max(50).default(25),
  })
  .strict()
  .refine((s) => s.mode !== 'webhook' || s.publicUrl !== undefined, {
    path: ['publicUrl'],
    message: 'webhook mode needs publicUrl, the address Telegram posts updates to',
  });
export type TelegramSettings = z.infer<typeof TelegramSettings>;

export const TelegramCredentials = z
  .object({
    /** `123456789:AA…`: the bot id, a colon, then the secret part (Bot API, "Authorizing your bot"). */
    token: z
      .string()
      .max(LIMITS.credential)
      .regex(/^\d+:[A-Za-z0-9_-]+$/, 'a bot token looks like 123456789:AAE…, as @BotFather gives it'),
  })
  .strict();
export type TelegramCredentials = z.infer<typeof TelegramCredentials>;

/**
 * The webhook's `secret_token`: derived from the channel's signing secret, so rotating that
 * rotates this, and this one leaking (it travels in every update's header) does not give the
 * channel's secret away. base64url of an HMAC is 43 characters of `[A-Za-z0-9_-]`, which is what
 * setWebhook allows (1–256 of them).
 */
export function webhookSecret(channelSecret: string): string {
  return createHmac('sha256', channelSecret).update('telegram webhook secret_token').digest('base64url');
}

export function webhookUrl(settings: TelegramSettings, channelId: string): string | null {
  return settings.publicUrl ? `${settings.publicUrl}/channels/telegram/${encodeURIComponent(channelId)}/webhook` : null;
}
