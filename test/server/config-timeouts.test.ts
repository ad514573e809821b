// The HTTP timeouts of issue 12 §5 as settings: defaults that fit a webhook receiver, each from
// the environment, and a header timeout longer than the whole request's refused (Node would throw).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('HTTP timeout settings', () => {
  it('default to seconds, not minutes', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      env: {
        TEXTDESK_HEADERS_TIMEOUT_MS: '2000',
        TEXTDESK_REQUEST_TIMEOUT_MS: '3000',
        TEXTDESK_KEEP_ALIVE_TIMEOUT_MS: '1000',
      },
    });
    expect(config).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 1000 });
  });

  it('refuse a headers timeout longer than the request timeout, naming the field', () => {
    expect(() => loadConfig({ env: {}, flags: { headersTimeoutMs: 20_000, requestTimeoutMs: 15_000 } })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ env: {}, flags: { headersTimeoutMs: 20_000 } })).toThrow(/headersTimeoutMs: must not be/);
  });

  it('refuse zero: it would turn the timeout off', () => {
    expect(() => loadConfig({ env: { TEXTDESK_REQUEST_TIMEOUT_MS: '0' } })).toThrow(/requestTimeoutMs/);
  });
});
