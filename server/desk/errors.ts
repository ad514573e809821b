// Errors the desk raises on purpose; the API edge maps each code to a TRPCError in one place.
// The router's refusals become desk errors here, by class, keeping the router's message.
import {
  AlreadyRouted,
  CapacityExceeded,
  NotEligible,
  RoutingError,
  UnknownConversation,
  UnknownOperator,
  UnknownQueue,
} from '../domain/routing';

export type DeskErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  // The desk cannot take writes for now (disk space low, server/disk-guard.ts): retry later.
  | 'SERVICE_UNAVAILABLE';

export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Runs a router call whose refusal is the caller's to fix (e.g. a transfer's target), as a DeskError. */
export function routed<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof RoutingError) throw new DeskError(codeOf(error), error.message, { cause: error });
    throw error;
  }
}

function codeOf(error: RoutingError): DeskErrorCode {
  if (error instanceof CapacityExceeded || error instanceof NotEligible || error instanceof AlreadyRouted)
    return 'CONFLICT';
  if (error instanceof UnknownOperator || error instanceof UnknownQueue || error instanceof UnknownConversation)
    return 'NOT_FOUND';
  // A refusal added to the router later and not sorted here yet: still the caller's, and still worded by the router.
  return 'CONFLICT';
}
