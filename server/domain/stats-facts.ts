// The domain facts the service layer reports to the StatsEngine, one type per method.
// Every `at` is epoch milliseconds from the same clock the engine was given.
import type { OperatorStatus } from '../../shared/schemas';
import type { Medium } from '../../shared/sla';

export interface ConversationQueued {
  conversationId: string;
  queueId: string;
  channelId: string;
  /** First-response target of the conversation's channel. */
  slaTargetMs: number;
  /** Its deadline in business time, when the channel counts business time (issue 17 §1); absent: `at` + target. */
  slaDueAt?: number;
  at: number;
}

/** An open conversation found at start-up: its state, without counting anything that happened. */
export interface ConversationRestored {
  conversationId: string;
  queueId: string;
  channelId: string;
  slaTargetMs: number;
  /** Its deadline in business time, when the channel counts business time (issue 17 §1); absent: `queuedAt` + target. */
  slaDueAt?: number;
  /** The base of its first-response time and deadline. */
  queuedAt: number;
  /** When it entered its current queue. */
  enteredQueueAt: number;
  operatorId: string | null;
  assignedAt: number | null;
  answered: boolean;
}

export interface ConversationAssigned {
  conversationId: string;
  operatorId: string;
  at: number;
}

export interface FirstResponse {
  conversationId: string;
  operatorId: string;
  at: number;
}

export interface MessageIn {
  conversationId: string;
  queueId: string;
  channelId: string;
  at: number;
}

export interface MessageOut extends MessageIn {
  /** null for bot and system messages: they are throughput but not a reply. */
  operatorId: string | null;
}

export interface ConversationResolved {
  conversationId: string;
  operatorId: string | null;
  at: number;
}

export interface ConversationAbandoned {
  conversationId: string;
  at: number;
}

export interface ConversationTransferred {
  conversationId: string;
  toQueueId: string;
  at: number;
}

export interface OperatorChanged {
  operatorId: string;
  name: string;
  status: OperatorStatus;
  capacity: number;
  load: number;
  at: number;
}

export interface Rating {
  conversationId: string;
  operatorId: string | null;
  queueId: string;
  /** Counted for the channel too when given. */
  channelId?: string;
  score: 1 | 2 | 3 | 4 | 5;
  at: number;
}

export interface QueueInfo {
  id: string;
  name: string;
}

export interface ChannelInfo {
  id: string;
  name: string;
  medium: Medium;
}
