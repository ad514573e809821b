// Quality review on the wire (issue 18 §4): the scorecard's criteria, the review queue
// supervisors work through, and the reviews they submit. Only the shape is checked here;
// server/domain/scorecard.ts checks the meaning (every criterion known and scored, in range).
import { z } from 'zod';
import { LIMITS } from './limits';
import { deskId, deskText, filledText } from './text-rules';

const id = deskId(LIMITS.id);
const epochMs = z.number().int().nonnegative();

/** Every criterion is scored on one scale: 0 missed, 1 partly, 2 fully (server/domain/scorecard.ts). */
export const SCORE_MAX = 2;
/** A reviewer's comment: long enough for a paragraph of coaching, short enough to read on a console. */
export const REVIEW_COMMENT_MAX = 2_000;

export const CriterionId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dash and underscore only');

/** A scorecard criterion as the config file and `textdesk admin scorecard set` give it. */
export const CriterionInput = z.object({
  id: CriterionId,
  label: filledText(LIMITS.name),
  /** How much it counts against the others (1–10). */
  weight: z.number().int().min(1).max(10).default(1),
  /** Where it comes on the form (lower first); absent: after the others. */
  position: z.number().int().min(0).max(1000).optional(),
});
export type CriterionInput = z.output<typeof CriterionInput>;

export const Criterion = z.object({
  id: CriterionId,
  label: z.string(),
  weight: z.number().int(),
  position: z.number().int(),
});
export type Criterion = z.infer<typeof Criterion>;

export const CriterionDeleteInput = z.object({ id: CriterionId });

/** Why a resolved conversation is in the review queue; one conversation may have several. */
export const ReviewReason = z.enum(['sample', 'low-csat', 'sla-breach']);
export type ReviewReason = z.infer<typeof ReviewReason>;

/** A conversation waiting for (or having had) a supervisor's review. */
export const ReviewQueueItem = z.object({
  conversationId: id,
  operatorId: id,
  operatorName: z.string().nullable(),
  queueId: id,
  channelId: id,
  customerName: z.string().nullable(),
  reasons: z.array(ReviewReason),
  rating: z.number().int().nullable(),
  resolvedAt: epochMs,
  /** Set once someone reviewed it: it leaves the pending list. */
  reviewedAt: epochMs.nullable(),
});
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>;

export const ReviewQueueInput = z
  .object({
    /** `pending` (default): not reviewed yet, oldest first; `all`: the newest, reviewed or not. */
    status: z.enum(['pending', 'all']).default('pending'),
    operatorId: id.optional(),
    limit: z.number().int().min(1).max(LIMITS.listPage).default(100),
  })
  .default({ status: 'pending', limit: 100 });

export const ReviewSubmitInput = z.object({
  conversationId: id,
  /** A score per criterion id, 0–SCORE_MAX each; every criterion of the scorecard must be scored. */
  scores: z.record(z.string().max(64), z.number().int()).refine((s) => Object.keys(s).length <= 50, {
    message: 'at most 50 scores',
  }),
  comment: deskText(REVIEW_COMMENT_MAX).default(''),
});
export type ReviewSubmitInput = z.output<typeof ReviewSubmitInput>;

/** One criterion as it was scored: its label and weight are kept as they were at the review. */
export const ReviewItem = z.object({
  criterionId: CriterionId,
  label: z.string(),
  weight: z.number().int(),
  score: z.number().int(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const Review = z.object({
  id,
  conversationId: id,
  operatorId: id,
  queueId: id,
  reviewerId: id,
  reviewerName: z.string().nullable(),
  reviewedAt: epochMs,
  items: z.array(ReviewItem),
  /** The weighted quality score, 0–100. */
  score: z.number(),
  comment: z.string(),
});
export type Review = z.infer<typeof Review>;

export const ReviewListInput = z
  .object({ limit: z.number().int().min(1).max(LIMITS.listPage).default(50) })
  .default({ limit: 50 });
