// Bundles the project's own TypeScript (cli/, server/, shared/) into one ES module under
// node_modules/.cache, so the `textdesk` binary starts without compiling on the fly.
// Dependencies stay external and load from node_modules as usual. Run by `npm install`
// (the `prepare` script); cli/textdesk.mjs uses the bundle only while it is newer than every
// source file, and falls back to tsx otherwise, so editing a file never runs stale code.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'node_modules/.cache/textdesk');

// Chunk names carry content hashes: clear the old ones.
fs.rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { textdesk: path.join(root, 'cli/main.ts') },
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // One chunk per subcommand: a single file would hoist every dependency's import to its top
  // and load the server, blessed and Ink for `textdesk console --help`.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies are bundled too (loading Ink's hundreds of small modules one by one is most of
  // the console's start-up), except those that load native code or files at run time.
  external: [
    'better-sqlite3',
    'pg',
    'pino',
    'thread-stream',
    'blessed',
    'blessed-contrib',
    'tsx',
    'esbuild',
    'yoga-layout',
    'react-devtools-core',
  ],
  banner: {
    js: "import { createRequire as __textdeskRequire } from 'node:module'; const require = __textdeskRequire(import.meta.url);",
  },
  jsx: 'automatic',
  logLevel: 'warning',
});
// The spelling worker is started by its URL beside the module that starts it
// (server/spelling/dictionaries.ts), which in the bundle is a chunk in OUT: it goes there as it is.
// It imports nspell and the dictionaries itself, from node_modules, so they never enter the bundle.
fs.copyFileSync(path.join(root, 'server/spelling/spelling-worker.mjs'), path.join(OUT, 'spelling-worker.mjs'));
