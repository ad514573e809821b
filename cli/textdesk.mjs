#!/usr/bin/env -S node --max-semi-space-size=64
// The `textdesk` binary. It runs the bundle that `npm install` built (cli/build.mjs) when that
// bundle is newer than every source file (.mjs too: the spelling worker is one), and otherwise (a
// source was edited since) the TypeScript sources through tsx, so a change is never run stale.
// The shebang's flags are the server's (cli/server-node-flags.ts says why).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const bundle = path.join(root, 'node_modules/.cache/textdesk/textdesk.mjs');
// Tools that start another textdesk process (load --spawn) find the binary here.
process.env.TEXTDESK_BINARY ??= self;

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (/\.(ts|tsx|mjs)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    return ['cli', 'server', 'shared'].every((dir) => newestSourceMtime(path.join(root, dir)) < built);
  } catch {
    return false;
  }
}

// TEXTDESK_SOURCES=1 runs the sources even when the bundle is current: profiles then name files.
if (process.env.TEXTDESK_SOURCES !== '1' && bundleIsCurrent()) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  // tsx looks for tsconfig.json from the working directory; the binary may be run from anywhere,
  // and without ours JSX compiles the classic way ("React is not defined").
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  await import('./main.ts');
}
