// One "messages" change of a verified webhook, taken in: each customer message stored once (by
// its wamid), its media fetched from the Graph API into the desk's files, and each status of ours
// passed on as a delivery report. Throws what the caller answers with a retry status (Meta
// redelivers; what was stored already is then found by its wamid).
import { AttachmentRefused } from '../../attachments/attachments';
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { describeFailure, downloadMedia, graphCall, type GraphChannel } from './graph-api';
import type { MessagesValue, WaMessage, WaStatus } from './payload';

/** A media fetch that Meta or the network failed for now: the webhook is answered 503, to come again. */
export class MediaUnavailable extends Error {}

const MEDIA_TIMEOUT_MS = 20_000;
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
/** A name for a file Meta sends without one (photos, voice notes), so the operator can tell what it is. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/amr': '.amr',
  'video/mp4': '.mp4',
  'video/3gpp': '.3gp',
};

export async function takeChange(
  host: ChannelHost,
  channel: ChannelRecord,
  graph: GraphChannel,
  value: MessagesValue,
): Promise<void> {
  const names = new Map(value.contacts?.map((c) => [c.wa_id, c.profile?.name]) ?? []);
  for (const message of value.messages ?? []) {
    const taken = await inboundOf(host, graph, message);
    if (!taken) continue;
    const name = names.get(message.from);
    const result = await host.receive(channel, {
      externalId: message.id,
      // wa_id is the number in E.164 without its plus.
      // Cloud API vouches for the sender's number: it links the customer across channels (issue 18 §1).
      contact: {
        id: message.from,
        phone: `+${message.from}`,
        identities: [{ kind: 'phone', value: `+${message.from}`, source: 'whatsapp-sender' }],
        ...(name && { name }),
      },
      ...taken,
    });
    if (!result.duplicate) host.accepted(channel);
  }
  for (const status of value.statuses ?? []) await report(host, channel, status);
}

/** The message as the desk stores it; null for what is not a message to answer (a reaction). */
async function inboundOf(host: ChannelHost, graph: GraphChannel, message: WaMessage) {
  if (message.type === 'text' && message.text) return { text: message.text.body };
  if (message.type === 'reaction') return null;
  const mediaType = MEDIA_TYPES.find((type) => type === message.type);
  const media = mediaType && message[mediaType];
  if (mediaType && media) {
    const caption = media.caption ?? '';
    const name = media.filename ?? `${mediaType}-${media.id}${EXTENSIONS[media.mime_type?.split(';')[0] ?? ''] ?? ''}`;
    const fetched = await fetchMedia(host, graph, media.id, name);
    if ('note' in fetched) return { text: [caption, fetched.note].filter(Boolean).join('\n') };
    return { text: caption, attachments: fetched.attachments };
  }
  if (message.type === 'button' && message.button?.text) return { text: message.button.text };
  const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
  if (message.type === 'interactive' && reply?.title) return { text: reply.title };
  if (message.type === 'location' && message.location) {
    const { latitude, longitude, name, address } = message.location;
    return { text: [name, address, `${latitude}, ${longitude}`].filter(Boolean).join('\n') };
  }
  // Contacts cards, orders, and what Meta itself calls "unsupported": the operator should know they wrote.
  return { text: `(a WhatsApp message of type "${message.type}" that the desk cannot show)` };
}

/**
 * A customer's file, through GET /{media-id} for its short-lived URL and a download with the
 * token. A file the desk refuses, or one Meta no longer has, becomes a note in the message rather
 * than a webhook refused for a week of retries.
 */
async function fetchMedia(host: ChannelHost, graph: GraphChannel, mediaId: string, name: string) {
  const signal = AbortSignal.timeout(MEDIA_TIMEOUT_MS);
  const found = await graphCall<{ url?: string }>(graph, encodeURIComponent(mediaId), { method: 'GET' }, signal);
  if (!found.ok) {
    if (found.transient) throw new MediaUnavailable(found.error);
    return { note: `(a file the desk could not fetch from WhatsApp: ${found.error})` };
  }
  if (!found.value.url) return { note: '(a file WhatsApp gave no address for)' };
  const max = host.files.limits.maxFileBytes;
  const bytes = await downloadMedia(found.value.url, graph.accessToken, max, signal);
  if (!bytes.ok) {
    if (bytes.transient) throw new MediaUnavailable(bytes.error);
    return { note: `(a file the desk could not take: ${bytes.error})` };
  }
  try {
    return { attachments: await host.files.intake([{ name, bytes: bytes.value }]) };
  } catch (error) {
    if (error instanceof AttachmentRefused) return { note: `(a file the desk refused: ${error.message})` };
    throw error;
  }
}

async function report(host: ChannelHost, channel: ChannelRecord, status: WaStatus): Promise<void> {
  // "sent" is the outbox's own record already; other statuses (e.g. "deleted") move nothing.
  if (status.status !== 'delivered' && status.status !== 'read' && status.status !== 'failed') return;
  const first = status.errors?.[0];
  const error = first
    ? describeFailure(first.code, first.title ?? first.message ?? 'failed', first.error_data?.details)
    : undefined;
  await host.deliveryReport(channel, { providerId: status.id, status: status.status, ...(error && { error }) });
}
