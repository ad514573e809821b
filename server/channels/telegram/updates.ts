// The parts of a Bot API Update the desk reads (core.telegram.org/bots/api#update, #message;
// shapes as in grammyjs/types update.ts and message.ts). Only `message` is taken: it is the one
// kind setWebhook and getUpdates are asked for (allowed_updates), and anything else that still
// comes (an edit, a reaction) is acknowledged and left alone, so Telegram does not send it again.
import { z } from 'zod';

/** Telegram ids reach 52 bits: still exact in a double. */
const id = z.number().int().safe();

const FileRef = z.object({
  file_id: z.string().min(1).max(512),
  file_unique_id: z.string().min(1).max(512),
  file_size: z.number().int().nonnegative().optional(),
});

const PhotoSize = FileRef.extend({ width: z.number().int(), height: z.number().int() });

export const TelegramMessage = z.object({
  message_id: id,
  date: z.number().int(),
  chat: z.object({
    id,
    type: z.string(),
    title: z.string().optional(),
    username: z.string().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
  }),
  from: z
    .object({
      id,
      is_bot: z.boolean().optional(),
      first_name: z.string(),
      last_name: z.string().optional(),
      username: z.string().optional(),
      /** IETF language tag of the user's app, e.g. `ru` or `en-US`. */
      language_code: z.string().optional(),
    })
    .optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(PhotoSize).optional(),
  document: FileRef.extend({ file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  voice: FileRef.extend({ duration: z.number().optional(), mime_type: z.string().optional() }).optional(),
  audio: FileRef.extend({ file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  video: FileRef.extend({ file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  /** A shared contact (e.g. a request_contact button): `user_id` is whose it is. */
  contact: z.object({ phone_number: z.string().max(64), user_id: id.optional() }).optional(),
});
export type TelegramMessage = z.infer<typeof TelegramMessage>;

/** Every update has its id; the rest is read only for the `message` kind. */
export const TelegramUpdate = z.object({ update_id: id }).passthrough();

export type ParsedUpdate =
  /** `unsupported`: content the desk shows only as a note (a sticker, a location…). */
  | { kind: 'message'; updateId: number; message: TelegramMessage; unsupported: string | null }
  /** Not a kind the desk takes (or a message it cannot read): acknowledged and dropped. */
  | { kind: 'ignored'; updateId: number; reason: string };

/** An update as it came, or null when it is not an update at all (no update_id). */
export function parseUpdate(json: unknown): ParsedUpdate | null {
  const update = TelegramUpdate.safeParse(json);
  if (!update.success) return null;
  const updateId = update.data.update_id;
  const raw = (update.data as Record<string, unknown>).message;
  if (raw === undefined) {
    const kind = Object.keys(update.data).find((key) => key !== 'update_id') ?? 'empty';
    return { kind: 'ignored', updateId, reason: `a ${kind} update` };
  }
  const message = TelegramMessage.safeParse(raw);
  if (!message.success) return { kind: 'ignored', updateId, reason: 'a message the desk cannot read' };
  return { kind: 'message', updateId, message: message.data, unsupported: unsupportedKind(raw) };
}

/** A file a message carries, as the desk will keep it. */
export interface MessageFile {
  fileId: string;
  size: number | undefined;
  name: string;
}

/** The files of a message: a photo at its largest size, a document, a voice note, an audio or video. */
export function messageFiles(message: TelegramMessage): MessageFile[] {
  const files: MessageFile[] = [];
  const photo = message.photo?.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  if (photo) files.push({ fileId: photo.file_id, size: photo.file_size, name: `photo-${message.message_id}.jpg` });
  const { document, voice, audio, video } = message;
  if (document)
    files.push({
      fileId: document.file_id,
      size: document.file_size,
      name: document.file_name ?? `document-${message.message_id}`,
    });
  if (voice) files.push({ fileId: voice.file_id, size: voice.file_size, name: `voice-${message.message_id}.ogg` });
  if (audio)
    files.push({
      fileId: audio.file_id,
      size: audio.file_size,
      name: audio.file_name ?? `audio-${message.message_id}`,
    });
  if (video)
    files.push({
      fileId: video.file_id,
      size: video.file_size,
      name: video.file_name ?? `video-${message.message_id}.mp4`,
    });
  return files;
}

function unsupportedKind(json: unknown): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const known = new Set(['sticker', 'location', 'contact', 'poll', 'venue', 'animation', 'video_note', 'dice', 'game']);
  return Object.keys(json).find((key) => known.has(key)) ?? null;
}

/**
 * The sender's own phone number, when they shared their own contact (issue 18 §1): Telegram
 * vouches for a user's number only then. A contact of someone else links nothing. Telegram gives
 * the number in international form, sometimes without its plus.
 */
export function sharedOwnPhone(message: TelegramMessage): string | null {
  const { contact, from } = message;
  if (!contact || !from || contact.user_id !== from.id) return null;
  const number = contact.phone_number.trim();
  return /^\d+$/.test(number) ? `+${number}` : number;
}

/** The customer's name as Telegram shows it: first and last name, else @username, else the chat's title. */
export function senderName(message: TelegramMessage): string | undefined {
  const from = message.from;
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ').trim();
  if (name) return name;
  if (from?.username) return `@${from.username}`;
  return message.chat.title ?? undefined;
}
