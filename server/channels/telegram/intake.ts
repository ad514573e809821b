// A Telegram message becomes a customer message, whichever way it came (the webhook or the long
// poll): its files are fetched (getFile, then the download) and checked like any customer's,
// and it is committed under the chat's id. Both ways wait for the commit before they confirm
// the update to Telegram, so an update is never confirmed and lost.
import { LIMITS } from '../../../shared/limits';
import { isStorable } from '../../../shared/text-rules';
import type { Attachment } from '../../../shared/schemas';
import { AttachmentRefused, safeFileName } from '../../attachments/attachments';
import { DeskError } from '../../desk/errors';
import type { ChannelRecord } from '../../desk/mappers';
import { DataError } from '../../store/store';
import type { ChannelHost } from '../adapter';
import { BotApi } from './bot-api';
import { TelegramCredentials, TelegramSettings } from './settings';
import { messageFiles, senderName, sharedOwnPhone, type MessageFile, type ParsedUpdate } from './updates';

/** How long fetching one update's files may take, all told. */
const FILES_TIMEOUT_MS = 30_000;

/** Fetching a file failed in passing (Telegram's file server, the network): the update is tried again. */
export class FileFetchFailed extends Error {}

/**
 * Whether an update that failed to be taken in must not be tried again: the desk refused it
 * (the text rule, a file) or the store cannot hold it. Worth retrying: the store, a full disk,
 * the flood limit, a file that could not be fetched.
 */
export function refusedForGood(error: unknown): boolean {
  if (error instanceof DataError) return true;
  if (error instanceof DeskError) return error.code !== 'TOO_MANY_REQUESTS' && error.code !== 'SERVICE_UNAVAILABLE';
  return false;
}

export class TelegramIntake {
  constructor(private readonly host: ChannelHost) {}

  /** Stores the update's message, once however often it comes; an update of another kind is dropped. */
  async take(channel: ChannelRecord, update: ParsedUpdate): Promise<void> {
    if (update.kind === 'ignored') {
      this.host.log.debug({ channel: channel.id, update: update.updateId, reason: update.reason }, 'update ignored');
      return;
    }
    const { message, unsupported } = update;
    const name = senderName(message)?.slice(0, LIMITS.name);
    // Checked before any file is fetched: an update the store cannot hold is refused whole.
    for (const [field, value] of [
      ['text', message.text ?? message.caption ?? ''],
      ['name', name ?? ''],
    ])
      if (!isStorable(value))
        throw new DeskError('BAD_REQUEST', `the message's ${field} holds NUL or a lone surrogate: not stored`);
    // The message's own id in its chat is what every resend of it carries, by webhook or by poll.
    const externalId = `${message.chat.id}:${message.message_id}`;
    const phone = sharedOwnPhone(message);
    const files = messageFiles(message);
    const { attachments, notes } = files.length ? await this.files(channel, files) : { attachments: [], notes: [] };
    const said = message.text ?? message.caption ?? '';
    const placeholder = unsupported ? `[${unsupported.replace('_', ' ')}: not shown here]` : '[an empty message]';
    const text = [said || (attachments.length ? '' : placeholder), ...notes].filter(Boolean).join('\n\n');
    const result = await this.host.receive(channel, {
      externalId,
      contact: {
        id: String(message.chat.id),
        name,
        lang: message.from?.language_code,
        ...(phone && { phone, identities: [{ kind: 'phone', value: phone, source: 'telegram-contact' }] }),
      },
      text: text.length > LIMITS.messageText ? `${text.slice(0, LIMITS.messageText - 1)}…` : text,
      attachments,
    });
    if (!result.duplicate) this.host.accepted(channel);
  }

  /**
   * The message's files, each checked on its own: one over the limits is left out with a note in
   * the text, and the message is still taken (Telegram will not send it differently next time).
   */
  private async files(
    channel: ChannelRecord,
    files: MessageFile[],
  ): Promise<{ attachments: Attachment[]; notes: string[] }> {
    const settings = TelegramSettings.parse(channel.settings);
    const api = new BotApi(settings.apiUrl, TelegramCredentials.parse(channel.credentials).token);
    const signal = AbortSignal.timeout(FILES_TIMEOUT_MS);
    const { maxFileBytes, maxMessageBytes } = this.host.files.limits;
    const attachments: Attachment[] = [];
    const notes: string[] = [];
    let total = 0;
    for (const file of files) {
      const name = safeFileName(file.name);
      const room = Math.min(maxFileBytes, maxMessageBytes - total);
      if (file.size !== undefined && file.size > room) {
        notes.push(`[file "${name}" not kept: ${file.size} bytes is over the limit]`);
        continue;
      }
      const found = await api.call<{ file_path?: string }>('getFile', { file_id: file.fileId }, signal);
      if (!found.ok) {
        // 400 "file is too big": the Bot API hands out files up to 20 MB only.
        if (found.status !== null && found.status < 500 && found.status !== 429) {
          notes.push(`[file "${name}" not kept: Telegram answered "${found.description}"]`);
          continue;
        }
        throw new FileFetchFailed(`getFile failed: ${found.description}`);
      }
      if (!found.result.file_path) {
        notes.push(`[file "${name}" not kept: Telegram gave no download path]`);
        continue;
      }
      let bytes: Buffer | { refused: string };
      try {
        bytes = await api.download(found.result.file_path, room, signal);
      } catch (error) {
        throw new FileFetchFailed((error as Error).message, { cause: error });
      }
      if (!Buffer.isBuffer(bytes)) {
        notes.push(`[file "${name}" not kept: ${bytes.refused}]`);
        continue;
      }
      try {
        const [stored] = await this.host.files.intake([{ name, bytes }]);
        attachments.push(stored);
        total += stored.size;
      } catch (error) {
        if (!(error instanceof AttachmentRefused)) throw error;
        notes.push(`[${error.message}: not kept]`);
      }
    }
    return { attachments, notes };
  }
}
