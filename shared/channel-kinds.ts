// The channel kinds every textdesk build has, in one list: the wire enum, the admin CLI's help
// and the server's registry of adapters (server/channels/registry.ts, typed by it) derive from it.
import { z } from 'zod';

/**
 * `api`: the generic HTTP channel with webhooks; `webchat`: the site widget over WebSocket;
 * `email`: mail over SMTP and IMAP in, a relay out.
 */
export const CHANNEL_KINDS = ['api', 'webchat', 'email'] as const;
export const ChannelAdapter = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelAdapter>;
