import { describe, expect, test } from 'vitest';
import { MIN, SEC, desk } from './fixtures';

const kinds = (alerts: { kind: string }[]) => alerts.map((a) => a.kind);

describe('alerts', () => {
  test('a queue nearing the target alerts once, and again only after it cleared', () => {
    const d = desk();
    d.queue('c1'); // 1 min target: near at 48 s
    d.clock.advance(48 * SEC);
    const first = d.engine.alerts();
    expect(first).toMatchObject([{ kind: 'queue_wait_near_target', severity: 'warning', queueId: 'sales' }]);
    expect(first[0].text).toContain('Sales');
    d.clock.advance(SEC);
    expect(d.engine.alerts()).toEqual([]);
    d.assign('c1', 'ann');
    d.answer('c1', 'ann');
    expect(d.engine.alerts()).toEqual([]); // cleared: re-armed
    d.queue('c2');
    d.clock.advance(50 * SEC);
    expect(kinds(d.engine.alerts())).toEqual(['queue_wait_near_target']);
  });

  test('an SLA breach alerts once per conversation, stamped when the deadline passed', () => {
    const d = desk();
    d.queue('c1');
    d.assign('c1', 'ann'); // assigned but no reply: still owed
    d.clock.advance(90 * SEC);
    const alerts = d.engine.alerts();
    expect(alerts).toMatchObject([
      { kind: 'sla_breach', severity: 'critical', conversationId: 'c1', queueId: 'sales' },
    ]);
    expect(alerts[0].at).toBe(d.clock.now() - 30 * SEC);
    d.clock.advance(SEC);
    expect(d.engine.alerts()).toEqual([]);
  });

  test('a no-reply return (issue 17) alerts once, naming the operator, the dialog and its queue', () => {
    const d = desk();
    d.operator('ann', 'available');
    d.queue('c1');
    d.assign('c1', 'ann');
    d.engine.conversationReassigned({ conversationId: 'c1', operatorId: 'ann', queueId: 'sales', at: d.clock.now() });
    const alerts = d.engine.alerts();
    expect(alerts).toMatchObject([
      { kind: 'no_reply_reassigned', severity: 'warning', conversationId: 'c1', operatorId: 'ann', queueId: 'sales' },
    ]);
    expect(alerts[0].text).toBe('↻ ANN sent no reply in time: conversation c1 went back to "Sales"');
    expect(d.engine.alerts()).toEqual([]);
  });

  test('a conversation answered in time never alerts', () => {
    const d = desk();
    d.answeredAfter('c1', 30 * SEC);
    d.clock.advance(5 * MIN);
    expect(d.engine.alerts()).toEqual([]);
  });

  test('an operator over capacity alerts once and re-arms when back within it', () => {
    const d = desk();
    d.operator('ann', 'available', 2, 3);
    expect(d.engine.alerts()).toMatchObject([{ kind: 'operator_over_capacity', operatorId: 'ann' }]);
    d.operator('ann', 'available', 2, 2.5);
    expect(d.engine.alerts()).toEqual([]);
    d.operator('ann', 'available', 2, 2);
    expect(d.engine.alerts()).toEqual([]);
    d.operator('ann', 'available', 2, 3);
    expect(kinds(d.engine.alerts())).toEqual(['operator_over_capacity']);
  });

  test('an operator silent while a customer waits for a reply', () => {
    const d = desk({ silentAfterMs: 5 * MIN });
    d.operator('ann', 'available');
    d.answeredAfter('c1', 5 * SEC, 'ann');
    d.messageOut('c1', 'ann');
    d.clock.advance(10 * MIN); // quiet, but the customer is not waiting
    d.messageIn('c1');
    d.clock.advance(5 * MIN - SEC);
    d.engine.alerts(); // the queue/breach rules may speak; silence may not yet
    d.clock.advance(SEC);
    expect(d.engine.alerts()).toMatchObject([
      { kind: 'operator_silent', operatorId: 'ann', text: expect.stringContaining('5m00s') },
    ]);
    d.clock.advance(MIN);
    expect(d.engine.alerts()).toEqual([]);
    d.messageOut('c1', 'ann');
    expect(d.engine.alerts()).toEqual([]);
    d.messageIn('c1');
    d.clock.advance(5 * MIN);
    expect(kinds(d.engine.alerts())).toEqual(['operator_silent']);
  });

  test('an away or offline operator is not "silent"', () => {
    const d = desk({ silentAfterMs: MIN });
    d.operator('ann', 'offline');
    d.answeredAfter('c1', 5 * SEC, 'ann');
    d.messageIn('c1');
    d.clock.advance(10 * MIN);
    expect(kinds(d.engine.alerts())).not.toContain('operator_silent');
  });

  test('alert ids are unique', () => {
    const d = desk();
    for (let i = 0; i < 5; i++) d.queue(`c${i}`);
    d.clock.advance(2 * MIN);
    const ids = d.engine.alerts().map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(6);
  });
});
