// The Callback API's events as VK sends them (dev.vk.com/en/api/callback/getting-started, API
// 5.199): `{type, group_id, event_id, v, object, secret}`. Only what the desk reads is checked;
// VK adds fields over time, and those are let through.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { deskText } from '../../../shared/text-rules';

const url = z.string().max(4096);

/** A photo: one URL per size; the largest is taken. */
const Photo = z.object({
  sizes: z.array(z.object({ url, width: z.number().optional(), height: z.number().optional() })).min(1),
});
const Doc = z.object({
  url,
  title: z
    .string()
    .max(LIMITS.fileName * 4)
    .optional(),
  ext: z.string().max(16).optional(),
});
const AudioMessage = z.object({ link_ogg: url.optional(), link_mp3: url.optional() });

const Attachment = z.looseObject({
  type: z.string().max(64),
  photo: Photo.optional(),
  doc: Doc.optional(),
  audio_message: AudioMessage.optional(),
});
export type VkAttachment = z.infer<typeof Attachment>;

/** message_new's `object` since API 5.103: the message, and what the customer's app can show. */
export const VkMessageNew = z.object({
  message: z.looseObject({
    /** 0 for messages in group chats; conversation_message_id identifies those. */
    id: z.number().int().nonnegative(),
    conversation_message_id: z.number().int().nonnegative().optional(),
    peer_id: z.number().int(),
    from_id: z.number().int(),
    text: deskText(LIMITS.messageText),
    attachments: z.array(Attachment).max(50).default([]),
  }),
});
export type VkMessageNew = z.infer<typeof VkMessageNew>;

/** Any event: its envelope. `secret` is absent from `confirmation`. */
export const VkEvent = z.looseObject({
  type: z.string().min(1).max(64),
  group_id: z.number().int().positive(),
  event_id: z.string().max(128).optional(),
  secret: z.string().max(128).optional(),
  object: z.unknown().optional(),
});
export type VkEvent = z.infer<typeof VkEvent>;
