// The router's public vocabulary, kept apart so the router file holds only decisions.
export interface RoutingQueue {
  id: string;
  skills: readonly string[];
  /** Higher is served first. */
  priority: number;
}
export interface RoutingOperator {
  id: string;
  skills: readonly string[];
  /** May be fractional, e.g. 2.5 */
  capacity: number;
}
export type RoutingStatus = 'available' | 'away' | 'offline';
export interface WaitingItem {
  conversationId: string;
  queueId: string;
  weight: number;
  slaDueAt: number | null;
  waitingSince: number;
}
export interface Assignment {
  conversationId: string;
  operatorId: string;
}
export type RoutingErrorCode =
  'CapacityExceeded' | 'UnknownOperator' | 'UnknownQueue' | 'UnknownConversation' | 'NotEligible';

export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}

export interface GraceExpiry {
  requeued: { operatorId: string; conversationIds: string[] }[];
  assignments: Assignment[];
  /**
   * The part of `requeued` that was restored without a queue and so could not wait anywhere:
   * forgotten by the router; the caller decides (enqueue again, or close).
   */
  unqueued: string[];
}

/** Where a restored assignment goes back to if its operator's grace runs out. */
export type RestoredQueue = Omit<WaitingItem, 'conversationId' | 'weight'>;
