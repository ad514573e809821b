// The review key (issue 18 §4) on the real blessed dashboard over a fake terminal: pick from the
// review queue, read the transcript (sanitised), score every criterion, comment, submit.
import { describe, expect, test, vi } from 'vitest';
import { startDashboard } from '../../cli/dashboard/dashboard';
import { helpLines, KEYMAP } from '../../cli/dashboard/keymap';
import { reviewLabel } from '../../cli/dashboard/review-actions';
import { type SupervisorApi, supervisorActions } from '../../cli/dashboard/supervisor-actions';
import type { Review, ReviewQueueItem } from '../../shared/review-schemas';
import { fakeTerminal } from './fake-terminal';
import { AT, deskStory } from './snapshot-fixture';
import { quietSupervisorApi } from './quiet-api';

const ENTER = '\r';
const DOWN = '\x1b[B';
const ESC = '\x1b';

const item = (conversationId: string, queueId: string, extra: Partial<ReviewQueueItem> = {}): ReviewQueueItem => ({
  conversationId,
  operatorId: 'ann',
  operatorName: 'Ann Lee',
  queueId,
  channelId: 'web',
  customerName: 'Eve\x1b]0;pwned\x07',
  reasons: ['low-csat', 'sla-breach'],
  rating: 1,
  resolvedAt: AT - 3_600_000,
  reviewedAt: null,
  ...extra,
});

function setUp(queue: ReviewQueueItem[] = [item('c1', 'sales'), item('c2', 'support', { customerName: 'Dan' })]) {
  const term = fakeTerminal(100, 30);
  const submitted = (input: { conversationId: string; scores: Record<string, number>; comment: string }): Review => ({
    id: 'r1',
    conversationId: input.conversationId,
    operatorId: 'ann',
    queueId: 'sales',
    reviewerId: 'admin',
    reviewerName: 'Administrator',
    reviewedAt: AT,
    items: [],
    score: 62.5,
    comment: input.comment,
  });
  const api = {
    ...quietSupervisorApi(() => AT),
    messages: vi.fn(async () => [
      {
        id: 'm1',
        conversationId: 'c1',
        author: { type: 'customer' as const, id: 'k', name: 'Eve' },
        text: 'you never answered {bold}\x1b[31m at all',
        private: false,
        createdAt: AT,
      },
    ]),
    reviewQueue: vi.fn(async () => queue),
    criteria: vi.fn(async () => [
      { id: 'greeting', label: 'Greeting', weight: 1, position: 10 },
      { id: 'correct-answer', label: 'Correct answer', weight: 3, position: 20 },
    ]),
    submitReview: vi.fn(async (input: Parameters<SupervisorApi['submitReview']>[0]) => submitted(input)),
  } satisfies SupervisorApi;
  const notices: string[] = [];
  const actions = supervisorActions(term.screen, api, (text) => notices.push(text));
  const quit = vi.fn();
  const dashboard = startDashboard(term.screen, { quit: () => !actions.busy() && quit(), ...actions });
  const story = deskStory();
  dashboard.update(story.snapshot, story.alerts);
  const settle = async (keys: string) => {
    await term.press(keys);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { ...term, api, notices, quit, settle, text: () => term.lines().join('\n') };
}

describe('the review key', () => {
  test('is in the keymap once, and in the help', () => {
    expect(KEYMAP.filter((b) => b.keys.includes('v')).map((b) => b.action)).toEqual(['review']);
    expect(helpLines().some((l) => l.startsWith('v') && l.includes('review'))).toBe(true);
  });

  test('v: queue, sanitised transcript, a score per criterion, a comment; the review is submitted', async () => {
    const d = setUp();
    await d.settle('v');
    expect(d.text()).toContain('Review which conversation? (2 waiting)');
    expect(d.text()).toContain('CSAT≤2,SLA  CSAT 1');
    expect(d.text()).not.toContain('\x1b]0;');
    await d.settle(ENTER); // c1
    expect(d.api.messages).toHaveBeenCalledWith('c1');
    expect(d.text()).toContain('you never answered {bold}');
    expect(d.text()).not.toContain('\x1b[31m');
    await d.settle(ENTER); // transcript read: score
    expect(d.text()).toContain('1/2 Greeting (weight 1)');
    await d.settle(`${DOWN}${DOWN}${ENTER}`); // 0 missed
    expect(d.text()).toContain('2/2 Correct answer (weight 3)');
    await d.settle(ENTER); // 2 fully
    expect(d.text()).toContain('Comment for Ann Lee');
    await d.settle('Say hello');
    await d.settle(ENTER);
    expect(d.api.submitReview).toHaveBeenCalledWith({
      conversationId: 'c1',
      scores: { greeting: 0, 'correct-answer': 2 },
      comment: 'Say hello',
    });
    expect(d.notices).toEqual(['quality 63/100 for Ann Lee: review submitted']);
    d.screen.destroy();
  });

  test('Escape while scoring submits nothing, and the queue filter limits what is offered', async () => {
    const d = setUp();
    await d.settle('\x1b[C\x1b[C'); // filter: support
    await d.settle('v');
    expect(d.text()).toContain('(1 waiting)');
    await d.settle(ENTER);
    expect(d.api.messages).toHaveBeenCalledWith('c2');
    await d.settle(ENTER);
    await d.settle(ESC);
    expect(d.api.submitReview).not.toHaveBeenCalled();
    expect(d.notices).toEqual(['review not submitted']);
    d.screen.destroy();
  });

  test('says so when there is nothing to review', async () => {
    const d = setUp([]);
    await d.settle('v');
    expect(d.notices).toEqual(['nothing to review']);
    d.screen.destroy();
  });

  test('a queue entry reads without colour: time, operator, customer, reasons, CSAT', () => {
    expect(reviewLabel(item('c1', 'sales', { reasons: ['sample'], rating: null, customerName: null }))).toMatch(
      /^\d\d-\d\d \d\d:\d\d {2}Ann Lee {2}customer {2}sample {2}CSAT -$/,
    );
  });
});
