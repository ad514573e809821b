// One dialog's transcript as loaded so far: messages in time order, each once, plus what the last
// fetch asked for. Plain functions over plain data, so a 5,000-message transcript grows in place.
import type { Message } from '../../shared/schemas';
import { byTime } from './conversation-order';

export type Transcript = {
  messages: Message[];
  ids: Set<string>;
  /** How many the last fetch asked for: fewer came back means the start is loaded. */
  requested: number;
  complete: boolean;
  loading: boolean;
};

export function emptyTranscript(): Transcript {
  return { messages: [], ids: new Set(), requested: 0, complete: false, loading: false };
}

/** Adds messages by id, never twice, keeping the transcript in time order. */
export function mergeMessages(transcript: Transcript, incoming: readonly Message[]): void {
  const { messages, ids } = transcript;
  let outOfOrder = false;
  for (const message of incoming) {
    if (ids.has(message.id)) continue;
    ids.add(message.id);
    const last = messages[messages.length - 1];
    if (last && byTime(message, last) < 0) outOfOrder = true;
    messages.push(message);
  }
  if (outOfOrder) messages.sort(byTime);
}

export function lastMessageId(messages: readonly Message[]): string | null {
  return messages.length > 0 ? messages[messages.length - 1].id : null;
}

/** Before the operator opens a dialog, what they answered last counts as read. */
export function lastReplyId(messages: readonly Message[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].author.type === 'operator') return messages[i].id;
  return null;
}

/** Customer messages after the one with id `through` (all of them if it is not there). */
export function customerMessagesAfter(messages: readonly Message[], through: string | null | undefined): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].id === through) break;
    if (messages[i].author.type === 'customer') count++;
  }
  return count;
}
