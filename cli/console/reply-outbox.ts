// The outbox of replies not yet acknowledged by the server: what an entry holds, how a reply
// coming back on the feed is matched to its entry, and which send failures are worth retrying.
import { randomUUID } from 'node:crypto';
import type { Message } from '../../shared/schemas';

export type OutboxEntry = {
  clientId: string;
  conversationId: string;
  text: string;
  private: boolean;
  createdAt: number;
  /** queued: waits for the connection; sending: on the wire; failed: refused by the server. */
  state: 'queued' | 'sending' | 'failed';
  error?: string;
  /** Sent as this approved channel template; `text` is its filled-in text, as the server stores it. */
  template?: { name: string; params: string[] };
};

/** A new reply, with the client id the server dedupes by when it is sent again after a reconnect. */
export function queuedReply(conversationId: string, text: string, isPrivate: boolean, createdAt: number): OutboxEntry {
  return {
    clientId: randomUUID(),
    conversationId,
    text,
    private: isPrivate,
    createdAt,
    state: 'queued',
  };
}

/** The entry being sent that a message from the feed is the echo of, if any. */
export function echoedEntry(outbox: readonly OutboxEntry[], message: Message): OutboxEntry | undefined {
  return outbox.find(
    (e) =>
      e.state === 'sending' &&
      e.conversationId === message.conversationId &&
      e.text.trim() === message.text &&
      e.private === message.private,
  );
}

export function dropEntry(outbox: OutboxEntry[], entry: OutboxEntry): void {
  const index = outbox.indexOf(entry);
  if (index >= 0) outbox.splice(index, 1);
}

/** A lost connection leaves a reply queued for the reconnect; any other failure is the server refusing it. */
export function isConnectionError(error: unknown): boolean {
  // Known by its name rather than `instanceof`: importing the class would load the tRPC client
  // before the console's first frame.
  if (!(error instanceof Error) || error.name !== 'TRPCClientError')
    return /closed|ECONNREFUSED|socket/i.test(String((error as Error)?.message ?? error));
  return !(error as Error & { data?: unknown }).data && /closed|connection|socket/i.test(error.message);
}
