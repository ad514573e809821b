// The channel kinds every textdesk build has, in one list: the wire enum, the admin CLI's help
// and the server's registry of adapters (server/channels/registry.ts, typed by it) derive from it.
import { z } from 'zod';

/**
 * `api`: the generic HTTP channel with webhooks; `webchat`: the site widget over WebSocket;
 * `email`: mail over SMTP and IMAP in, a relay out; `telegram`: a Telegram bot (Bot API);
 * `whatsapp`: WhatsApp Business over Meta's Cloud API; `vk`: a VK community's messages (Callback
 * API); `viber`: a Viber bot (REST Bot API); `sms`: SMS over SMPP 3.4 to an operator's SMSC.
 */
export const CHANNEL_KINDS = ['api', 'webchat', 'email', 'telegram', 'whatsapp', 'vk', 'viber', 'sms'] as const;
export const ChannelAdapter = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelAdapter>;

/**
 * The console's mark for a channel kind: letters, not colour, so it reads on any terminal and to a
 * screen reader. Kinds a build does not have yet are listed so a newer server's dialogs are marked
 * too; an unknown kind shows its name, cut short.
 */
const CHANNEL_MARKS: Record<string, string> = {
  api: 'API',
  webchat: 'W',
  email: '@',
  telegram: 'TG',
  whatsapp: 'WA',
  vk: 'VK',
  viber: 'VB',
  sms: 'SMS',
};

export function channelMark(kind: string | undefined): string {
  if (kind === undefined) return '?';
  return Object.hasOwn(CHANNEL_MARKS, kind) ? CHANNEL_MARKS[kind] : kind.slice(0, 3).toUpperCase();
}

/** A kind as people name it in a sentence ("no files on SMS"); an unknown kind by its own name. */
const CHANNEL_NAMES: Record<string, string> = {
  api: 'API',
  webchat: 'web chat',
  email: 'e-mail',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  vk: 'VK',
  viber: 'Viber',
  sms: 'SMS',
};

export function channelName(kind: string | undefined): string {
  if (kind === undefined) return 'this channel';
  return Object.hasOwn(CHANNEL_NAMES, kind) ? CHANNEL_NAMES[kind] : kind;
}
