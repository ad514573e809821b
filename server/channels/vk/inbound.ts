// A community message from VK becomes a customer message: the dialog (peer_id) is the contact,
// its photos (largest size), documents and voice notes are downloaded into the desk's files.
import { LIMITS } from '../../../shared/limits';
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { takeRemoteFiles, type RemoteFile } from '../remote-files';
import { callVk, type VkAccount } from './api';
import type { VkAttachment, VkMessageNew } from './events';

export async function takeVkMessage(
  host: ChannelHost,
  channel: ChannelRecord,
  account: VkAccount,
  { message }: VkMessageNew,
  names: VkNames,
): Promise<void> {
  // In a group chat every message's `id` is 0, and conversation_message_id counts per chat.
  const externalId =
    message.conversation_message_id !== undefined
      ? `${message.peer_id}:${message.conversation_message_id}`
      : `id:${message.id}`;
  const { attachments, notes } = await takeRemoteFiles(host, message.attachments.flatMap(remoteFile));
  const others = message.attachments.filter((a) => remoteFile(a).length === 0).map((a) => `[${a.type}]`);
  const text = [message.text.trim(), ...notes, ...others].filter(Boolean).join('\n\n');
  const name = await names.of(account, message.from_id);
  const result = await host.receive(channel, {
    externalId,
    contact: { id: String(message.peer_id), ...(name && { name }) },
    text: text || (attachments.length ? '' : '[empty message]'),
    attachments,
  });
  if (!result.duplicate) host.accepted(channel);
}

/** The file behind one attachment, if it has one the desk keeps. */
function remoteFile(attachment: VkAttachment): RemoteFile[] {
  if (attachment.type === 'photo' && attachment.photo) {
    const largest = attachment.photo.sizes.reduce((a, b) =>
      (b.width ?? 0) * (b.height ?? 0) > (a.width ?? 0) * (a.height ?? 0) ? b : a,
    );
    return [{ url: largest.url, name: 'photo.jpg' }];
  }
  if (attachment.type === 'doc' && attachment.doc) {
    const { title, ext } = attachment.doc;
    const name = title ?? `document${ext ? `.${ext}` : ''}`;
    return [{ url: attachment.doc.url, name }];
  }
  if (attachment.type === 'audio_message' && attachment.audio_message) {
    const { link_ogg, link_mp3 } = attachment.audio_message;
    if (link_ogg) return [{ url: link_ogg, name: 'voice.ogg' }];
    if (link_mp3) return [{ url: link_mp3, name: 'voice.mp3' }];
  }
  return [];
}

/**
 * Customers' names, asked of users.get once per sender and remembered while the server runs.
 * The name is a courtesy: when VK does not answer (or the sender is a community, id < 0), the
 * message is taken without one, under its dialog id.
 */
export class VkNames {
  private readonly known = new Map<number, string>();
  private static readonly REMEMBERED = 10_000;

  async of(account: VkAccount, userId: number): Promise<string | undefined> {
    if (userId <= 0) return undefined;
    const known = this.known.get(userId);
    if (known !== undefined) return known || undefined;
    const answer = await callVk<Array<{ first_name?: string; last_name?: string }>>(
      account,
      'users.get',
      { user_ids: userId },
      AbortSignal.timeout(3_000),
    );
    if (!answer.ok) return undefined;
    const [user] = answer.response;
    const name = [user?.first_name, user?.last_name]
      .filter(Boolean)
      .join(' ')
      .replaceAll('\0', '')
      .slice(0, LIMITS.name)
      .trim();
    if (!name.isWellFormed()) return undefined;
    if (this.known.size >= VkNames.REMEMBERED) this.known.delete(this.known.keys().next().value!);
    this.known.set(userId, name);
    return name || undefined;
  }
}
