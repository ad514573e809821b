// Renders the real blessed-contrib dashboard on a fake terminal and reads back what it drew.
import { describe, expect, test, vi } from 'vitest';
import { type DashboardActions, startDashboard } from '../../cli/dashboard/dashboard';
import { helpLines } from '../../cli/dashboard/keymap';
import { fakeTerminal } from './fake-terminal';
import { deskStory } from './snapshot-fixture';

function actions(): DashboardActions {
  return {
    quit: vi.fn(),
    reassign: vi.fn(),
    capacity: vi.fn(),
    status: vi.fn(),
    transcript: vi.fn(),
    live: vi.fn(),
    search: vi.fn(),
    claimCallback: vi.fn(),
    doneCallback: vi.fn(),
    cancelCallback: vi.fn(),
    review: vi.fn(),
  };
}

function show(columns: number, rows: number) {
  const term = fakeTerminal(columns, rows);
  const story = deskStory();
  const acts = actions();
  const dashboard = startDashboard(term.screen, acts);
  dashboard.update(story.snapshot, story.alerts);
  const text = () => term.lines().join('\n');
  return { ...term, ...story, acts, dashboard, text };
}

const row = (lines: string[], needle: string) => lines.find((l) => l.includes(needle)) ?? '';

describe.each([
  [80, 24],
  [160, 48],
])('dashboard at %i×%i', (columns, rows) => {
  test('fits the terminal', () => {
    const d = show(columns, rows);
    expect(d.lines()).toHaveLength(rows);
    expect(d.lines().every((l) => l.length === columns)).toBe(true);
    d.screen.destroy();
  });

  test('the queue table shows waiting, longest wait, service level and SLA state', () => {
    const d = show(columns, rows);
    expect(row(d.lines(), '> All queues')).toMatch(/> All queues\s+2\s+1m20s\s+100%\s+BREACH 1/);
    expect(row(d.lines(), 'Sales ')).toMatch(/Sales\s+2\s+1m20s\s+-\s+BREACH 1/);
    // a "{bold}" in a name is shown, not obeyed
    expect(row(d.lines(), 'Support')).toMatch(/Support \{bold\}\s+0\s+-\s+100%\s+ok/);
    d.screen.destroy();
  });

  test('the operator table shows status, load, handled and answer time, escapes neutralised', () => {
    const d = show(columns, rows);
    expect(row(d.lines(), 'Status')).toMatch(/Operator\s+Status\s+Load\s+Done\s+Answer/);
    expect(row(d.lines(), 'Ann Lee')).toMatch(/Ann Lee\s+avail\s+3\/2!\s+0\s+0s/);
    // Neutralised; on a narrow table cut with an ellipsis so the status column keeps its gap.
    expect(row(d.lines(), 'Bob')).toMatch(/Bob\^\[\]0;(…|pwned\^G)\s+away\s+0\/3/);
    expect(d.text()).not.toContain('\x1b]0;');
    d.screen.destroy();
  });

  test('the alert log shows the newest alert first', () => {
    const d = show(columns, rows);
    const lines = d.lines();
    const over = lines.findIndex((l) => l.includes('09:32:20 !  Ann Lee is over capacity'));
    const breach = lines.findIndex((l) => l.includes('09:32:00 !! SLA breached in "Sales"'));
    expect(over).toBeGreaterThan(-1);
    expect(breach).toBeGreaterThan(over);
    d.screen.destroy();
  });

  test('the gauge names today’s service level against the goal', () => {
    const d = show(columns, rows);
    expect(d.text()).toContain('SL');
    expect(d.text()).toContain('100% OK goal 80%');
    d.screen.destroy();
  });
});

describe('dashboard keys', () => {
  test('→ and Tab step the queue filter; ← steps back', async () => {
    const d = show(80, 24);
    await d.press('\x1b[C');
    expect(d.dashboard.filter).toBe('sales');
    expect(row(d.lines(), 'Sales ')).toContain('> Sales');
    await d.press('\t');
    expect(d.dashboard.filter).toBe('support');
    await d.press('\x1b[D');
    expect(d.dashboard.filter).toBe('sales');
    d.screen.destroy();
  });

  test('? shows the help generated from the keymap, and hides it again', async () => {
    const d = show(80, 24);
    await d.press('?');
    for (const line of helpLines()) expect(d.text()).toContain(line);
    await d.press('?');
    expect(d.text()).not.toContain(helpLines()[0]);
    d.screen.destroy();
  });

  test('q quits; r, c, s, t reach the caller with the selected queue', async () => {
    const d = show(80, 24);
    await d.press('\x1b[C');
    await d.press('rcst');
    expect(d.acts.reassign).toHaveBeenCalledWith({ queueId: 'sales' });
    expect(d.acts.capacity).toHaveBeenCalledOnce();
    expect(d.acts.status).toHaveBeenCalledOnce();
    expect(d.acts.transcript).toHaveBeenCalledOnce();
    await d.press('q');
    expect(d.acts.quit).toHaveBeenCalledOnce();
    d.screen.destroy();
  });

  test('a resize to a big terminal switches to the wide layout', async () => {
    const d = show(80, 24);
    Object.assign(d.output, { columns: 160, rows: 48 });
    d.output.emit('resize');
    await new Promise((resolve) => setImmediate(resolve));
    expect(d.lines()).toHaveLength(48);
    expect(d.text()).toContain('p90 FRT');
    d.screen.destroy();
  });
});
