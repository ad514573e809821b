// An operator's or the bot's message to a Telegram chat: its text by sendMessage, in parts of at
// most 4096 characters, and its files by sendPhoto (pictures Telegram shows inline) or
// sendDocument, uploaded as multipart/form-data from the stored bytes. A text short enough rides
// as the first file's caption. Each part waits its turn under the bot's limits (./throttle.ts).
import type { Attachment } from '../../../shared/schemas';
import type { ChannelHost, ConfiguredChannel, DeliveryOutcome } from '../adapter';
import type { OutboundDelivery } from '../delivery';
import { BotApi, type BotApiAnswer } from './bot-api';
import type { TelegramCredentials, TelegramSettings } from './settings';
import { CAPTION_LIMIT, splitText } from './split';
import { throttleFor } from './throttle';

/** sendPhoto takes photos up to 10 MB in these types; anything else goes as a document. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

type Part = { text: string } | { file: Attachment; caption: string | undefined };

/**
 * Parts already taken by Telegram of a message whose delivery failed half-way (a timeout, a 429
 * on its third part), by message id: the outbox's retry sends only the rest. Kept in memory: a
 * restart in between sends the message whole again (at least once, as the outbox promises).
 */
const progress = new Map<string, { done: number; providerId: string }>();

export async function deliverToTelegram(
  channel: ConfiguredChannel<TelegramSettings, TelegramCredentials>,
  delivery: OutboundDelivery,
  signal: AbortSignal,
  host: ChannelHost | undefined,
): Promise<DeliveryOutcome> {
  const files = delivery.message.attachments ?? [];
  // The outbox starts before the channels are mounted: a message with files goes next time.
  if (files.length && !host) return { status: 'transient', error: 'the Telegram channels are not mounted yet' };
  const api = new BotApi(channel.settings.apiUrl, channel.credentials.token);
  const throttle = throttleFor(channel.credentials.token);
  const chatId = delivery.contact.id;
  const parts = partsOf(delivery.message.text, files);
  const key = `${channel.id}\u0000${delivery.message.id}`;
  let { done, providerId } = progress.get(key) ?? { done: 0, providerId: '' };
  for (; done < parts.length; done++) {
    const part = parts[done];
    let body: Record<string, unknown> | FormData;
    let method: string;
    if ('text' in part) {
      method = 'sendMessage';
      body = { chat_id: chatId, text: part.text };
    } else {
      const bytes = await host!.files.read(part.file.hash);
      // Only housekeeping deletes files, and never one a message refers to: this is a lost file, not a retry.
      if (!bytes) return forget(key, { status: 'permanent', error: `file "${part.file.name}" is no longer stored` });
      const asPhoto = PHOTO_TYPES.has(part.file.type) && part.file.size <= PHOTO_MAX_BYTES;
      method = asPhoto ? 'sendPhoto' : 'sendDocument';
      body = new FormData();
      body.append('chat_id', chatId);
      body.append(asPhoto ? 'photo' : 'document', new Blob([bytes], { type: part.file.type }), part.file.name);
      if (part.caption) body.append('caption', part.caption);
    }
    let answered: () => void;
    try {
      answered = await throttle.turn(chatId, signal);
    } catch {
      progress.set(key, { done, providerId });
      return { status: 'transient', error: 'timed out waiting for the chat’s send limit' };
    }
    const answer = await api.call<{ message_id: number; chat: { id: number } }>(method, body, signal).finally(answered);
    if (!answer.ok) {
      const outcome = failure(method, answer);
      if (outcome.status === 'transient') progress.set(key, { done, providerId });
      else progress.delete(key);
      return outcome;
    }
    providerId = `${answer.result.chat?.id ?? chatId}:${answer.result.message_id}`;
  }
  progress.delete(key);
  return { status: 'sent', providerId: providerId || null };
}

/** The text's parts, then the files; a text that fits a caption goes with the first file instead. */
function partsOf(text: string, files: Attachment[]): Part[] {
  const trimmed = text.trim();
  if (files.length && trimmed.length <= CAPTION_LIMIT)
    return files.map((file, i) => ({ file, caption: i === 0 && trimmed ? trimmed : undefined }));
  return [
    ...splitText(trimmed).map((part) => ({ text: part })),
    ...files.map((file) => ({ file, caption: undefined })),
  ];
}

/**
 * Telegram's refusals: 429 waits its retry_after; a 5xx or no answer is retried; 400 (chat not
 * found, text refused) and 403 (the bot was blocked, or is not in the chat) are for good. Other
 * 4xx (401: the token was revoked) are retried, as the admin's fix to the channel makes them go.
 */
function failure(method: string, answer: Exclude<BotApiAnswer<unknown>, { ok: true }>): DeliveryOutcome {
  if (answer.status === null) return { status: 'transient', error: `Telegram unreachable: ${answer.description}` };
  const error = `${method}: Telegram answered ${answer.status}: ${answer.description}`;
  if (answer.status === 429)
    return { status: 'transient', error, ...('retryAfterMs' in answer && { retryAfterMs: answer.retryAfterMs }) };
  if (answer.status === 400 || answer.status === 403) return { status: 'permanent', error };
  return { status: 'transient', error };
}

function forget(key: string, outcome: DeliveryOutcome): DeliveryOutcome {
  progress.delete(key);
  return outcome;
}
