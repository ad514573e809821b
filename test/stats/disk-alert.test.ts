// The supervisors' alert for low disk space on the data directory (issue 12, §6): raised once
// while the desk refuses writes for lack of space, and again only after space came back.
import { describe, expect, test } from 'vitest';
import { desk } from './fixtures';

const MIB = 1024 * 1024;

describe('disk space alert', () => {
  test('low space alerts once, critical, saying how much is free; again only after it recovered', () => {
    const d = desk();
    expect(d.engine.alerts({ low: false, freeBytes: 500 * MIB })).toEqual([]);
    const raised = d.engine.alerts({ low: true, freeBytes: 3 * MIB + MIB / 2 });
    expect(raised).toMatchObject([{ kind: 'disk_low', severity: 'critical' }]);
    expect(raised[0].text).toMatch(/^disk space low on the data directory: 3 MiB free; /);
    expect(d.engine.alerts({ low: true, freeBytes: 2 * MIB })).toEqual([]);
    expect(d.engine.alerts({ low: false, freeBytes: 100 * MIB })).toEqual([]);
    expect(d.engine.alerts({ low: true, freeBytes: 1 * MIB }).map((a) => a.text)).toEqual([
      expect.stringMatching(/^disk space low on the data directory: 1 MiB free; /),
    ]);
  });

  test('a desk with no local data directory (PostgreSQL) never raises it', () => {
    const d = desk();
    expect(d.engine.alerts()).toEqual([]);
    expect(d.engine.alerts({ low: false, freeBytes: null })).toEqual([]);
  });
});
