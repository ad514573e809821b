// The widget's test page: a shop on another origin that embeds the widget with one script tag,
// the CSP the README documents, and the steps every browser test takes to open the panel.
import net from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

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
