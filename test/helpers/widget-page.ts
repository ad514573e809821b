// The widget's test page: a shop on another origin that embeds the widget with one script tag,
// the CSP the README documents, the steps every browser test takes to open the panel, and the
// desk, browser and site every browser test starts from (startWidgetDesk).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ServerConfig } from '../../server/config';
import { launchChromium, startSite, type SitePage } from './chromium';
import { freePort } from './free-port';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

/** The CSP README gives a site, for a desk at `desk`: its socket and uploads, and previews of files. */
export const csp = (desk: string) =>
  `default-src 'self'; script-src 'self' ${desk}; connect-src 'self' ${desk} ${desk.replace(/^http/, 'ws')}; style-src 'self'; img-src 'self' ${desk}`;

export function shopPage(desk: string, opts: { lang?: string; styled?: boolean; channel?: string } = {}): string {
  const style = opts.styled
    ? `<style>body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#fbfaf7}header{padding:18px 32px;background:#23392b;color:#fff;font-size:22px}
main{padding:32px;display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:24px}
.card{background:#fff;border:1px solid #e6e1d8;border-radius:8px;padding:16px}.ph{height:140px;background:#e9e4da;border-radius:6px;margin-bottom:12px}</style>`
    : '';
  const cards = ['Чайник «Утро»', 'Кружка керамика', 'Заварник 0,8 л', 'Набор ложек']
    .map((name, i) => `<div class="card"><div class="ph"></div><b>${name}</b><div>${990 + i * 450} ₽</div></div>`)
    .join('');
  return `<!doctype html><html lang="${opts.lang ?? 'ru'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Чайная лавка</title>${style}</head>
<body><header>Чайная лавка</header><main>${cards}</main>
<script src="${desk}/widget.js" data-channel="${opts.channel ?? 'site'}" async></script></body></html>`;
}

export const widget = (page: Page, selector: string) => page.locator(`#textdesk-widget ${selector}`);

export async function openWidget(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await widget(page, '.launcher').click();
  await expect.poll(() => widget(page, '.status').getAttribute('data-state')).toBe('online');
  return page;
}

type Site = Awaited<ReturnType<typeof startSite>>;

export interface WidgetDesk {
  t: TestServer;
  browser: Browser;
  /** Olga's session; a test that reconnects her sets the new one here, for close() to end. */
  olga: OperatorSession;
  site: Site;
  /** A second site the channel does not allow, when asked for. */
  stranger: Site | null;
  /** The `site` channel's secret, for minting visitor tokens. */
  secret: string;
  close(): Promise<void>;
}

export interface WidgetDeskOptions {
  server?: Partial<ServerConfig>;
  /** The shop's pages, given the desk's address; the array is served live, so pages may be added later. */
  pages(desk: string): SitePage[];
  stranger?: boolean;
  /** The `site` channel's settings besides its allowed origin (the shop's). */
  settings?: Record<string, unknown>;
  /** More queues and channels, made before Olga logs in. */
  more?(t: TestServer, site: Site): Promise<void>;
}

/**
 * What every browser test starts from: the desk on a free port, Chromium, the shop's site on
 * another origin, the queue `general` with Olga, and the web chat channel `site` on it.
 */
export async function startWidgetDesk(opts: WidgetDeskOptions): Promise<WidgetDesk> {
  const t = await startTestServer({ port: await freePort(), ...opts.server });
  const browser = await launchChromium();
  const site = await startSite(opts.pages(t.server.url));
  const stranger = opts.stranger ? await startSite([{ path: '/', html: shopPage(t.server.url) }]) : null;
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password', capacity: 50 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'site',
    name: 'Shop site',
    queueId: 'general',
    adapter: 'webchat',
    lang: 'ru',
    settings: { allowedOrigins: [site.origin], ...opts.settings },
  });
  await opts.more?.(t, site);
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const desk: WidgetDesk = {
    t,
    browser,
    olga,
    site,
    stranger,
    secret,
    async close() {
      await browser.close();
      await desk.olga.close();
      await site.close();
      await stranger?.close();
      await t.close();
    },
  };
  return desk;
}
