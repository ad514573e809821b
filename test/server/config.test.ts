// Server configuration: flags over environment over config file over defaults, and errors that
// name the field that is wrong.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';
import { cadences, DEFAULT_CADENCE } from '../../server/domain/queue-position';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function configFile(content: unknown): string {
  const file = path.join(dir, `config-${files++}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is given', () => {
    expect(loadConfig({ env: {} })).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      data: './.textdesk',
      logLevel: 'info',
      graceMs: 60_000,
      reopenWindowMs: 24 * 60 * 60 * 1000,
      contactRatePerSec: 5,
      contactBurst: 20,
      bot: {},
    });
    expect(loadConfig({ env: {} }).adminPassword).toBeUndefined();
  });

  it('takes flags over the environment over the config file over the defaults', () => {
    const file = configFile({ port: 1001, host: '0.0.0.0', data: '/from/file', logLevel: 'debug' });
    const env = { TEXTDESK_PORT: '1002', TEXTDESK_DATA: '/from/env', TEXTDESK_LOG_LEVEL: 'warn' };
    const flags = { port: '1003', logLevel: undefined, data: undefined };
    expect(loadConfig({ file, env, flags })).toMatchObject({
      port: 1003,
      data: '/from/env',
      logLevel: 'warn',
      host: '0.0.0.0',
      graceMs: 60_000,
    });
    expect(loadConfig({ file, env })).toMatchObject({ port: 1002, data: '/from/env', host: '0.0.0.0' });
    expect(loadConfig({ file, env: {} })).toMatchObject({ port: 1001, data: '/from/file', logLevel: 'debug' });
  });

  it('reads the config file named by TEXTDESK_CONFIG unless one is passed', () => {
    const fromEnv = configFile({ port: 2001 });
    const passed = configFile({ port: 2002 });
    expect(loadConfig({ env: { TEXTDESK_CONFIG: fromEnv } }).port).toBe(2001);
    expect(loadConfig({ env: { TEXTDESK_CONFIG: fromEnv }, file: passed }).port).toBe(2002);
  });

  it('turns environment strings into numbers', () => {
    const config = loadConfig({
      env: {
        TEXTDESK_GRACE_MS: '5000',
        TEXTDESK_REOPEN_WINDOW_MS: '0',
        TEXTDESK_CONTACT_RATE: '2.5',
        TEXTDESK_CONTACT_BURST: '1000',
      },
    });
    expect(config).toMatchObject({ graceMs: 5000, reopenWindowMs: 0, contactRatePerSec: 2.5, contactBurst: 1000 });
  });

  it('takes bot texts from the config file', () => {
    const file = configFile({ bot: { en: { greeting: 'Hi!' } } });
    expect(loadConfig({ file, env: {} }).bot).toEqual({ en: { greeting: 'Hi!' } });
  });

  it('takes queue update cadences per medium from the config file, null turning one off', () => {
    const file = configFile({ queueUpdates: { messenger: { minChange: 5, minIntervalSeconds: 300 }, chat: null } });
    const { queueUpdates } = loadConfig({ file, env: {} });
    expect(queueUpdates).toEqual({ messenger: { minChange: 5, minIntervalSeconds: 300 }, chat: null });
    // Over the defaults of the media left out (server/domain/queue-position.ts).
    expect(cadences(queueUpdates)).toEqual({
      ...DEFAULT_CADENCE,
      messenger: { minChange: 5, minIntervalMs: 300_000 },
      chat: null,
    });
  });

  it('names a bad queue update cadence', () => {
    const bad = configFile({ queueUpdates: { chat: { minChange: 0, minIntervalSeconds: 30 } } });
    expect(configError(() => loadConfig({ file: bad, env: {} })).message).toMatch(/queueUpdates\.chat\.minChange/);
    const unknown = configFile({ queueUpdates: { fax: null } });
    expect(configError(() => loadConfig({ file: unknown, env: {} })).message).toMatch(/queueUpdates/);
  });

  it.each([
    [{ TEXTDESK_PORT: 'abc' }, 'port'],
    [{ TEXTDESK_PORT: '70000' }, 'port'],
    [{ TEXTDESK_LOG_LEVEL: 'loud' }, 'logLevel'],
    [{ TEXTDESK_GRACE_MS: '-1' }, 'graceMs'],
    [{ TEXTDESK_CONTACT_BURST: '1.5' }, 'contactBurst'],
    [{ TEXTDESK_CONTACT_RATE: '0' }, 'contactRatePerSec'],
    [{ TEXTDESK_ADMIN_PASSWORD: 'short' }, 'adminPassword'],
  ])('rejects %o naming %s', (env, field) => {
    expect(configError(() => loadConfig({ env })).message).toMatch(new RegExp(`\\b${field}\\b`));
  });

  it('names the field of a bad flag and of a bad file value', () => {
    expect(configError(() => loadConfig({ env: {}, flags: { port: 'x' } })).message).toMatch(/\bport\b/);
    expect(
      configError(() => loadConfig({ env: {}, file: configFile({ bot: { en: { greeting: 42 } } }) })).message,
    ).toMatch(/bot\.en\.greeting/);
  });

  it('names every bad field at once', () => {
    const message = configError(() =>
      loadConfig({ env: { TEXTDESK_PORT: 'abc', TEXTDESK_LOG_LEVEL: 'loud' } }),
    ).message;
    expect(message).toMatch(/\bport\b/);
    expect(message).toMatch(/\blogLevel\b/);
  });

  it('names the file when it is missing or not JSON', () => {
    const broken = configFile('{ "port": ');
    expect(configError(() => loadConfig({ env: {}, file: broken })).message).toContain(broken);
    const missing = path.join(dir, 'missing.json');
    expect(configError(() => loadConfig({ env: {}, file: missing })).message).toContain(missing);
  });

  it('takes the call-back target and webhook, and refuses a webhook without its secret', () => {
    const defaults = loadConfig({ env: {} });
    expect(defaults.callbackTargetMs).toBe(15 * 60_000);
    expect(defaults.callbackWebhookUrl).toBeUndefined();
    const config = loadConfig({
      env: {
        TEXTDESK_CALLBACK_TARGET_MS: '600000',
        TEXTDESK_CALLBACK_WEBHOOK_URL: 'https://pbx.example/textdesk',
        TEXTDESK_CALLBACK_WEBHOOK_SECRET: 'a-long-shared-secret',
      },
    });
    expect(config).toMatchObject({ callbackTargetMs: 600_000, callbackWebhookUrl: 'https://pbx.example/textdesk' });
    expect(
      configError(() => loadConfig({ env: { TEXTDESK_CALLBACK_WEBHOOK_URL: 'https://pbx.example/textdesk' } })).message,
    ).toContain('callbackWebhookSecret: required with callbackWebhookUrl');
  });

  it('does not read an empty environment variable as zero', () => {
    // Bug: z.coerce.number() turns '' into 0, so `TEXTDESK_PORT=` (e.g. from an unset
    // docker-compose substitution) silently listens on a random port and `TEXTDESK_GRACE_MS=`
    // drops operators' dialogs the moment they disconnect. An empty value should be treated as
    // unset (or rejected naming the field), never as 0.
    const config = (() => {
      try {
        return loadConfig({ env: { TEXTDESK_PORT: '', TEXTDESK_GRACE_MS: '' } });
      } catch (error) {
        return error;
      }
    })();
    if (config instanceof ConfigError) {
      expect(config.message).toMatch(/\bport\b/);
    } else {
      expect(config).toMatchObject({ port: 4000, graceMs: 60_000 });
    }
  });
});
