// The site's chat widget: its size (minified and gzipped; DESIGN.md §5: under 30 KB gzipped), and,
// with Debian's Chromium, the time from the script tag to the widget's first frame on localhost:
// the launcher drawn, then the panel online (the welcome received). Median of RUNS fresh pages.
// Run: node --import tsx bench/widget.ts
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { httpApiClient } from '../cli/api-client';
import { startServer } from '../server/app';
import { loadConfig } from '../server/config';
import { buildWidget } from '../widget/build.mjs';

const RUNS = 15;
const CHROMIUM = '/usr/bin/chromium';
const ADMIN_PASSWORD = 'bench-admin-password';

export interface WidgetFigures {
  minifiedBytes: number;
  gzippedBytes: number;
  /** Script tag inserted → launcher in the page, ms (median); null without Chromium. */
  firstFrameMs: number | null;
  /** Script tag inserted → panel online, ms (median). */
  onlineMs: number | null;
  pass: boolean;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// The page inserts the tag itself, so the clock starts at the tag, not at navigation.
const PAGE = (desk: string) => `<!doctype html><html lang="en"><body><script>
const t0 = performance.now();
const s = document.createElement('script');
s.src = '${desk}/widget.js'; s.dataset.channel = 'site'; s.async = true;
document.body.appendChild(s);
window.timing = new Promise((resolve) => {
  let drawn = null;
  const tick = () => {
    const root = document.getElementById('textdesk-widget')?.shadowRoot;
    if (drawn === null && root?.querySelector('.launcher')) drawn = performance.now() - t0;
    if (root?.querySelector('.status[data-state="online"]')) return resolve({ drawn, online: performance.now() - t0 });
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
</script></body></html>`;

async function timeInChromium(): Promise<{ firstFrameMs: number; onlineMs: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-bench-widget-'));
  const config = loadConfig({
    env: {},
    flags: { port: 0, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, data: dataDir },
  });
  const server = await startServer(config, { log: pino({ level: 'silent' }) });
  let token: string | null = null;
  const admin = httpApiClient(server.url, () => token);
  token = (await admin.auth.login.mutate({ login: 'admin', password: ADMIN_PASSWORD })).token;
  await admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await admin.admin.createChannel.mutate({
    id: 'site',
    name: 'Site',
    queueId: 'general',
    adapter: 'webchat',
    lang: 'en',
  });
  const site = http.createServer((_req, res) => res.end(PAGE(server.url)));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const drawn: number[] = [];
  const online: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // A fresh context each time: no cached script, no stored visitor token.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(siteUrl);
      const timing = (await page.evaluate('window.timing')) as { drawn: number; online: number };
      drawn.push(timing.drawn);
      online.push(timing.online);
      await context.close();
    }
  } finally {
    await browser.close();
    site.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { firstFrameMs: median(drawn), onlineMs: median(online) };
}

export async function runWidgetBench(): Promise<WidgetFigures> {
  const code = Buffer.from(await buildWidget());
  const gzippedBytes = gzipSync(code, { level: 9 }).length;
  const timing = fs.existsSync(CHROMIUM) ? await timeInChromium() : null;
  return {
    minifiedBytes: code.length,
    gzippedBytes,
    firstFrameMs: timing?.firstFrameMs ?? null,
    onlineMs: timing?.onlineMs ?? null,
    pass: gzippedBytes < 30 * 1024,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await runWidgetBench();
  console.log(
    `widget.js: ${(f.minifiedBytes / 1024).toFixed(1)} KB minified, ${(f.gzippedBytes / 1024).toFixed(1)} KB gzipped (target < 30 KB: ${f.pass ? 'met' : 'NOT met'})`,
  );
  if (f.firstFrameMs === null) console.log(`time to first frame: not measured (${CHROMIUM} is missing)`);
  else
    console.log(
      `script tag → launcher drawn: ${f.firstFrameMs.toFixed(1)} ms; → online: ${f.onlineMs!.toFixed(1)} ms (median of ${RUNS} fresh pages, localhost, headless Chromium)`,
    );
}
