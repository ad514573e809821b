// Builds the site's chat widget (widget/main.ts) into one minified browser script. One place for
// its options: cli/build.mjs writes it into the binary's cache at `npm install`, and the server
// running from its sources builds it in memory (server/channels/webchat/widget-script.ts), so
// an edited widget is never served stale.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The widget's code, as served at /widget.js. */
export async function buildWidget() {
  const result = await build({
    entryPoints: [path.join(here, 'main.ts')],
    bundle: true,
    minify: true,
    write: false,
    // An IIFE leaves nothing in the page's scope but what main.ts puts on window (Textdesk).
    format: 'iife',
    platform: 'browser',
    // Constructable stylesheets (adoptedStyleSheets) are in every one of these.
    target: ['chrome100', 'firefox101', 'safari16.4'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}
