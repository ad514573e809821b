// A WhatsApp Business channel's settings (`admin channel add --adapter whatsapp --setting …`) and
// credentials: one business phone number of Meta's Cloud API, its Graph API base, and the message
// templates Meta approved for it.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { ChannelTemplate } from '../../../shared/schemas';

/** The Graph API version this adapter was written against (the fake provider follows the same). */
export const GRAPH_API_DEFAULT = 'https://graph.facebook.com/v21.0';

/** `--setting templates=[…]` arrives as JSON text; a stored channel has the array itself. */
const fromJsonText = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

export const WhatsAppSettings = z
  .object({
    /** The Graph API base with its version; tests point it at the fake provider. */
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .max(LIMITS.url)
      .default(GRAPH_API_DEFAULT)
      .transform((url) => url.replace(/\/+$/, '')),
    /** The business number's id in the Cloud API (not the number itself). */
    phoneNumberId: z.string().regex(/^\d{1,32}$/, 'the Cloud API phone number id: digits'),
    /** The templates Meta approved for this number, with their text for the console's preview. */
    templates: z
      .preprocess(fromJsonText, z.array(ChannelTemplate).max(50))
      .default([])
      // The operator picks a template by name: one language per name on a channel.
      .refine((list) => new Set(list.map((t) => t.name)).size === list.length, {
        message: 'each template name once',
      }),
  })
  .strict();
export type WhatsAppSettings = z.infer<typeof WhatsAppSettings>;

const credential = z.string().min(8).max(LIMITS.credential);

export const WhatsAppCredentials = z
  .object({
    /** A system user's access token with whatsapp_business_messaging. */
    accessToken: credential,
    /** The Meta app's secret: X-Hub-Signature-256 of every webhook is keyed by it. */
    appSecret: credential,
    /** Any string of yours, given to Meta with the webhook URL; its GET verification echoes it. */
    verifyToken: credential,
  })
  .strict();
export type WhatsAppCredentials = z.infer<typeof WhatsAppCredentials>;
