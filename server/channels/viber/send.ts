// An operator's or the bot's message to a Viber user: send_message with the text, then one
// send_message per file (type picture or file, its `media` a signed download link that Viber
// fetches: the link must be public, see TEXTDESK_PUBLIC_URL). Viber has no idempotency key, so a
// message of several parts notes each part sent in channel state, and a retry sends only the rest.
import type { Attachment } from '../../../shared/schemas';
import type { ChannelHost, DeliveryOutcome } from '../adapter';
import type { OutboundDelivery } from '../delivery';
import { callViber, type ViberAccount } from './api';

/** channel_state name marking a later part's token, whose reports the first part's speak for. */
export const partKey = (token: string) => `viber-part:${token}`;
const progressKey = (messageId: string) => `viber-out:${messageId}`;

/** Viber shows these as pictures (JPEG, PNG, non-animated GIF); other files go as files. */
const PICTURE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);

interface Progress {
  /** Parts sent so far, in order. */
  done: number;
  /** The first part's message_token: the message's provider id. */
  first: string | null;
}

export async function sendViber(
  account: ViberAccount & { id: string },
  delivery: OutboundDelivery,
  signal: AbortSignal,
  host: ChannelHost | undefined,
): Promise<DeliveryOutcome> {
  const files = delivery.message.attachments ?? [];
  if (files.length && !host) return { status: 'transient', error: 'the channels are not mounted yet' };
  const parts: Array<Record<string, unknown>> = [];
  if (delivery.message.text.trim()) parts.push({ type: 'text', text: delivery.message.text });
  for (const file of files) parts.push(filePart(file, host!));
  const several = parts.length > 1;
  const saved = several ? await host!.state.get(account.id, progressKey(delivery.message.id)) : null;
  const progress: Progress = saved ? (JSON.parse(saved) as Progress) : { done: 0, first: null };
  for (let i = progress.done; i < parts.length; i++) {
    const answer = await callViber(
      account,
      'send_message',
      { receiver: delivery.contact.id, sender: { name: account.settings.senderName }, ...parts[i] },
      signal,
    );
    if (!answer.ok) return { status: answer.transient ? 'transient' : 'permanent', error: answer.error };
    const token = typeof answer.body.message_token === 'string' ? answer.body.message_token : null;
    if (!several) return { status: 'sent', providerId: token };
    if (i === 0) progress.first = token;
    else if (token) await host!.state.set(account.id, partKey(token), delivery.message.id);
    progress.done = i + 1;
    await host!.state.set(account.id, progressKey(delivery.message.id), JSON.stringify(progress));
  }
  return { status: 'sent', providerId: progress.first };
}

function filePart(file: Attachment, host: ChannelHost): Record<string, unknown> {
  const media = host.files.downloadLink(file).url;
  if (PICTURE_TYPES.has(file.type)) return { type: 'picture', text: '', media };
  return { type: 'file', media, size: file.size, file_name: file.name };
}
