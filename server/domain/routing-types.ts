// The router's public vocabulary, kept apart so the router file holds only decisions.
export interface RoutingQueue {
  id: string;
  skills: readonly string[];
  /** Higher is served first. */
  priority: number;
  /**
   * Outside business hours (issue 17 §1): its conversations keep their place but are offered to
   * nobody until the queue opens again (setQueue with closed false). Absent: open.
   */
  closed?: boolean;
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
/**
 * Every refusal of the router. Each kind is a class of its own, so callers tell them apart with
 * instanceof; the message says what was wrong and what to do, for a person to read as it is.
 */
export abstract class RoutingError extends Error {
  /** The class's name, for logs and tests. */
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The operator has too little free capacity for the conversation. */
export class CapacityExceeded extends RoutingError {
  readonly code = 'CapacityExceeded';

  constructor(
    readonly operatorId: string,
    /** Free capacity and the conversation's weight, in capacity units. */
    readonly free: number,
    readonly needed: number,
    conversationId: string,
  ) {
    super(
      `operator ${operatorId} has ${free} free capacity, conversation ${conversationId} needs ${needed}: ` +
        'raise the capacity or pick another operator',
    );
  }
}

/** Why an operator may not take a conversation, capacity aside. */
export type Ineligibility =
  { reason: 'offline' } | { reason: 'not connected' } | { reason: 'lacks skills'; queueId: string; skills: string[] };

export class NotEligible extends RoutingError {
  readonly code = 'NotEligible';

  constructor(
    readonly operatorId: string,
    readonly why: Ineligibility,
  ) {
    super(notEligibleMessage(operatorId, why));
  }
}

function notEligibleMessage(operatorId: string, why: Ineligibility): string {
  switch (why.reason) {
    case 'offline':
      return `operator ${operatorId} is offline: pick an operator who is online`;
    case 'not connected':
      return `operator ${operatorId} is not connected: pick an operator whose console is open`;
    case 'lacks skills': {
      const skills = `skill${why.skills.length > 1 ? 's' : ''} ${why.skills.join(', ')}`;
      return (
        `operator ${operatorId} lacks the ${skills} that queue ${why.queueId} needs: ` +
        'pick an operator who has them, or transfer to the queue'
      );
    }
  }
}

export class UnknownOperator extends RoutingError {
  readonly code = 'UnknownOperator';

  constructor(readonly operatorId: string) {
    super(`no operator ${operatorId}: add it with setOperator first`);
  }
}

export class UnknownQueue extends RoutingError {
  readonly code = 'UnknownQueue';

  constructor(readonly queueId: string) {
    super(`no queue ${queueId}: add it with setQueue first`);
  }
}

export class UnknownConversation extends RoutingError {
  readonly code = 'UnknownConversation';

  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} is neither waiting nor assigned`);
  }
}

/** A conversation the router already holds was offered as new. */
export class AlreadyRouted extends RoutingError {
  readonly code = 'AlreadyRouted';

  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} is already routed: use moveToQueue or assignTo, or release it first`);
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
