// `textdesk console --url ws://HOST:PORT --user LOGIN [--lang en|ru]`: the operator console.
// The password comes from TEXTDESK_PASSWORD or a masked prompt; login goes over HTTP to the
// same host, then everything else over the WebSocket.
import type { Command } from 'commander';
import { describeApiError } from '../api-client';
import { passwordFromEnvOrPrompt } from '../prompt';
import { detectLang } from './i18n';
import { loadConsole } from './load-console';

export function registerConsoleCommand(program: Command): void {
  program
    .command('console')
    .description(
      'the operator console: answer your dialogs from the keyboard (password from TEXTDESK_PASSWORD or a prompt)',
    )
    .requiredOption('--url <ws-url>', 'the server WebSocket URL, e.g. ws://localhost:3000')
    .requiredOption('--user <login>', 'your operator login')
    .option('--lang <lang>', 'UI language: en or ru (default: from LANG)')
    .action(async (flags: { url: string; user: string; lang?: string }) => {
      let lang;
      try {
        lang = detectLang(flags.lang, process.env.LC_ALL || process.env.LANG);
        if (!/^wss?:\/\//.test(flags.url)) throw new Error(`--url must be a ws:// or wss:// URL, got "${flags.url}"`);
      } catch (error) {
        process.stderr.write(`textdesk console: ${(error as Error).message}\n`);
        process.exit(2);
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        process.stderr.write('textdesk console: needs a terminal (stdin and stdout must be a TTY)\n');
        process.exit(2);
      }
      try {
        const password = await passwordFromEnvOrPrompt(flags.user);
        // Ink and React load only for this command, so other commands start without them.
        const { connectConsole, runConsole } = await loadConsole();
        const client = await connectConsole(flags.url, flags.user, password);
        await runConsole({ client, lang });
        process.exit(0);
      } catch (error) {
        process.stderr.write(`textdesk console: ${describeApiError(error, flags.url.replace(/^ws/, 'http'))}\n`);
        process.exit(1);
      }
    });
}
