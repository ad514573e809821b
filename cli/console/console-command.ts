// `textdesk console [--url URL] --user LOGIN [--lang en|ru]`: the operator console. The server
// and login default to TEXTDESK_URL and TEXTDESK_USER; the password comes from TEXTDESK_PASSWORD
// or a masked prompt. Login goes over HTTP to the same host, then everything else over the
// WebSocket; the console's first frame is drawn before the login, which runs behind it.
import type { Command } from 'commander';
import { urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';
import { serverAddress, type ServerAddress } from '../server-address';
import { detectLang } from './i18n';
import { loadConsole } from './load-console';

export function registerConsoleCommand(program: Command): void {
  program
    .command('console')
    .description(
      'the operator console: answer your dialogs from the keyboard (password from TEXTDESK_PASSWORD or a prompt)',
    )
    .addOption(urlOption())
    .addOption(userOption('your operator login'))
    .option('--lang <lang>', 'UI language: en or ru (default: from LANG)')
    .action(async (flags: { url: string; user: string; lang?: string }) => {
      let lang;
      let address: ServerAddress;
      try {
        lang = detectLang(flags.lang, process.env.LC_ALL || process.env.LANG);
        address = serverAddress(flags.url);
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
        // The console is drawn first ("connecting…") and logs in behind it: the password check is
        // the slowest part of a start. A failed login ends it with the terminal restored.
        await runConsole({ connect: () => connectConsole(address.ws, flags.user, password), lang });
        process.exit(0);
      } catch (error) {
        // The tRPC client is loaded by now (it made the call that failed), or cheap to load.
        const { describeApiError } = await import('../api-client');
        process.stderr.write(`textdesk console: ${describeApiError(error, address.http)}\n`);
        process.exit(1);
      }
    });
}
