// Typing indicators and read receipts in a real Chromium (issue 15): the widget on a shop's page
// shows the operator's typing before her answer and "Прочитано" once she has read; the operator's
// feed (the real tRPC client) gets the visitor's typing and read marker.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefactDir, chromiumOrSkip } from '../helpers/chromium';
import { isAssigned, isMessage, type OperatorSession } from '../helpers/operator-session';
import { openWidget, shopPage, startWidgetDesk, widget, type WidgetDesk } from '../helpers/widget-page';

const run = chromiumOrSkip('test/browser/widget-live.test.ts');

let desk: WidgetDesk;
let olga: OperatorSession;
let browser: Browser;
let site: WidgetDesk['site'];
const shots = artefactDir('widget-live');

beforeAll(async () => {
  if (!run) return;
  desk = await startWidgetDesk({ pages: (url) => [{ path: '/', html: shopPage(url, { styled: true }) }] });
  ({ olga, browser, site } = desk);
}, 60_000);

afterAll(async () => {
  if (!run) return;
  await desk?.close();
});

describe.runIf(run)('typing and read receipts in the widget', () => {
  it('shows the operator typing before her answer, then "read"; her feed gets the visitor’s typing and read marker', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openWidget(context, site.url('/'));
    await widget(page, 'textarea').fill('Есть ли заварник 0,8 л?');
    await widget(page, 'textarea').press('Enter');
    const asked = await olga.waitFor(isMessage('Есть ли заварник 0,8 л?'));
    if (asked.type !== 'message.created') throw new Error('not a message');
    const { conversationId, id: questionId } = asked.message;
    await olga.waitFor(isAssigned(conversationId));

    // The operator types: the widget says so, in a polite status region.
    const typing = widget(page, '.typing');
    expect(await typing.isHidden()).toBe(true);
    await olga.api.operator.typing.mutate({ conversationId });
    await expect.poll(() => typing.textContent()).toBe('Ольга печатает…');
    expect(await typing.isVisible()).toBe(true);
    expect(await typing.getAttribute('role')).toBe('status');
    await page.screenshot({ path: path.join(shots, 'typing.png') });

    // Her answer ends the typing line. The panel is open and the tab visible: the visitor has read it.
    const answer = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'live-reply-1',
      text: 'Да, есть два.',
    });
    await expect.poll(() => widget(page, '.msg.operator .bubble').last().textContent()).toBe('Да, есть два.');
    expect(await typing.isHidden()).toBe(true);
    await olga.waitFor((e) => e.type === 'conversation.updated' && e.conversation.customerReadUpTo === answer.id);

    // She reads the visitor's question: "Sent" under it becomes "Read", and stays after a reload.
    const mark = widget(page, '.msg.mine [data-delivery]').last();
    expect(await mark.textContent()).toBe('Отправлено');
    await olga.api.operator.markRead.mutate({ conversationId, upTo: questionId });
    await expect.poll(() => mark.textContent()).toBe('Прочитано');
    await page.screenshot({ path: path.join(shots, 'read.png') });
    await page.reload();
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.msg.mine [data-delivery]').last().textContent()).toBe('Прочитано');

    // The visitor types: the operator's feed hears it.
    await widget(page, 'textarea').pressSequentially('А крышка');
    await olga.waitFor((e) => e.type === 'conversation.typing' && e.conversationId === conversationId && e.active);
    await context.close();
  });
});
