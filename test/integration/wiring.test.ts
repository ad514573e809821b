// The composition root builds each part after what it needs (issue 11, section 4): what the
// store reports to exists before the store, so nothing it does goes unrecorded.
import fs from 'node:fs';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { ADMIN_PASSWORD, tempDataDir } from '../helpers/server';

let server: RunningServer | null = null;
const dataDir = tempDataDir();

afterEach(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('counts the group commits the server makes while it starts (first admin, housekeeping)', async () => {
  const config = loadConfig({
    env: {},
    flags: { port: 0, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, data: dataDir },
  });
  server = await startServer(config, { log: pino({ level: 'silent' }), statsIntervalMs: null });
  // Nothing has been asked of the server yet: every commit so far was made by its start.
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const count = Number(/^textdesk_store_commit_seconds_count (\d+)$/m.exec(metrics)?.[1]);
  expect(count).toBeGreaterThanOrEqual(1);
});
