// Quality review (issue 18 §4): the review queue, the scorecard and the reviews.
//
// The queue follows the committed events on the bus, as the statistics do: a conversation that
// resolves, or is rated after it resolved, is looked at once more and its entry (with every
// reason it was picked, or none) is written over the last. Nothing is added to the resolve's own
// transaction; instead a start looks again at whatever resolved lately without an entry (or with
// an entry older than its rating), so a crash between the two loses nothing.
import type {
  Criterion,
  CriterionInput,
  Review,
  ReviewQueueItem,
  ReviewReason,
  ReviewSubmitInput,
} from '../../shared/review-schemas';
import { reviewReasons, slaBreached } from '../domain/review-selection';
import { ScorecardMismatch, qualityScore, scoreItems } from '../domain/scorecard';
import { EVERYONE, type PublishedEvent } from '../events/bus';
import type { ReviewCandidateRow, ReviewQueueView, ReviewView } from '../store/review-queries';
import type { Calendars } from './calendars';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { Directory } from './directory';
import { DeskError } from './errors';
import type { OperatorRecord } from './mappers';
import { withBusinessDeadlines } from './off-hours';

/** How far back a start looks for resolved conversations the queue has not seen (a rating comes within days). */
export const REVIEW_CATCH_UP_MS = 7 * 24 * 3_600_000;
/** The share of each operator's resolved conversations sampled for review, when the config says nothing. */
export const DEFAULT_SAMPLE_PERCENT = 5;

export class Reviews {
  private unsubscribe: (() => void) | null = null;
  /** Looks run one after another, so tests (and a stop) can wait for the last. */
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: DeskContext,
    private readonly desk: { calendars: Calendars; directory: Pick<Directory, 'queues' | 'channels' | 'operators'> },
  ) {}

  private get samplePercent(): number {
    return this.ctx.settings.reviewSamplePercent ?? DEFAULT_SAMPLE_PERCENT;
  }

  /** Catches up on what resolved while the server was down, then follows the bus. */
  async start(): Promise<void> {
    const { store, clock } = this.ctx;
    const unseen = await store.all(store.q.reviewCandidatesUnseen, { since: clock.now() - REVIEW_CATCH_UP_MS });
    for (const row of unseen) await this.decide(row);
    this.unsubscribe = this.ctx.bus.subscribe(EVERYONE, (published) => this.onEvent(published));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Resolves once every conversation published so far has been looked at. */
  settled(): Promise<void> {
    return this.looking;
  }

  private onEvent({ event }: PublishedEvent): void {
    const id =
      event.type === 'conversation.removed' && event.reason === 'resolved'
        ? event.conversationId
        : event.type === 'conversation.rated'
          ? event.conversationId
          : null;
    if (id === null) return;
    this.looking = this.looking
      .then(() => this.look(id))
      .catch((error: unknown) =>
        // A look that failed is taken again at the next start (the entry is missing or stale).
        this.ctx.log.error({ err: error, conversationId: id }, 'review queue: conversation not looked at'),
      );
  }

  private async look(conversationId: string): Promise<void> {
    const { store } = this.ctx;
    const row = await store.get(store.q.reviewCandidate, { id: conversationId });
    if (row) await this.decide(row);
  }

  /** Writes the conversation's entry: its reasons, or none. Only resolved, handled conversations have one. */
  private async decide(row: ReviewCandidateRow): Promise<void> {
    if (row.status !== 'resolved' || row.resolved_at === null || row.last_operator_id === null) return;
    const { store, clock } = this.ctx;
    const timeline = (await store.all(store.q.responseTimeline, { conversation_id: row.id })).map((m) => ({
      authorType: m.author_type,
      private: m.private === 1,
      createdAt: m.created_at,
    }));
    const customerFirstAt = timeline.find((m) => m.authorType === 'customer')?.createdAt ?? null;
    // The first-response deadline the report uses: business time where the channel counts it.
    const [withDeadline] = withBusinessDeadlines(this.desk, [
      {
        channelId: row.channel_id,
        queueId: row.queue_id,
        createdAt: row.created_at,
        slaFirstResponseMs: row.sla_first_ms,
        outbound: row.direction === 'outbound',
        customerFirstAt,
      },
    ]);
    const breached = slaBreached(
      timeline,
      {
        firstResponseMs: row.sla_first_ms,
        nextResponseMs: row.sla_next_ms,
        firstResponseDueAt: withDeadline.firstResponseDueAt,
      },
      row.resolved_at,
    );
    const reasons = reviewReasons({ id: row.id, rating: row.rating, slaBreached: breached }, this.samplePercent);
    const changes = new ChangeSet(this.ctx, clock.now(), 'disk-first');
    changes.write(store.q.putReviewSelection, {
      conversation_id: row.id,
      operator_id: row.last_operator_id,
      queue_id: row.queue_id,
      channel_id: row.channel_id,
      reasons: reasons.join(','),
      rating: row.rating,
      resolved_at: row.resolved_at,
      selected_at: changes.at,
    });
    await changes.commit();
  }

  /** The queue: pending (not reviewed, oldest first) or all (newest first), of one operator or all. */
  async queue(input: { status: 'pending' | 'all'; operatorId?: string; limit: number }): Promise<ReviewQueueItem[]> {
    const { store } = this.ctx;
    const { limit, operatorId } = input;
    const rows =
      input.status === 'pending'
        ? operatorId === undefined
          ? await store.all(store.q.reviewQueuePending, { limit })
          : await store.all(store.q.reviewQueuePendingOfOperator, { operator_id: operatorId, limit })
        : operatorId === undefined
          ? await store.all(store.q.reviewQueueRecent, { limit })
          : await store.all(store.q.reviewQueueRecentOfOperator, { operator_id: operatorId, limit });
    return rows.map(queueItemFromRow);
  }

  async criteria(): Promise<Criterion[]> {
    const { store } = this.ctx;
    return (await store.all(store.q.scorecardCriteria, {})).map(({ id, label, weight, position }) => ({
      id,
      label,
      weight,
      position,
    }));
  }

  /** Adds or changes a criterion (the config file's and `admin scorecard set`); a new one without a position goes last. */
  async saveCriterion(input: CriterionInput): Promise<Criterion> {
    const { store, clock } = this.ctx;
    const current = await this.criteria();
    const position =
      input.position ??
      current.find((c) => c.id === input.id)?.position ??
      Math.max(0, ...current.map((c) => c.position)) + 10;
    const criterion = { id: input.id, label: input.label.trim(), weight: input.weight, position };
    const changes = new ChangeSet(this.ctx, clock.now(), 'disk-first');
    changes.write(store.q.putCriterion, criterion);
    await changes.commit();
    return criterion;
  }

  /** Takes a criterion off the form; reviews made with it keep their copy. */
  async deleteCriterion(id: string): Promise<void> {
    const { store, clock } = this.ctx;
    const changes = new ChangeSet(this.ctx, clock.now(), 'disk-first');
    let found = false;
    changes.write(store.q.deleteCriterion, { id, deleted_at: changes.at }, (rows) => (found = rows.length > 0));
    await changes.commit();
    if (!found) throw new DeskError('NOT_FOUND', `no criterion "${id}": see \`textdesk admin scorecard list\``);
  }

  /** A supervisor scores a resolved conversation, once; the operator it is about reads it in /reviews. */
  async submit(reviewer: OperatorRecord, input: ReviewSubmitInput): Promise<Review> {
    const { store, clock, ids } = this.ctx;
    const conversation = await store.get(store.q.reviewCandidate, { id: input.conversationId });
    if (!conversation) throw new DeskError('NOT_FOUND', `no conversation ${input.conversationId}`);
    if (conversation.status !== 'resolved' || conversation.last_operator_id === null)
      throw new DeskError('BAD_REQUEST', 'only a resolved conversation an operator handled can be reviewed');
    if (conversation.last_operator_id === reviewer.id)
      throw new DeskError('FORBIDDEN', 'you handled this conversation: another supervisor reviews it');
    let items;
    try {
      items = scoreItems(await this.criteria(), input.scores);
    } catch (error) {
      if (error instanceof ScorecardMismatch) throw new DeskError('BAD_REQUEST', error.message, { cause: error });
      throw error;
    }
    const row = {
      id: ids.next(),
      conversation_id: conversation.id,
      operator_id: conversation.last_operator_id,
      queue_id: conversation.queue_id,
      reviewer_id: reviewer.id,
      reviewed_at: clock.now(),
      items: JSON.stringify(items),
      score: qualityScore(items),
      comment: input.comment.trim(),
    };
    const existing = await store.get(store.q.reviewOfConversation, { conversation_id: conversation.id });
    if (existing) throw alreadyReviewed(existing);
    const changes = new ChangeSet(this.ctx, row.reviewed_at, 'disk-first');
    changes.write(store.q.insertReview, row);
    try {
      await changes.commit();
    } catch (error) {
      // Two supervisors submitted at once: the unique conversation id let one through.
      const winner = await store.get(store.q.reviewOfConversation, { conversation_id: conversation.id });
      if (winner) throw alreadyReviewed(winner);
      throw error;
    }
    return reviewFromRow({ ...row, reviewer_name: reviewer.name });
  }

  /** An operator's own reviews, newest first. */
  async ofOperator(operatorId: string, limit: number): Promise<Review[]> {
    const { store } = this.ctx;
    return (await store.all(store.q.reviewsOfOperator, { operator_id: operatorId, limit })).map(reviewFromRow);
  }

  /** The review of one conversation, if it has one. */
  async ofConversation(conversationId: string): Promise<Review | null> {
    const { store } = this.ctx;
    const row = await store.get(store.q.reviewOfConversation, { conversation_id: conversationId });
    return row ? reviewFromRow(row) : null;
  }
}

function alreadyReviewed(existing: ReviewView): DeskError {
  return new DeskError(
    'CONFLICT',
    `conversation ${existing.conversation_id} was already reviewed by ${existing.reviewer_name ?? existing.reviewer_id}`,
  );
}

function queueItemFromRow(row: ReviewQueueView): ReviewQueueItem {
  return {
    conversationId: row.conversation_id,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    queueId: row.queue_id,
    channelId: row.channel_id,
    customerName: row.customer_name,
    reasons: row.reasons.split(',') as ReviewReason[],
    rating: row.rating,
    resolvedAt: Number(row.resolved_at),
    reviewedAt: row.reviewed_at === null ? null : Number(row.reviewed_at),
  };
}

function reviewFromRow(row: ReviewView): Review {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    operatorId: row.operator_id,
    queueId: row.queue_id,
    reviewerId: row.reviewer_id,
    reviewerName: row.reviewer_name,
    reviewedAt: Number(row.reviewed_at),
    items: JSON.parse(row.items) as Review['items'],
    score: Number(row.score),
    comment: row.comment,
  };
}
