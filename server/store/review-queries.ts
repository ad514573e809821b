// The SQL behind quality review (issue 18 §4): the review queue (what the desk looked at when a
// conversation resolved, and why it was picked), the scorecard's criteria, and the reviews.
import type { Kysely, Selectable } from 'kysely';
import { param as p, params, prepare, type NoArgs } from './prepared';
import type { Database, ReviewQueueTable, ReviewsTable, ScorecardCriteriaTable } from './schema';

export type ReviewQueueRow = Selectable<ReviewQueueTable>;
export type ReviewRow = Selectable<ReviewsTable>;
export type CriterionRow = Selectable<ScorecardCriteriaTable>;

/** A resolved conversation with what deciding on its review needs. */
export interface ReviewCandidateRow {
  id: string;
  status: string;
  queue_id: string;
  channel_id: string;
  last_operator_id: string | null;
  created_at: number;
  resolved_at: number | null;
  rating: number | null;
  direction: string;
  sla_first_ms: number;
  sla_next_ms: number;
}

/** A queue entry as supervisors read it: with the names, and when it was reviewed if it was. */
export type ReviewQueueView = ReviewQueueRow & {
  operator_name: string | null;
  customer_name: string | null;
  reviewed_at: number | null;
};
export type ReviewView = ReviewRow & { reviewer_name: string | null };

const REVIEW_COLUMNS = [
  'id',
  'conversation_id',
  'operator_id',
  'queue_id',
  'reviewer_id',
  'reviewed_at',
  'items',
  'score',
  'comment',
] as const;

export function reviewQueries(db: Kysely<Database>) {
  const candidate = db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select([
      'c.id',
      'c.status',
      'c.queue_id',
      'c.channel_id',
      'c.last_operator_id',
      'c.created_at',
      'c.resolved_at',
      'c.rating',
      'c.direction',
      'ch.sla_first_ms',
      'ch.sla_next_ms',
    ]);
  const queueView = db
    .selectFrom('review_queue as rq')
    .innerJoin('conversations as c', 'c.id', 'rq.conversation_id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('operators as op', 'op.id', 'rq.operator_id')
    .leftJoin('former_operators as fo', 'fo.id', 'rq.operator_id')
    .leftJoin('reviews as r', 'r.conversation_id', 'rq.conversation_id')
    .selectAll('rq')
    .select((eb) => [
      'cu.name as customer_name',
      'r.reviewed_at as reviewed_at',
      eb.fn.coalesce('op.name', 'fo.name').as('operator_name'),
    ])
    .where('rq.reasons', '!=', '');
  const reviewView = db
    .selectFrom('reviews as r')
    .leftJoin('operators as op', 'op.id', 'r.reviewer_id')
    .leftJoin('former_operators as fo', 'fo.id', 'r.reviewer_id')
    .selectAll('r')
    .select((eb) => eb.fn.coalesce('op.name', 'fo.name').as('reviewer_name'));
  return {
    reviewCandidate: prepare<{ id: string }, ReviewCandidateRow>(candidate.where('c.id', '=', p('id'))),
    /**
     * Conversations resolved since `since` by an operator that the queue has not looked at, or
     * looked at before the rating they have now: what a restart looks at again.
     */
    reviewCandidatesUnseen: prepare<{ since: number }, ReviewCandidateRow>(
      candidate
        .leftJoin('review_queue as seen', 'seen.conversation_id', 'c.id')
        .where('c.status', '=', 'resolved')
        .where('c.resolved_at', '>=', p<number>('since'))
        .where('c.last_operator_id', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('seen.conversation_id', 'is', null),
            eb.and([eb('c.rating', 'is not', null), eb('seen.rating', 'is', null)]),
            eb('seen.rating', '!=', eb.ref('c.rating')),
          ]),
        )
        .orderBy('c.resolved_at'),
    ),
    /** A conversation's messages oldest first, as far as response times go. */
    responseTimeline: prepare<
      { conversation_id: string },
      { author_type: string; private: number; created_at: number }
    >(
      db
        .selectFrom('messages')
        .select(['author_type', 'private', 'created_at'])
        .where('conversation_id', '=', p('conversation_id'))
        .orderBy('created_at')
        .orderBy('id'),
    ),
    putReviewSelection: prepare<ReviewQueueRow>(
      db
        .insertInto('review_queue')
        .values(
          params<ReviewQueueRow>([
            'conversation_id',
            'operator_id',
            'queue_id',
            'channel_id',
            'reasons',
            'rating',
            'resolved_at',
            'selected_at',
          ]),
        )
        .onConflict((oc) =>
          oc.column('conversation_id').doUpdateSet({
            operator_id: p('operator_id'),
            queue_id: p('queue_id'),
            channel_id: p('channel_id'),
            reasons: p('reasons'),
            rating: p<number | null>('rating'),
            resolved_at: p<number>('resolved_at'),
            selected_at: p<number>('selected_at'),
          }),
        ),
    ),
    /** Picked and not reviewed yet, oldest first: what a supervisor works through. */
    reviewQueuePending: prepare<{ limit: number }, ReviewQueueView>(
      queueView
        .where('r.id', 'is', null)
        .orderBy('rq.resolved_at')
        .orderBy('rq.conversation_id')
        .limit(p<number>('limit')),
    ),
    reviewQueuePendingOfOperator: prepare<{ operator_id: string; limit: number }, ReviewQueueView>(
      queueView
        .where('r.id', 'is', null)
        .where('rq.operator_id', '=', p('operator_id'))
        .orderBy('rq.resolved_at')
        .orderBy('rq.conversation_id')
        .limit(p<number>('limit')),
    ),
    /** Everything picked, reviewed or not, newest first. */
    reviewQueueRecent: prepare<{ limit: number }, ReviewQueueView>(
      queueView.orderBy('rq.resolved_at', 'desc').orderBy('rq.conversation_id', 'desc').limit(p<number>('limit')),
    ),
    reviewQueueRecentOfOperator: prepare<{ operator_id: string; limit: number }, ReviewQueueView>(
      queueView
        .where('rq.operator_id', '=', p('operator_id'))
        .orderBy('rq.resolved_at', 'desc')
        .orderBy('rq.conversation_id', 'desc')
        .limit(p<number>('limit')),
    ),
    reviewSelection: prepare<{ conversation_id: string }, ReviewQueueRow>(
      db.selectFrom('review_queue').selectAll().where('conversation_id', '=', p('conversation_id')),
    ),

    scorecardCriteria: prepare<NoArgs, CriterionRow>(
      db.selectFrom('scorecard_criteria').selectAll().where('deleted_at', 'is', null).orderBy('position').orderBy('id'),
    ),
    /** Adds a criterion, or changes one (and brings back a deleted one). */
    putCriterion: prepare<Omit<CriterionRow, 'deleted_at'>>(
      db
        .insertInto('scorecard_criteria')
        .values({
          ...params<Omit<CriterionRow, 'deleted_at'>>(['id', 'label', 'weight', 'position']),
          deleted_at: null,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            label: p('label'),
            weight: p<number>('weight'),
            position: p<number>('position'),
            deleted_at: null,
          }),
        ),
    ),
    deleteCriterion: prepare<{ id: string; deleted_at: number }, { id: string }>(
      db
        .updateTable('scorecard_criteria')
        .set({ deleted_at: p<number>('deleted_at') })
        .where('id', '=', p('id'))
        .where('deleted_at', 'is', null)
        .returning('id'),
    ),

    insertReview: prepare<ReviewRow>(db.insertInto('reviews').values(params<ReviewRow>(REVIEW_COLUMNS))),
    reviewOfConversation: prepare<{ conversation_id: string }, ReviewView>(
      reviewView.where('r.conversation_id', '=', p('conversation_id')),
    ),
    /** An operator's reviews, newest first: the console's /reviews. */
    reviewsOfOperator: prepare<{ operator_id: string; limit: number }, ReviewView>(
      reviewView
        .where('r.operator_id', '=', p('operator_id'))
        .orderBy('r.reviewed_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(p<number>('limit')),
    ),
  };
}
