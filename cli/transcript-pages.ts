// A transcript longer than one page (LIMITS.transcriptPage) is read page by page, newest first,
// each page asking for the messages before the oldest one it has: the server never builds one
// reply of thousands of messages for a client that may not read it.
import type { Message } from '../shared/schemas';
import { LIMITS } from '../shared/limits';

export type FetchPage = (page: { limit: number; before?: string }) => Promise<Message[]>;

/** Up to `limit` of the newest messages (older than the message `before`, if given), oldest first. */
export async function fetchTranscript(
  fetchPage: FetchPage,
  limit: number,
  pageSize: number = LIMITS.transcriptPage,
  before?: string,
): Promise<Message[]> {
  const pages: Message[][] = [];
  let wanted = limit;
  while (wanted > 0) {
    const size = Math.min(wanted, pageSize);
    const page = await fetchPage({ limit: size, before });
    if (page.length > 0) pages.unshift(page);
    if (page.length < size) break;
    wanted -= page.length;
    before = page[0].id;
  }
  return pages.flat();
}
