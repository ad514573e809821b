// An operator's or the bot's message as Cloud API sends (POST /{phone-number-id}/messages): text,
// each file uploaded (POST /{phone-number-id}/media) and sent by its media id with the text as its
// caption where one fits, or an approved template with its body parameters. The provider's id is
// the last WhatsApp message's wamid, the one whose statuses tell that all of it arrived.
import type { Attachment } from '../../../shared/schemas';
import type { ChannelHost, DeliveryOutcome } from '../adapter';
import type { OutboundDelivery } from '../delivery';
import { graphCall, type GraphChannel, type GraphResult } from './graph-api';

/** Meta's limits: a text body, and a media caption. */
export const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

type MediaKind = 'image' | 'audio' | 'video' | 'document';

/** The Cloud API's media type for a file: its supported image, audio and video types; a document otherwise. */
export function mediaKind(mime: string): MediaKind {
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(mime)) return 'audio';
  if (mime === 'video/mp4' || mime === 'video/3gpp') return 'video';
  return 'document';
}

interface SendAnswer {
  messages?: Array<{ id?: string }>;
}

export async function deliverWhatsApp(
  channel: GraphChannel,
  delivery: OutboundDelivery,
  signal: AbortSignal,
  host: ChannelHost | undefined,
): Promise<DeliveryOutcome> {
  const to = delivery.contact.id;
  const send = (message: Record<string, unknown>) =>
    graphCall<SendAnswer>(
      channel,
      `${channel.phoneNumberId}/messages`,
      { method: 'POST', json: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message } },
      signal,
    );
  if (delivery.template) {
    const { name, lang, params } = delivery.template;
    return outcome(
      await send({
        type: 'template',
        template: {
          name,
          language: { code: lang },
          ...(params.length > 0 && {
            components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }],
          }),
        },
      }),
    );
  }
  const { text } = delivery.message;
  const files = delivery.message.attachments ?? [];
  if (files.length === 0) return outcome(await send({ type: 'text', text: { body: text, preview_url: false } }));
  // The outbox starts before the channels are mounted: files are read through the host.
  if (!host) return { status: 'transient', error: 'the WhatsApp channels are not mounted yet' };
  const captioned = text.length > 0 && text.length <= CAPTION_LIMIT && mediaKind(files[0].type) !== 'audio';
  let last: GraphResult<SendAnswer> | null = null;
  if (text.length > 0 && !captioned) {
    last = await send({ type: 'text', text: { body: text, preview_url: false } });
    if (!last.ok) return outcome(last);
  }
  for (const [index, file] of files.entries()) {
    const uploaded = await upload(channel, file, host, signal);
    if ('status' in uploaded) return uploaded;
    const kind = mediaKind(file.type);
    const caption = index === 0 && captioned ? text : undefined;
    last = await send({
      type: kind,
      [kind]: {
        id: uploaded.id,
        ...(caption !== undefined && { caption }),
        ...(kind === 'document' && { filename: file.name }),
      },
    });
    if (!last.ok) return outcome(last);
  }
  return outcome(last!);
}

async function upload(
  channel: GraphChannel,
  file: Attachment,
  host: ChannelHost,
  signal: AbortSignal,
): Promise<{ id: string } | DeliveryOutcome> {
  const bytes = await host.files.read(file.hash);
  // Only housekeeping deletes files, and never one a message refers to: this is a lost file, not a retry.
  if (!bytes) return { status: 'permanent', error: `file "${file.name}" is no longer stored` };
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', file.type);
  form.set('file', new Blob([bytes], { type: file.type }), file.name);
  const answer = await graphCall<{ id?: string }>(
    channel,
    `${channel.phoneNumberId}/media`,
    { method: 'POST', form },
    signal,
  );
  if (!answer.ok) return { status: answer.transient ? 'transient' : 'permanent', error: answer.error };
  if (!answer.value.id) return { status: 'transient', error: 'the media upload answered without an id' };
  return { id: answer.value.id };
}

function outcome(answer: GraphResult<SendAnswer>): DeliveryOutcome {
  if (!answer.ok) return { status: answer.transient ? 'transient' : 'permanent', error: answer.error };
  const id = answer.value.messages?.[0]?.id;
  // Taken, but without the id its statuses will name: sent, and no later report can find it.
  return { status: 'sent', providerId: id ?? null };
}
