// The operator's own quality reviews in the console (issue 18 §4): /reviews or Alt+Q, read only,
// newest first, scores shown by marks and numbers, the reviewer's comment sanitised.
import { afterEach, describe, expect, test } from 'vitest';
import type { Review } from '../../shared/review-schemas';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { NOW, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

const review = (id: string, extra: Partial<Review> = {}): Review => ({
  id,
  conversationId: `conv-${id}`,
  operatorId: 'me',
  queueId: 'support',
  reviewerId: 'sup',
  reviewerName: 'Sveta',
  reviewedAt: NOW - 3_600_000,
  items: [
    { criterionId: 'greeting', label: 'Greeting', weight: 1, score: 0 },
    { criterionId: 'correct-answer', label: 'Correct answer', weight: 3, score: 2 },
  ],
  score: 75,
  comment: 'Say hello first.\x1b]52;c;cHduZWQ=\x07',
  ...extra,
});

describe('/reviews', () => {
  test('shows my reviews with score, reviewer, conversation, each criterion and the comment, sanitised', async () => {
    const desk = desk3();
    desk.reviewList = [review('r1')];
    const { app } = await start(desk);
    await type(app, '/reviews');
    await press(app, KEYS.enter);
    const frame = await untilFrame(app, (f) => f.includes('My quality reviews') && f.includes('Sveta'));
    expect(frame).toContain('quality 75/100  by Sveta  conversation conv-r1');
    expect(frame).toContain('○○ Greeting (0/2)');
    expect(frame).toContain('●● Correct answer (2/2)');
    expect(frame).toContain('“Say hello first.');
    expect(frame).not.toContain('\x1b]52');
    expect(desk.calls.filter((c) => c.method === 'myReviews')).toHaveLength(1);
    // Read only: typing does nothing but close it with q or Esc.
    await press(app, 'q');
    expect(app.lastFrame()).not.toContain('My quality reviews');
  });

  test('Alt+Q opens it too, and says so when there are none', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await press(app, KEYS.alt('q'));
    const frame = await untilFrame(app, (f) => f.includes('No reviews of your conversations yet'));
    expect(frame).toContain('My quality reviews');
    await press(app, KEYS.escape);
    expect(app.lastFrame()).not.toContain('My quality reviews');
  });

  test('scrolls through many reviews within the screen', async () => {
    const desk = desk3();
    desk.reviewList = Array.from({ length: 10 }, (_, i) => review(`r${i}`));
    const { app } = await start(desk, { rows: 24 });
    await press(app, KEYS.alt('q'));
    await untilFrame(app, (f) => f.includes('conv-r0'));
    expect(app.lastFrame()!.split('\n').length).toBeLessThanOrEqual(24);
    expect(app.lastFrame()).not.toContain('conv-r9');
    for (let i = 0; i < 6; i++) await press(app, KEYS.pageDown);
    expect(app.lastFrame()).toContain('conv-r9');
  });

  test('is in Russian for a Russian console', async () => {
    const desk = desk3();
    desk.reviewList = [review('r1')];
    const { app } = await start(desk, { lang: 'ru' });
    await press(app, KEYS.alt('q'));
    const frame = await untilFrame(app, (f) => f.includes('Мои оценки качества') && f.includes('Sveta'));
    expect(frame).toContain('качество 75/100  оценил(а) Sveta');
  });
});
