// Customers' files that a provider hands over as links (VK's photo and document URLs, Viber's
// `media`): downloaded with the desk's file limits, checked and stored like any other file. A
// file that cannot be had (too large, refused, the link dead) is left out with a note in the
// text, and the message is taken: losing a customer's words for one file would lose the words.
import { LIMITS } from '../../shared/limits';
import type { Attachment } from '../../shared/schemas';
import { AttachmentRefused, safeFileName } from '../attachments/attachments';
import type { ChannelHost } from './adapter';

export interface RemoteFile {
  url: string;
  /** The name to store it under; the kind of file is read from its bytes, not from this. */
  name: string;
}

/** How long one download may take: the provider waits for our answer meanwhile. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

class TooLarge extends Error {}

export async function takeRemoteFiles(
  host: ChannelHost,
  files: RemoteFile[],
): Promise<{ attachments: Attachment[]; notes: string[] }> {
  const attachments: Attachment[] = [];
  const notes: string[] = [];
  let total = 0;
  for (const file of files) {
    const name = safeFileName(file.name);
    const room = host.files.limits.maxMessageBytes - total;
    if (attachments.length >= LIMITS.attachmentsPerMessage || room <= 0) {
      notes.push(`[file "${name}" not kept: the message's files are over the limit]`);
      continue;
    }
    try {
      const bytes = await download(file.url, Math.min(host.files.limits.maxFileBytes, room));
      const [stored] = await host.files.intake([{ name, bytes }]);
      attachments.push(stored);
      total += stored.size;
    } catch (error) {
      if (error instanceof AttachmentRefused) notes.push(`[${error.message}: not kept]`);
      else if (error instanceof TooLarge) notes.push(`[file "${name}" not kept: it is over the file limit]`);
      else {
        host.log.warn({ err: error, file: name }, 'a customer file could not be downloaded');
        notes.push(`[file "${name}" could not be downloaded from the provider]`);
      }
    }
  }
  return { attachments, notes };
}

/** The body at `url`, refused past `limit` bytes without reading the rest. */
async function download(url: string, limit: number): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new Error(`the provider's file link answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body.cancel();
    throw new TooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
