// The spelling worker in the real `textdesk server` binary, which runs the esbuild bundle: the
// worker is found beside the bundle's chunks (cli/build.mjs copies it there), loads the
// dictionaries on the first request, and then judges words.
import fs from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';

const dataDir = tempDataDir();
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the binary server loads the dictionaries on the first check and then judges words', async () => {
  server = await ServerProcess.start({ dataDir, env: { TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD }, logLevel: 'info' });
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  expect(server.stdout).not.toMatch(/spelling dictionaries/);
  expect(await admin.spelling.check.query({ words: ['превет', 'helo'] })).toEqual({ ready: false, misspelt: [] });
  await server.waitForOutput(/spelling dictionaries loaded/);
  expect(await admin.spelling.check.query({ words: ['превет', 'привет', 'helo', 'hello'] })).toEqual({
    ready: true,
    misspelt: ['превет', 'helo'],
  });
  expect((await admin.spelling.suggest.query({ word: 'превет' })).suggestions).toContain('привет');
});
