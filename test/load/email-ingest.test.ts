// Guards the e-mail ingest bench's accounting, not its speed: on both sides every mail answered
// 250 is held at the end (read by the sink, or committed as a customer message by textdesk), and
// the mails are the size the bench says.
import { describe, expect, it } from 'vitest';
import { isExact, runEmailIngestBench } from '../../bench/email-ingest';

describe('e-mail ingest bench', () => {
  it('accounts for every mail on the sink and on textdesk', { timeout: 60_000 }, async () => {
    const [text] = await runEmailIngestBench({
      connections: 2,
      senders: 2,
      durationMs: 500,
      warmupMs: 100,
      cases: ['text'],
    });
    expect(text.mailBytes).toBeGreaterThan(5000);
    expect(text.mailBytes).toBeLessThan(6000);
    for (const side of [text.raw, text.textdesk]) {
      expect(side.accepted).toBeGreaterThan(0);
      expect(isExact(side)).toBe(true);
    }
  });
});
