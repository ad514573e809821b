// A Viber message becomes a customer message: the sender's id is the contact, a picture, video
// or file is downloaded from its `media` link (Viber's links are short-lived: now, not later).
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { takeRemoteFiles, type RemoteFile } from '../remote-files';
import type { ViberMessageEvent } from './events';

const FILE_NAMES: Record<string, string> = { picture: 'photo.jpg', video: 'video.mp4', file: 'file' };

export async function takeViberMessage(
  host: ChannelHost,
  channel: ChannelRecord,
  event: ViberMessageEvent,
): Promise<void> {
  const { message, sender } = event;
  const files: RemoteFile[] =
    message.type in FILE_NAMES && message.media
      ? [{ url: message.media, name: message.file_name ?? FILE_NAMES[message.type] }]
      : [];
  const { attachments, notes } = await takeRemoteFiles(host, files);
  const text = [message.text?.trim() ?? '', describe(event), ...notes].filter(Boolean).join('\n\n');
  const result = await host.receive(channel, {
    // Viber's id of the message: a callback retried (no 200 in time) is the same message.
    externalId: event.message_token,
    contact: { id: sender.id, ...(sender.name?.trim() && { name: sender.name.trim() }) },
    text: text || (attachments.length ? '' : `[${message.type}]`),
    attachments,
  });
  if (!result.duplicate) host.accepted(channel);
}

/** What a message that is not text or a file says, in words. */
function describe({ message }: ViberMessageEvent): string {
  switch (message.type) {
    case 'location':
      return message.location ? `[location: ${message.location.lat}, ${message.location.lon}]` : '[location]';
    case 'contact':
      return `[contact: ${[message.contact?.name, message.contact?.phone_number].filter(Boolean).join(' ')}]`;
    case 'url':
      return message.media ?? '';
    case 'sticker':
      return '[sticker]';
    default:
      return '';
  }
}
