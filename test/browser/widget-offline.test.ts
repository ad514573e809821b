// The widget's leave-a-message form (issue 17 §1, policy `offline-form`) in a real Chromium: while
// the queue is closed the panel shows a form (name, e-mail, message) instead of the live chat; its
// submission becomes the conversation's first message, which waits for opening although an
// operator is online, and the visitor sees it with the off-hours notice.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumOrSkip } from '../helpers/chromium';
import { isAssigned, isMessage } from '../helpers/operator-session';
import { openWidget, shopPage, startWidgetDesk, widget, type WidgetDesk } from '../helpers/widget-page';

const run = chromiumOrSkip('test/browser/widget-offline.test.ts');

const WEEK = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
// The widget's socket runs on the real clock: a calendar open only tomorrow (UTC) is closed all of today.
const tomorrow = WEEK[(new Date().getUTCDay() + 1) % 7];
const EVENINGS = {
  id: 'evenings',
  name: 'Evenings',
  zone: 'UTC',
  week: { [tomorrow]: ['09:00-10:00'] },
  exceptions: [],
};

let desk: WidgetDesk;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  desk = await startWidgetDesk({
    server: { calendars: [EVENINGS] },
    pages: (url) => [{ path: '/late', html: shopPage(url, { channel: 'late' }) }],
    more: async (t, site) => {
      await t.admin.admin.createQueue.mutate({
        id: 'after-hours',
        name: 'After hours',
        calendarId: 'evenings',
        offHours: 'offline-form',
      });
      await t.admin.admin.createChannel.mutate({
        id: 'late',
        name: 'Late shop',
        queueId: 'after-hours',
        adapter: 'webchat',
        lang: 'ru',
        settings: { allowedOrigins: [site.origin] },
      });
    },
  });
  ({ browser } = desk);
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await desk?.close();
});

describe.runIf(run)('the widget while its queue is closed', () => {
  it('takes a message through the offline form, which then waits for opening', async () => {
    const context = await browser.newContext();
    const page = await openWidget(context, desk.site.url('/late'));
    const form = widget(page, 'form.prechat');
    await expect.poll(() => form.isVisible()).toBe(true);
    expect(await widget(page, 'form.composer').isVisible()).toBe(false);
    expect(await form.textContent()).toContain('Сейчас мы не работаем');

    // Nothing typed: each required field says so, and nothing is sent.
    await widget(page, 'button.start').click();
    expect(await widget(page, '#td-offline-message').getAttribute('aria-invalid')).toBe('true');
    expect(await widget(page, '#td-email').getAttribute('aria-invalid')).toBe('true');

    await widget(page, '#td-name').fill('Вера');
    await widget(page, '#td-email').fill('vera@example.com');
    await widget(page, '#td-offline-message').fill('Где мой заказ 42?');
    await widget(page, 'button.start').click();

    await expect.poll(() => widget(page, 'form.composer').isVisible()).toBe(true);
    await expect.poll(() => widget(page, '.log').textContent()).toContain('Где мой заказ 42?');
    await expect.poll(() => widget(page, '.log').textContent()).toContain('Откроемся');

    const { t, olga } = desk;
    const conversation = (await t.admin.supervisor.snapshot.query()).conversations.find((c) => c.channelId === 'late')!;
    expect(conversation).toMatchObject({ status: 'queued', operatorId: null, customerName: 'Вера' });
    const customer = await t.admin.operator.customer.query({ conversationId: conversation.id });
    expect(JSON.stringify(customer)).toContain('vera@example.com');
    // Olga is online with room, yet the closed queue hands her nothing (she would see the message).
    expect(olga.events.some(isAssigned(conversation.id))).toBe(false);
    expect(olga.events.some(isMessage('Где мой заказ 42?'))).toBe(false);
    await context.close();
  });
});
