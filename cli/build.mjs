// Bundles the project's own TypeScript (cli/, server/, shared/) into one ES module under
// node_modules/.cache, so the `textdesk` binary starts without compiling on the fly.
// Dependencies stay external and load from node_modules as usual. Run by `npm install`
// (the `prepare` script); cli/textdesk.mjs uses the bundle only while it is newer than every
// source file, and falls back to tsx otherwise, so editing a file never runs stale code.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidget } from '../widget/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'node_modules/.cache/textdesk');

// Built beside the bundle in use, then swapped in by two renames: a textdesk process running
// meanwhile (a console, the test suite's servers) loads its chunks lazily and must not find the
// directory half written or emptied. Chunk names carry content hashes, so the old ones go.
const NEXT = `${OUT}.next-${process.pid}`;
const OLD = `${OUT}.old-${process.pid}`;
fs.rmSync(NEXT, { recursive: true, force: true });
await build({
  entryPoints: { textdesk: path.join(root, 'cli/main.ts') },
  outdir: NEXT,
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
fs.copyFileSync(path.join(root, 'server/spelling/spelling-worker.mjs'), path.join(NEXT, 'spelling-worker.mjs'));
// The site's chat widget, served at /widget.js by the server (server/channels/webchat/widget-script.ts).
fs.writeFileSync(path.join(NEXT, 'widget.js'), await buildWidget());
if (fs.existsSync(OUT)) fs.renameSync(OUT, OLD);
fs.renameSync(NEXT, OUT);
fs.rmSync(OLD, { recursive: true, force: true });
