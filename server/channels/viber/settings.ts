// A Viber channel's settings (`admin channel add --adapter viber --setting …`) and credentials:
// one bot (a Viber "public account") of the REST Bot API.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { deskText } from '../../../shared/text-rules';

export const ViberSettings = z
  .object({
    /** Viber's Bot API; tests point it at a fake on loopback. */
    apiUrl: z.url().default('https://chatapi.viber.com/pa'),
    /** The name replies are shown under (Viber allows 28 characters). */
    senderName: deskText(28).min(1),
    /**
     * The desk's public HTTPS address (e.g. https://desk.shop.ru): `admin channel test` registers
     * {publicUrl}/channels/viber/{channelId}/webhook with set_webhook when Viber has another one.
     */
    publicUrl: z.url().optional(),
    /** Sent when a customer opens the chat, before they write (Viber's welcome message). */
    welcomeText: deskText(7000).min(1).optional(),
  })
  .strict();
export type ViberSettings = z.infer<typeof ViberSettings>;

export const ViberCredentials = z
  .object({
    /** The bot's token (Viber Admin Panel): it authenticates our calls and signs Viber's callbacks. */
    authToken: z.string().min(1).max(LIMITS.credential),
  })
  .strict();
export type ViberCredentials = z.infer<typeof ViberCredentials>;

export const webhookPath = (channelId: string) => `/channels/viber/${encodeURIComponent(channelId)}/webhook`;
