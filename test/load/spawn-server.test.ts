// The server's Node flags (cli/server-node-flags.ts) reach every way a server is started: the
// binary run directly (its shebang) and the servers `load --spawn` and the benches start.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../cli/server-node-flags';
import { spawnServer } from '../../cli/load/spawn-server';

it("the binary's shebang carries the server's node flags", () => {
  const firstLine = readFileSync(path.resolve(import.meta.dirname, '../../cli/textdesk.mjs'), 'utf8').split('\n')[0];
  expect(firstLine).toBe(`#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
});

it('a spawned server runs with them', async () => {
  const server = await spawnServer();
  try {
    const argv = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    expect(argv.slice(1, 1 + SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
    expect(argv).toContain('server');
  } finally {
    await server.stop();
  }
});
