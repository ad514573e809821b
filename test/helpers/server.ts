// Starts the real server on a loopback port with a temp SQLite directory, plus an admin client.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { startServer, type RunningServer } from '../../server/app';
import { loadConfig, type ServerConfig } from '../../server/config';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  admin: ApiClient;
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-test-'));
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.data ?? tempDataDir();
  const config = loadConfig({ env: {}, flags: { port: 0, logLevel: 'silent', adminPassword: ADMIN_PASSWORD, ...overrides, data: dataDir } });
  const server = await startServer(config, {
    log: pino({ level: 'silent' }),
    onFatal: (error) => {
      throw error;
    },
  });
  const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
  return {
    server,
    dataDir,
    admin,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function loggedInHttpClient(url: string, login: string, password: string): Promise<ApiClient> {
  let token: string | null = null;
  const client = httpApiClient(url, () => token);
  token = (await client.auth.login.mutate({ login, password })).token;
  return client;
}
