// Which resolved conversations go to the supervisors' review queue (issue 18 §4), and why: a
// sample of every operator's conversations, every one the customer rated 2 or less, and every
// one whose first or next response came later than its channel's SLA.
//
// The sample is decided by a hash of the conversation id alone: the same conversation is picked
// or not whichever node or store looks at it, before or after a restart, and however often it is
// looked at again (a late rating, a reopen). SHA-256 spreads the desk's sequential ids evenly, so
// each operator's share of picks is the configured rate however many conversations they close,
// and no operator can tell (or steer) which of theirs will be picked.
import { createHash } from 'node:crypto';
import type { ReviewReason } from '../../shared/review-schemas';

/** CSAT at or below this sends a conversation to review. */
export const LOW_CSAT = 2;

/** Whether a conversation falls in the `percent` sample (0–100, to a hundredth of a percent). */
export function inSample(conversationId: string, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  const bucket = createHash('sha256').update(conversationId).digest().readUInt32BE(0) % 10_000;
  return bucket < Math.round(percent * 100);
}

/** One message of a transcript, as far as response times go. */
export interface TimelineMessage {
  authorType: string;
  private: boolean;
  createdAt: number;
}

export interface SlaTargets {
  firstResponseMs: number;
  nextResponseMs: number;
  /** The first-response deadline in business time, when the channel counts business time. */
  firstResponseDueAt?: number;
}

/**
 * Whether the customer waited longer than the SLA for an answer: the first response (from the
 * customer's first message, as the report counts it) or any next response (from a customer
 * message written after an operator's reply). A wait still open when the conversation closed
 * counts up to the close: nobody answered it, so it breached if it ran past its target.
 * Private notes and the bot answer nothing. Next responses are counted on the wall clock.
 */
export function slaBreached(timeline: readonly TimelineMessage[], targets: SlaTargets, closedAt: number): boolean {
  let waitingSince: number | null = null;
  let answeredOnce = false;
  const due = (since: number) =>
    answeredOnce ? since + targets.nextResponseMs : (targets.firstResponseDueAt ?? since + targets.firstResponseMs);
  for (const m of timeline) {
    if (m.authorType === 'customer') {
      waitingSince ??= m.createdAt;
    } else if (m.authorType === 'operator' && !m.private && waitingSince !== null) {
      if (m.createdAt > due(waitingSince)) return true;
      waitingSince = null;
      answeredOnce = true;
    }
  }
  return waitingSince !== null && closedAt > due(waitingSince);
}

export interface ResolvedConversation {
  id: string;
  rating: number | null;
  slaBreached: boolean;
}

/** Every reason a resolved conversation is picked for review, in a fixed order; empty: not picked. */
export function reviewReasons(c: ResolvedConversation, samplePercent: number): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (inSample(c.id, samplePercent)) reasons.push('sample');
  if (c.rating !== null && c.rating <= LOW_CSAT) reasons.push('low-csat');
  if (c.slaBreached) reasons.push('sla-breach');
  return reasons;
}
