// Debian's Chromium driven by playwright-core, for the tests that need a real browser (the web
// chat widget). Playwright never downloads a browser here: it is pointed at /usr/bin/chromium,
// which .ci/run installs. Without it, a browser test prints one line and skips; CI=true refuses.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumOrSkip(file: string): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const notRun = `${file} not run: it drives a real browser, and ${CHROMIUM} is missing; apt-get install chromium`;
  if (process.env.CI === 'true') throw new Error(`${notRun} (CI=true refuses to skip it)`);
  process.stderr.write(`${notRun}\n`);
  return false;
}

/** One headless Chromium for a test file: start it in beforeAll, close it in afterAll. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where a test keeps what a person should look at (screenshots): under the OS temp dir, never committed. */
export function artefactDir(name: string): string {
  const dir = path.join(os.tmpdir(), 'textdesk-test-artefacts', name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface SitePage {
  path: string;
  html: string;
  headers?: Record<string, string>;
}

/** A shop's site on its own loopback port (so on another origin than the desk), serving fixed pages. */
export async function startSite(
  pages: SitePage[],
  host = '127.0.0.1',
): Promise<{ origin: string; url(path: string): string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const page = pages.find((p) => p.path === new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers });
    res.end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => `${origin}${p}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
