// `textdesk load --spawn` end to end: the real binary starts its own server, simulates web chat
// and HTTP API customers and tRPC operators for a few seconds, and its JSON summary must show
// every message delivered exactly once in both directions, with counts that add up.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadSummary } from '../../cli/load/load-summary';

const BINARY = path.resolve(import.meta.dirname, '../../cli/textdesk.mjs');

function runLoad(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // The developer's own shell defaults must not leak into what is tested.
  const { TEXTDESK_URL: _url, TEXTDESK_USER: _user, ...inherited } = process.env;
  const options = { timeout: 90_000, env: { ...inherited, ...env } };
  return new Promise((resolve) => {
    execFile(process.execPath, [BINARY, 'load', ...args], options, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('textdesk load --spawn', () => {
  it('delivers every customer message and every reply exactly once, and the summary adds up', async () => {
    const { code, stdout, stderr } = await runLoad([
      '--spawn',
      '--json',
      '--customers',
      '12',
      '--operators',
      '3',
      '--channel',
      'both',
      '--rate',
      '40',
      '--duration',
      '2s',
      '--ramp-up',
      '500ms',
      '--think',
      '5-20',
      '--resolve-after',
      '2',
      '--seed',
      '7',
    ]);
    expect(code, stderr).toBe(0);
    const s = JSON.parse(stdout) as LoadSummary & { ok: boolean; failures: string[] };
    expect(s.ok).toBe(true);
    expect(s.exact).toBe(true);
    expect(s.errorCount).toBe(0);

    const m = s.customerMessages;
    expect(m.sent).toBeGreaterThan(20);
    expect(m.accepted + m.rejected + m.unanswered).toBe(m.sent);
    expect(m.rejected).toBe(0);
    expect(m.delivered).toBe(m.sent);
    expect(m.lost + m.duplicates + m.unknown).toBe(0);
    // Operators answer every message (reply ratio 1) except those arriving in a conversation they
    // had just resolved; every answer reached its customer once.
    const r = s.replies;
    expect(r.sent).toBeGreaterThan(0);
    expect(r.sent).toBeLessThanOrEqual(m.delivered);
    expect(r.accepted).toBe(r.sent);
    expect(r.delivered).toBe(r.sent);
    expect(r.lost + r.duplicates + r.unknown).toBe(0);

    expect(s.latency.customerToOperator.count).toBe(m.delivered);
    expect(s.latency.operatorToCustomer.count).toBe(r.delivered);
    expect(s.latency.customerToOperator.p50).toBeLessThanOrEqual(s.latency.customerToOperator.p99);
    expect(s.latency.customerToOperator.p99).toBeLessThanOrEqual(s.latency.customerToOperator.max);
    // Resolving after two replies reopens conversations: each (re)opening is routed once.
    expect(s.conversations.resolved).toBeGreaterThan(0);
    expect(s.conversations.assigned).toBeGreaterThanOrEqual(s.conversations.resolved);
    expect(s.latency.routingWait.count).toBeLessThanOrEqual(s.conversations.assigned);
    expect(s.throughput.sentPerSec).toBeCloseTo(m.sent / 2, 5);
    // Progress lines went to stderr, the JSON alone to stdout.
    expect(stderr).toMatch(/sent \d+ {2}delivered \d+/);
  }, 90_000);

  it('closed loop over web chat only, human-readable summary, exit 0; --spawn wins over TEXTDESK_URL', async () => {
    // Nothing listens at that URL: the run passes only if it loads the server it spawned.
    const nowhere = { TEXTDESK_URL: 'http://127.0.0.1:1' };
    const { code, stdout, stderr } = await runLoad(
      [
        '--spawn',
        '--quiet',
        '--customers',
        '6',
        '--operators',
        '2',
        '--channel',
        'webchat',
        '--in-flight',
        '2',
        '--duration',
        '1s',
        '--reply-ratio',
        '0',
      ],
      nowhere,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/closed loop, 2 in flight per customer/);
    expect(stdout).toMatch(/every message delivered exactly once/);
    expect(stdout).toMatch(/operator replies\s+sent 0,/);
    expect(stdout).toMatch(/PASS/);
    expect(stderr).toBe('');
  }, 90_000);

  it('refuses contradictory options with exit 2', async () => {
    const { code, stderr } = await runLoad(['--customers', '2']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--url <server> or --spawn/);
  });

  it('takes the server from TEXTDESK_URL and names the schemes it accepts', async () => {
    const { code, stderr } = await runLoad(['--customers', '2'], {
      TEXTDESK_URL: 'ftp://127.0.0.1:4000',
      TEXTDESK_PASSWORD: 'x',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^textdesk load: .*ftp:\/\/, which textdesk does not speak: give http:\/\/HOST:PORT/);
  });
});
