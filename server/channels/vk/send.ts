// An operator's or the bot's message to a VK dialog: its files uploaded through VK's upload
// servers first (photos as photos, the rest as documents), then one messages.send carrying the
// text and the attachments. random_id is derived from the desk's message id, so however often
// the outbox retries, VK shows the message once (it drops a repeated random_id).
import { createHash } from 'node:crypto';
import type { Attachment } from '../../../shared/schemas';
import type { ChannelHost, DeliveryOutcome } from '../adapter';
import type { OutboundDelivery } from '../delivery';
import { callVk, uploadTo, type VkAccount, type VkAnswer } from './api';

/** VK's random_id: a signed 32-bit integer, the same for every attempt at one message. */
export function randomIdOf(messageId: string): number {
  return createHash('sha256').update(`textdesk:${messageId}`).digest().readInt32BE(0);
}

/** The kinds VK takes as photos in messages; any other file goes as a document. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif']);

export async function sendVk(
  account: VkAccount,
  delivery: OutboundDelivery,
  signal: AbortSignal,
  host: ChannelHost | undefined,
): Promise<DeliveryOutcome> {
  const peerId = Number(delivery.contact.id);
  if (!Number.isSafeInteger(peerId))
    return { status: 'permanent', error: `"${delivery.contact.id}" is not a VK dialog` };
  const files = delivery.message.attachments ?? [];
  if (files.length && !host) return { status: 'transient', error: 'the channels are not mounted yet' };
  const attachment: string[] = [];
  for (const file of files) {
    const bytes = await host!.files.read(file.hash);
    // Only housekeeping deletes files, and never one a message refers to: a lost file, not a retry.
    if (!bytes) return { status: 'permanent', error: `file "${file.name}" is no longer stored` };
    const uploaded = await upload(account, peerId, file, bytes, signal);
    if (!uploaded.ok) return { status: uploaded.transient ? 'transient' : 'permanent', error: uploaded.error };
    attachment.push(uploaded.response);
  }
  const sent = await callVk<number | { message_id?: number }>(
    account,
    'messages.send',
    {
      peer_id: peerId,
      random_id: randomIdOf(delivery.message.id),
      message: delivery.message.text,
      ...(attachment.length && { attachment: attachment.join(',') }),
    },
    signal,
  );
  if (!sent.ok) return { status: sent.transient ? 'transient' : 'permanent', error: sent.error };
  // The message's id; `{message_id}` when the call names peer_ids instead.
  const id = typeof sent.response === 'number' ? sent.response : sent.response.message_id;
  return { status: 'sent', providerId: id === undefined ? null : String(id) };
}

/** One file through its upload server; the `photo…`/`doc…` name messages.send attaches it by. */
async function upload(
  account: VkAccount,
  peerId: number,
  file: Attachment,
  bytes: Buffer,
  signal: AbortSignal,
): Promise<VkAnswer<string>> {
  const body = { name: file.name, type: file.type, bytes };
  if (PHOTO_TYPES.has(file.type)) {
    const server = await callVk<{ upload_url: string }>(
      account,
      'photos.getMessagesUploadServer',
      { peer_id: peerId },
      signal,
    );
    if (!server.ok) return server;
    const posted = await uploadTo<{ server: number; photo: string; hash: string }>(
      server.response.upload_url,
      'photo',
      body,
      signal,
    );
    if (!posted.ok) return posted;
    const { server: uploadServer, photo, hash } = posted.response;
    const saved = await callVk<Array<{ id: number; owner_id: number }>>(
      account,
      'photos.saveMessagesPhoto',
      { server: uploadServer, photo, hash },
      signal,
    );
    if (!saved.ok) return saved;
    const [first] = saved.response;
    return { ok: true, response: `photo${first.owner_id}_${first.id}` };
  }
  const server = await callVk<{ upload_url: string }>(
    account,
    'docs.getMessagesUploadServer',
    { type: 'doc', peer_id: peerId },
    signal,
  );
  if (!server.ok) return server;
  const posted = await uploadTo<{ file: string }>(server.response.upload_url, 'file', body, signal);
  if (!posted.ok) return posted;
  const saved = await callVk<{ type: string; doc: { id: number; owner_id: number } }>(
    account,
    'docs.save',
    { file: posted.response.file, title: file.name },
    signal,
  );
  if (!saved.ok) return saved;
  return { ok: true, response: `doc${saved.response.doc.owner_id}_${saved.response.doc.id}` };
}
