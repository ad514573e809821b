// Quality review (issue 18 §4): supervisors work through the review queue and score
// conversations (reading the transcript through operator.messages, as for any conversation);
// operators read only their own reviews; admins keep the scorecard's criteria.
import { z } from 'zod';
import {
  CriterionDeleteInput,
  CriterionInput,
  ReviewListInput,
  ReviewQueueInput,
  ReviewSubmitInput,
} from '../../shared/review-schemas';
import { LIMITS } from '../../shared/limits';
import { deskId } from '../../shared/text-rules';
import { adminProcedure, authedProcedure, router, supervisorProcedure } from './trpc';

const id = deskId(LIMITS.id);

export const reviewsRouter = router({
  queue: supervisorProcedure.input(ReviewQueueInput).query(({ ctx, input }) => ctx.desk.reviews.queue(input)),
  criteria: supervisorProcedure.query(({ ctx }) => ctx.desk.reviews.criteria()),
  submit: supervisorProcedure
    .input(ReviewSubmitInput)
    .mutation(({ ctx, input }) => ctx.desk.reviews.submit(ctx.actor, input)),
  ofConversation: supervisorProcedure
    .input(z.object({ conversationId: id }))
    .query(({ ctx, input }) => ctx.desk.reviews.ofConversation(input.conversationId)),
  ofOperator: supervisorProcedure
    .input(z.object({ operatorId: id, limit: z.number().int().min(1).max(LIMITS.listPage).default(50) }))
    .query(({ ctx, input }) => ctx.desk.reviews.ofOperator(input.operatorId, input.limit)),
  /** The caller's own reviews, newest first: the console's /reviews. */
  mine: authedProcedure
    .input(ReviewListInput)
    .query(({ ctx, input }) => ctx.desk.reviews.ofOperator(ctx.actor.id, input.limit)),
  setCriterion: adminProcedure
    .input(CriterionInput)
    .mutation(({ ctx, input }) => ctx.desk.reviews.saveCriterion(input)),
  deleteCriterion: adminProcedure.input(CriterionDeleteInput).mutation(async ({ ctx, input }) => {
    await ctx.desk.reviews.deleteCriterion(input.id);
    return { ok: true };
  }),
});
