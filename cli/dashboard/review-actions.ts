// The dashboard's review key (issue 18 §4): pick a conversation from the quality review queue
// (oldest first, with why it was picked), read its transcript, then score each criterion of the
// scorecard (0 missed, 1 partly, 2 fully), write a comment and submit. Escape at any step
// leaves without submitting. Customer text is sanitised like every transcript here.
import type { Widgets } from 'blessed';
import type { Criterion, Review, ReviewQueueItem, ReviewReason } from '../../shared/review-schemas';
import type { Message } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { ActionContext } from './dashboard';
import { ask, pick, showText, transcriptLines } from './supervisor-actions';

/** The server calls the review key needs. */
export interface ReviewApi {
  /** Picked and not reviewed yet, oldest first. */
  reviewQueue(): Promise<ReviewQueueItem[]>;
  criteria(): Promise<Criterion[]>;
  messages(conversationId: string): Promise<Message[]>;
  submitReview(input: { conversationId: string; scores: Record<string, number>; comment: string }): Promise<Review>;
}

type Guard = (run: (ctx: ActionContext) => Promise<void>) => (ctx: ActionContext) => void;

const line = (text: string | null | undefined, max = 30) => sanitizeLine(text ?? '', { maxLength: max });

/** Short words for the picker, with no colour needed to read them. */
const REASON_WORDS: Record<ReviewReason, string> = { sample: 'sample', 'low-csat': 'CSAT≤2', 'sla-breach': 'SLA' };

/** One queue entry on a line: when it closed, the operator, the customer, why picked, the rating. */
export function reviewLabel(item: ReviewQueueItem): string {
  const closed = new Date(item.resolvedAt).toISOString().slice(5, 16).replace('T', ' ');
  const why = item.reasons.map((r) => REASON_WORDS[r]).join(',');
  const csat = item.rating === null ? 'CSAT -' : `CSAT ${item.rating}`;
  return `${closed}  ${line(item.operatorName ?? item.operatorId, 20)}  ${line(item.customerName ?? 'customer', 20)}  ${why}  ${csat}`;
}

const SCALE: Array<{ label: string; value: number }> = [
  { label: '2  fully', value: 2 },
  { label: '1  partly', value: 1 },
  { label: '0  missed', value: 0 },
];

export function reviewActions(screen: Widgets.Screen, api: ReviewApi, notify: (text: string) => void, guarded: Guard) {
  return {
    review: guarded(async (ctx) => {
      const queue = (await api.reviewQueue()).filter((q) => ctx.queueId === null || q.queueId === ctx.queueId);
      if (queue.length === 0) {
        notify(ctx.queueId ? `nothing to review in ${line(ctx.queueId)}` : 'nothing to review');
        return;
      }
      const item = await pick(
        screen,
        ` Review which conversation? (${queue.length} waiting) `,
        queue.map((q) => ({ label: reviewLabel(q), value: q })),
      );
      if (!item) return;
      const [messages, criteria] = await Promise.all([api.messages(item.conversationId), api.criteria()]);
      const who = line(item.operatorName ?? item.operatorId);
      await showText(
        screen,
        ` ${who} with ${line(item.customerName ?? 'customer')} - Enter to score `,
        transcriptLines(messages),
      );
      const scores: Record<string, number> = {};
      for (const [index, criterion] of criteria.entries()) {
        const score = await pick(
          screen,
          ` ${index + 1}/${criteria.length} ${line(criterion.label, 40)} (weight ${criterion.weight}) `,
          SCALE,
        );
        if (score === null) return notify('review not submitted');
        scores[criterion.id] = score;
      }
      const comment = await ask(screen, ` Comment for ${who} (may be empty) `, '');
      if (comment === null) return notify('review not submitted');
      const review = await api.submitReview({ conversationId: item.conversationId, scores, comment: comment.trim() });
      // Score first: at 80 columns the alert log's title keeps about 27 characters of a notice.
      notify(`quality ${Math.round(review.score)}/100 for ${who}: review submitted`);
    }),
  };
}
