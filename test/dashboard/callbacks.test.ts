// The dashboard's call-backs pane and keys (issue 17 §5) on the real blessed dashboard over a
// fake terminal: open requests oldest first with age, phone, customer, reason, who asked and a
// state word; k claims, d asks the outcome, x cancels; customer text never reaches the terminal raw.
import { describe, expect, test, vi } from 'vitest';
import { CallbackBook } from '../../cli/dashboard/callback-book';
import { startDashboard } from '../../cli/dashboard/dashboard';
import { helpLines } from '../../cli/dashboard/keymap';
import { type SupervisorApi, supervisorActions } from '../../cli/dashboard/supervisor-actions';
import type { Callback, Operator } from '../../shared/schemas';
import { fakeTerminal } from './fake-terminal';
import { deskStory } from './snapshot-fixture';
import { quietSupervisorApi } from './quiet-api';

const ENTER = '\r';
const DOWN = '\x1b[B';
const ESC = '\x1b';
const MIN = 60_000;

function callback(id: string, ageMs: number, fields: Partial<Callback> = {}): Callback {
  const now = deskStory().snapshot.at;
  return {
    id,
    conversationId: `c-${id}`,
    customerId: `cu-${id}`,
    customerName: null,
    queueId: 'sales',
    phone: '+7 900 000-00-00',
    reason: '',
    requestedBy: 'ann',
    requestedByName: 'Ann Lee',
    requestedAt: now - ageMs,
    status: 'open',
    claimedBy: null,
    claimedAt: null,
    closedAt: null,
    outcome: null,
    ...fields,
  };
}

const CALLBACKS: Callback[] = [
  callback('new', 2 * MIN, { phone: '+44 20 7946 0000', customerName: 'Dan', reason: 'invoice' }),
  callback('old', 20 * MIN, {
    phone: '+7 900 111-22-33',
    customerName: 'Eve\x1b]0;pwned\x07',
    reason: 'refund {bold}',
  }),
  callback('taken', 5 * MIN, { phone: '+7 900 444-55-66', customerName: 'Kim', status: 'claimed', claimedBy: 'ann' }),
  callback('support', 1 * MIN, { queueId: 'support', phone: '+7 900 777-88-99', customerName: 'Lee' }),
];

function operator(id: string, name: string): Operator {
  return {
    id,
    login: id,
    name,
    role: 'supervisor',
    skills: [],
    capacity: 0,
    status: 'available',
    connected: true,
    load: 0,
  };
}

function setUp(columns = 80, rows = 24) {
  const term = fakeTerminal(columns, rows);
  const story = deskStory();
  const api = {
    ...quietSupervisorApi(() => story.snapshot.at),
    callbacks: vi.fn(async () => CALLBACKS),
    operators: vi.fn(async () => [operator('ann', 'Ann Lee')]),
  } satisfies SupervisorApi;
  const notices: string[] = [];
  const actions = supervisorActions(term.screen, api, (text) => notices.push(text));
  const dashboard = startDashboard(term.screen, { quit: vi.fn(), ...actions });
  dashboard.update(story.snapshot, story.alerts);
  dashboard.setCallbacks(CALLBACKS);
  const settle = async (keys: string) => {
    await term.press(keys);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { ...term, api, notices, dashboard, settle, text: () => term.lines().join('\n') };
}

const rowOf = (lines: string[], needle: string) => lines.findIndex((l) => l.includes(needle));

describe.each([
  [80, 24],
  [160, 48],
])('the call-backs pane at %i×%i', (columns, rows) => {
  test('lists open and claimed requests oldest first, with age, phone, customer and a state word', () => {
    const d = setUp(columns, rows);
    const lines = d.lines();
    expect(d.text()).toContain('Call-backs: 4');
    const old = rowOf(lines, '+7 900 111-22-33');
    const taken = rowOf(lines, '+7 900 444-55-66');
    const fresh = rowOf(lines, '+44 20 7946 0000');
    expect(old).toBeGreaterThan(-1);
    expect(taken).toBeGreaterThan(old);
    expect(fresh).toBeGreaterThan(taken);
    expect(lines[old]).toMatch(/20m00s\s+\+7 900 111-22-33\s+Eve\^\[/);
    // A word where there is room; a mark the pane's label explains where there is not.
    expect(lines[taken]).toMatch(
      columns > 100 ? /5m00s\s+\+7 900 444-55-66\s+Kim\s+.*claimed Ann Lee/ : /5m00s\s+\+7 900 444-55-66\s+\*Kim/,
    );
    expect(lines[fresh]).toMatch(
      columns > 100 ? /2m00s\s+\+44 20 7946 0000\s+Dan\s+.*open/ : /2m00s\s+\+44 20 7946 0000\s+Dan/,
    );
    if (columns <= 100) expect(d.text()).toContain('*claimed');
    expect(d.text()).not.toContain('\x1b]0;');
    d.screen.destroy();
  });
});

describe('the call-backs pane', () => {
  test('on a wide terminal it shows the reason and who asked, tags shown as text', () => {
    const d = setUp(160, 48);
    const line = d.lines()[rowOf(d.lines(), '+7 900 111-22-33')];
    expect(line).toMatch(/refund \{bold\}\s+Ann Lee\s+open/);
    d.screen.destroy();
  });

  test('the queue filter limits the pane to the queue', async () => {
    const d = setUp(80, 24);
    await d.settle('\x1b[C\x1b[C'); // support
    expect(d.text()).toContain('Call-backs: 1');
    expect(d.text()).toContain('+7 900 777-88-99');
    expect(d.text()).not.toContain('+7 900 111-22-33');
    d.screen.destroy();
  });

  test('the help names the call-back keys', async () => {
    const d = setUp(100, 30);
    await d.settle('?');
    const keys = helpLines().filter((l) => l.includes('call-back'));
    expect(keys.map((l) => l.trim()[0])).toEqual(['k', 'd', 'x']);
    for (const line of keys) expect(d.text()).toContain(line);
    d.screen.destroy();
  });
});

describe('call-back keys', () => {
  test('k offers only open requests, oldest first, and claims the one picked', async () => {
    const d = setUp(100, 30);
    await d.settle('k');
    expect(d.text()).toContain('Claim which call-back?');
    const lines = d.lines();
    expect(rowOf(lines, '"refund {bold}"')).toBeLessThan(rowOf(lines, '"invoice"'));
    expect(d.text()).not.toMatch(/Kim.*\[claimed/);
    await d.settle(`${DOWN}${ENTER}`);
    expect(d.api.claimCallback).toHaveBeenCalledWith('new');
    expect(d.notices).toEqual(['call-back +44 20 7946 0000 (Dan) is yours: call now']);
    d.screen.destroy();
  });

  test('d asks the outcome and refuses a blank one; Escape changes nothing', async () => {
    const d = setUp(100, 30);
    await d.settle('d');
    await d.settle(ENTER); // the oldest
    expect(d.text()).toContain('Outcome of the call to +7 900 111-22-33');
    await d.settle(ENTER);
    expect(d.api.doneCallback).not.toHaveBeenCalled();
    expect(d.notices.at(-1)).toMatch(/needs its outcome/);
    await d.settle('d');
    await d.settle(ENTER);
    await d.settle(`refund agreed${ENTER}`);
    expect(d.api.doneCallback).toHaveBeenCalledWith('old', 'refund agreed');
    await d.settle('d');
    await d.settle(ESC);
    expect(d.api.doneCallback).toHaveBeenCalledTimes(1);
    d.screen.destroy();
  });

  test('x cancels with an optional reason; a refusal from the server is shown', async () => {
    const d = setUp(100, 30);
    d.api.cancelCallback.mockRejectedValueOnce(
      new Error('call-back taken is already done: a closed request does not change'),
    );
    await d.settle('x');
    await d.settle(`${DOWN}${ENTER}`); // taken (claimed, 5 min)
    await d.settle(ENTER); // no reason
    expect(d.api.cancelCallback).toHaveBeenCalledWith('taken', '');
    expect(d.notices.at(-1)).toBe('failed: call-back taken is already done: a closed request does not change');
    d.screen.destroy();
  });
});

describe('CallbackBook', () => {
  test('keeps open and claimed requests; a closed one leaves and a replayed older state never brings it back', () => {
    const book = new CallbackBook();
    const open = CALLBACKS[1];
    book.load([open]);
    book.apply({ ...open, status: 'claimed', claimedBy: 'ann' });
    book.apply(open); // replayed after a reconnect
    expect(book.list().map((c) => c.status)).toEqual(['claimed']);
    book.apply({ ...open, status: 'done', outcome: 'ok' });
    book.apply({ ...open, status: 'claimed' });
    expect(book.list()).toEqual([]);
    // A list fetched before the close still names it open: the feed's close stands.
    book.load([open]);
    expect(book.list()).toEqual([]);
  });
});
