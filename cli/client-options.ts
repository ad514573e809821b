// The options every client command (admin, report, console, dashboard) shares: where the server
// is and who logs in. The environment gives the defaults, so a shell set up once with
// TEXTDESK_URL, TEXTDESK_USER and TEXTDESK_PASSWORD needs none of the flags.
import { Option } from 'commander';
import { DEFAULT_SERVER_URL, serverAddress, type ServerAddress } from './server-address';

export function urlOption(): Option {
  return new Option('--url <url>', 'the server, http(s):// or ws(s)://HOST:PORT')
    .env('TEXTDESK_URL')
    .default(DEFAULT_SERVER_URL);
}

/** `fallback` is the login used when neither --user nor TEXTDESK_USER gives one; without it, one must. */
export function userOption(description: string, fallback?: string): Option {
  const option = new Option('--user <login>', description).env('TEXTDESK_USER');
  return fallback === undefined ? option.makeOptionMandatory() : option.default(fallback);
}

/** The server address from --url, or a one-line complaint and exit code 2 (a usage error). */
export function addressOrExit(command: string, url: string): ServerAddress {
  try {
    return serverAddress(url);
  } catch (error) {
    process.stderr.write(`textdesk ${command}: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
