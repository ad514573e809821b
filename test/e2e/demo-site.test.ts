// Issue 15: `npm start` also serves a sample shop page with the chat widget and prints its
// address, so a newcomer chats from a browser into their own console at once. The demo runs
// here as the real binary without a terminal (it prints its addresses and keeps running); the
// page is opened in a real Chromium and what the visitor writes reaches the demo operator, with
// the page they wrote from.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR, DEMO_SHOP_CHANNEL } from '../../cli/demo/seed';
import { chromiumOrSkip, launchChromium } from '../helpers/chromium';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { BINARY } from '../helpers/run-cli';
import { widget } from '../helpers/widget-page';

const withBrowser = chromiumOrSkip('test/e2e/demo-site.test.ts');

let dir: string;
let demo: ChildProcess;
let exited: Promise<number | null>;
let desk: string;
let site: string;
let browser: Browser | undefined;
let operator: OperatorSession | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-demo-site-'));
  demo = spawn(process.execPath, [BINARY, 'demo', '--port', '0', '--interval', '60000'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
  let output = '';
  demo.stderr!.setEncoding('utf8');
  demo.stderr!.on('data', (chunk: string) => (output += chunk));
  [desk, site] = await new Promise<[string, string]>((resolve, reject) => {
    demo.stdout!.setEncoding('utf8');
    demo.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const running = /textdesk demo running at (http:\/\/\S+)/.exec(output);
      const shop = /Chat as a customer from the shop page: (http:\/\/\S+)/.exec(output);
      if (running && shop) resolve([running[1], shop[1]]);
    });
    void exited.then((code) => reject(new Error(`the demo exited (${code}) before running:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await operator?.close();
  if (demo.exitCode === null) demo.kill('SIGTERM');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo’s shop page', { timeout: 60_000 }, () => {
  it('is printed at start, answers 200, and embeds the widget of the demo’s web chat channel', async () => {
    expect(site).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/demo\/site$/);
    // Another port than the desk's: the shop is a site of its own, as a real one is.
    expect(new URL(site).port).not.toBe(new URL(desk).port);
    const page = await fetch(site);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain(
      `<script src="${desk}/widget.js" data-channel="${DEMO_SHOP_CHANNEL}" data-color="#2f5d3f" async></script>`,
    );
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${desk.replace('http', 'ws')}`);
    expect((await fetch(`${new URL(site).origin}/demo/site/nowhere`)).status).toBe(404);
  });

  it.runIf(withBrowser)('carries what a visitor writes there to the demo operator, with the page', async () => {
    operator = await OperatorSession.connect(
      { url: desk, wsUrl: desk.replace('http', 'ws') },
      DEMO_OPERATOR.login,
      DEMO_OPERATOR.password,
    );
    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${site}/cart`);
    await widget(page, '.launcher').click();
    await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
    expect(await widget(page, 'h2').textContent()).toBe('Чайная лавка: поддержка');
    await widget(page, 'textarea').fill('Не проходит оплата в корзине');
    await widget(page, 'textarea').press('Enter');
    const posted = await operator.waitFor(isMessage('Не проходит оплата в корзине'));
    const conversationId = posted.type === 'message.created' ? posted.message.conversationId : '';
    // Given to the demo operator (the shop's queue is theirs alone), with the page it came from.
    const assigned = await operator.waitFor(
      (e) => e.type === 'conversation.assigned' && e.conversation.id === conversationId,
    );
    expect(assigned.type === 'conversation.assigned' && assigned.conversation).toMatchObject({
      operatorId: operator.operatorId,
      channelId: DEMO_SHOP_CHANNEL,
      visitorPage: { url: `${site}/cart`, title: 'Корзина' },
    });
  });
});
