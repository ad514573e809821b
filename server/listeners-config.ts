// The server-wide channel listeners as configured (server/config.ts), with their files read: a
// missing key or certificate stops the start with a message naming it, not the first STARTTLS.
import fs from 'node:fs';
import type { SharedListeners } from './channels/adapter';
import { ConfigError, type ServerConfig } from './config';

export function sharedListeners(config: ServerConfig): SharedListeners {
  if (config.smtpPort === undefined) return { smtp: null };
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new ConfigError(`${what} ${file}: ${(error as Error).message}`);
    }
  };
  const tls =
    config.smtpTlsKey && config.smtpTlsCert
      ? { key: read(config.smtpTlsKey, 'smtpTlsKey'), cert: read(config.smtpTlsCert, 'smtpTlsCert') }
      : null;
  return { smtp: { host: config.smtpHost, port: config.smtpPort, tls, maxBytes: config.mailMaxBytes } };
}
