// One customer across channels (issue 18 §1): an operator who holds two or more open dialogs of
// the same customer (web chat and e-mail once the server linked them) sees them as one customer.
// Here are the plain rules over the desk's data: the hotlist keeps a customer's threads together,
// the answer goes out on the thread the customer wrote in last unless the operator chose another,
// and the transcript pane reads the threads as one conversation in time order.
import type { Conversation, Message } from '../../shared/schemas';
import { byTime } from './conversation-order';

/**
 * The hotlist order with each customer's threads side by side: a customer stands where their most
 * urgent thread would, and their other threads follow it in urgency order.
 */
export function groupByCustomer(byUrgency: readonly Conversation[]): Conversation[] {
  const threads = new Map<string, Conversation[]>();
  for (const conversation of byUrgency) {
    const list = threads.get(conversation.customerId);
    if (list) list.push(conversation);
    else threads.set(conversation.customerId, [conversation]);
  }
  return [...threads.values()].flat();
}

/** When the customer last wrote in this thread, as far as the console knows (its messages, or the server's wait). */
export function lastCustomerWrite(conversation: Conversation, messages: readonly Message[]): number {
  const written = messages.findLast((m) => m.author.type === 'customer')?.createdAt ?? -Infinity;
  return Math.max(written, conversation.waitingSince ?? -Infinity);
}

/**
 * The thread the answer goes out on by default: the one the customer wrote in last (the issue's
 * rule); a thread they never wrote in (an operator's /new) only when no other has their words.
 */
export function defaultThread(
  threads: readonly Conversation[],
  transcript: (conversationId: string) => readonly Message[],
): Conversation | null {
  let best: Conversation | null = null;
  let bestAt = -Infinity;
  for (const thread of threads) {
    const at = lastCustomerWrite(thread, transcript(thread.id));
    if (best === null || at > bestAt) {
      best = thread;
      bestAt = at;
    }
  }
  return best;
}

/**
 * The operator's choice of thread for a customer ("via"), kept until the customer writes again:
 * then the thread they wrote in is the default once more.
 */
export type ThreadChoice = { conversationId: string; customerWroteAt: number };

export function latestCustomerWrite(
  threads: readonly Conversation[],
  transcript: (conversationId: string) => readonly Message[],
): number {
  let latest = -Infinity;
  for (const thread of threads) latest = Math.max(latest, lastCustomerWrite(thread, transcript(thread.id)));
  return latest;
}

/** The thread the answer goes out on: the operator's choice while the customer has not written since, else the default. */
export function answeringThread(
  threads: readonly Conversation[],
  transcript: (conversationId: string) => readonly Message[],
  choice: ThreadChoice | undefined,
): Conversation | null {
  const chosen = choice && threads.find((thread) => thread.id === choice.conversationId);
  if (chosen && choice.customerWroteAt === latestCustomerWrite(threads, transcript)) return chosen;
  return defaultThread(threads, transcript);
}

/** The threads' messages in one time order (each transcript is in time order already). */
export function mergeThreads(transcripts: ReadonlyArray<readonly Message[]>): Message[] {
  if (transcripts.length === 1) return transcripts[0] as Message[];
  const merged: Message[] = [];
  for (const messages of transcripts) merged.push(...messages);
  return merged.sort(byTime);
}
