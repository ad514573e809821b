// The command's pure parts: the --once summary, report dates, and the URL mapping.
import { describe, expect, test } from 'vitest';
import { httpUrlFor, summary } from '../../cli/dashboard/dashboard-command';
import { transcriptLines } from '../../cli/dashboard/supervisor-actions';
import { parseDate } from '../../cli/report/report-command';
import { deskStory } from './snapshot-fixture';

describe('dashboard --once summary', () => {
  test('one line for the desk, one per queue, one for operators; names made safe', () => {
    const { snapshot } = deskStory();
    const text = summary(snapshot);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + snapshot.queues.length + 1);
    expect(lines[1]).toMatch(/^all queues: waiting \d+ \(longest [^)]+\), assigned \d+, SL today /);
    expect(text).not.toContain('\x1b');
    expect(lines.at(-1)).toMatch(/^operators: \d+ available, \d+ away, \d+ offline$/);
  });
});

describe('transcript lines', () => {
  test('escape codes are neutralised, multi-line text indented, notes marked', () => {
    const lines = transcriptLines([
      {
        id: '1',
        conversationId: 'c',
        author: { type: 'customer', id: 'k', name: 'Eve\x1b[2J' },
        text: 'hi\n\x1b]0;pwned\x07there',
        private: false,
        createdAt: Date.UTC(2025, 0, 6, 9, 0, 5),
      },
      {
        id: '2',
        conversationId: 'c',
        author: { type: 'operator', id: 'o', name: 'Ann' },
        text: 'note',
        private: true,
        createdAt: Date.UTC(2025, 0, 6, 9, 1, 0),
      },
    ]);
    expect(lines.join('\n')).not.toContain('\x1b');
    expect(lines[0]).toMatch(/^09:00:05 Eve/);
    expect(lines[1]).toBe('  hi');
    expect(lines[2]).toMatch(/^ {2}.*there$/);
    expect(lines[3]).toBe('09:01:00 operator: Ann (private note)');
  });
});

describe('command-line dates', () => {
  test('a bare date is a whole day; --to includes it', () => {
    expect(parseDate('2025-01-06', { utc: true, endOfDay: false })).toBe(Date.UTC(2025, 0, 6));
    expect(parseDate('2025-01-06', { utc: true, endOfDay: true })).toBe(Date.UTC(2025, 0, 7));
    expect(parseDate('2025-01-06', { utc: false, endOfDay: false })).toBe(new Date(2025, 0, 6).getTime());
  });

  test('an ISO time is that instant; anything else is refused', () => {
    expect(parseDate('2025-01-06T13:30Z', { utc: false, endOfDay: true })).toBe(Date.UTC(2025, 0, 6, 13, 30));
    expect(() => parseDate('yesterday', { utc: true, endOfDay: false })).toThrow(/not a date/);
    expect(() => parseDate('2025-13-45x', { utc: true, endOfDay: false })).toThrow(/not a date/);
  });

  test('ws URLs map to their HTTP origin', () => {
    expect(httpUrlFor('ws://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(httpUrlFor('wss://desk.example.com/x')).toBe('https://desk.example.com');
  });
});
