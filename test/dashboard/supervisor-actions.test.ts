// The supervisor actions on the real blessed dashboard over a fake terminal: keyboard only,
// every server call made through a fake api, every text shown sanitised.
import { describe, expect, test, vi } from 'vitest';
import { startDashboard } from '../../cli/dashboard/dashboard';
import { conversationLabel, type SupervisorApi, supervisorActions } from '../../cli/dashboard/supervisor-actions';
import type { Conversation, Operator } from '../../shared/schemas';
import type { SearchHit } from '../../shared/search-schemas';
import { fakeTerminal } from './fake-terminal';
import { AT, deskStory } from './snapshot-fixture';
import { quietSupervisorApi } from './quiet-api';

const ENTER = '\r';
const DOWN = '\x1b[B';
const ESC = '\x1b';

function conversation(id: string, queueId: string, operatorId: string | null, customerName: string): Conversation {
  return {
    id,
    customerId: `cu-${id}`,
    customerName,
    channelId: 'web',
    medium: 'chat',
    contactId: `k-${id}`,
    queueId,
    status: operatorId ? 'assigned' : 'queued',
    operatorId,
    lastOperatorId: operatorId,
    createdAt: AT - 60_000,
    queuedAt: AT - 60_000,
    assignedAt: null,
    resolvedAt: null,
    waitingSince: AT - 60_000,
    slaDueAt: null,
    slaTargetMs: null,
    firstResponseAt: null,
    lastMessageAt: AT,
    weight: 1,
    tag: null,
    outcome: null,
    rating: null,
    operatorReadUpTo: null,
    customerReadUpTo: null,
  };
}

function operator(id: string, name: string, role: Operator['role'] = 'operator'): Operator {
  return { id, login: id, name, role, skills: [], capacity: 3, status: 'available', connected: true, load: 1 };
}

/** A search hit whose customer name and snippet carry escape codes and blessed tags. */
const LATE_HIT: SearchHit = {
  conversationId: 'c1',
  messageId: 'm1',
  author: 'customer',
  at: AT,
  customer: { id: 'cu-c1', name: 'Eve\x1b]0;pwned\x07' },
  channel: { id: 'web', name: 'Web', kind: 'webchat' },
  queueId: 'sales',
  operator: null,
  status: 'queued',
  outcome: null,
  tag: null,
  rating: null,
  snippet: [
    { text: 'my order {bold}\x1b[31m is ', match: false },
    { text: 'late', match: true },
  ],
};

function setUp() {
  const term = fakeTerminal(100, 30);
  const api = {
    ...quietSupervisorApi(() => AT),
    overview: vi.fn(async () => ({
      conversations: [
        conversation('c1', 'sales', null, 'Eve\x1b]0;pwned\x07'),
        conversation('c2', 'support', 'ann', 'Dan'),
      ],
      operators: [operator('admin', 'Administrator', 'admin'), operator('ann', 'Ann Lee'), operator('bob', 'Bob')],
      queues: [
        { id: 'sales', name: 'Sales', skills: [], priority: 0 },
        { id: 'support', name: 'Support', skills: [], priority: 0 },
      ],
    })),
    messages: vi.fn(async () => [
      {
        id: 'm1',
        conversationId: 'c1',
        author: { type: 'customer' as const, id: 'k', name: 'Eve' },
        text: 'my order {bold}\x1b[31m is late',
        private: false,
        createdAt: AT,
      },
    ]),
    search: vi.fn(async (text: string): Promise<SearchHit[]> => (text.includes('late') ? [LATE_HIT] : [])),
  } satisfies SupervisorApi;
  const notices: string[] = [];
  const actions = supervisorActions(term.screen, api, (text) => notices.push(text));
  const quit = vi.fn();
  const dashboard = startDashboard(term.screen, { quit: () => !actions.busy() && quit(), ...actions });
  const story = deskStory();
  dashboard.update(story.snapshot, story.alerts);
  const settle = async (keys: string) => {
    await term.press(keys);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { ...term, api, notices, quit, settle, text: () => term.lines().join('\n') };
}

describe('supervisor actions from the keyboard', () => {
  test('r: pick a conversation, then a queue or an operator; the transfer is called', async () => {
    const d = setUp();
    await d.settle('r');
    expect(d.text()).toContain('Reassign which conversation?');
    expect(d.text()).not.toContain('\x1b]0;');
    await d.settle(ENTER); // c1, the longest waiting
    expect(d.text()).toContain('Move it to');
    expect(d.text()).not.toContain('Administrator');
    // queues first (support: c1 already waits in sales), then operators (Ann, Bob)
    expect(d.text()).not.toMatch(/queue\s+Sales/);
    await d.settle(`${DOWN}${ENTER}`);
    expect(d.api.transfer).toHaveBeenCalledWith('c1', { operatorId: 'ann' });
    expect(d.notices).toEqual(['conversation c1 moved']);
    d.screen.destroy();
  });

  test('the queue filter limits which conversations are offered', async () => {
    const d = setUp();
    await d.settle('\x1b[C\x1b[C'); // filter: support
    await d.settle('r');
    await d.settle(ENTER);
    await d.settle(ENTER); // first target: queue sales
    expect(d.api.transfer).toHaveBeenCalledWith('c2', { queueId: 'sales' });
    d.screen.destroy();
  });

  test('c: capacity is asked for and checked; s: status picked from a list', async () => {
    const d = setUp();
    await d.settle('c');
    await d.settle(`${DOWN}${ENTER}`); // Ann Lee
    await d.settle('\x7f5'); // replace 3 by 5
    await d.settle(ENTER);
    expect(d.api.setCapacity).toHaveBeenCalledWith('ann', 5);
    await d.settle('c');
    await d.settle(`${DOWN}${DOWN}${ENTER}`); // Bob
    await d.settle('\x7fx');
    await d.settle(ENTER);
    expect(d.api.setCapacity).toHaveBeenCalledTimes(1);
    expect(d.notices.at(-1)).toMatch(/capacity must be a number/);
    await d.settle('s');
    await d.settle(`${DOWN}${ENTER}`);
    await d.settle(`${DOWN}${ENTER}`); // away
    expect(d.api.setStatus).toHaveBeenCalledWith('ann', 'away');
    d.screen.destroy();
  });

  test('t: the transcript is shown sanitised; q closes it without quitting', async () => {
    const d = setUp();
    await d.settle('t');
    await d.settle(ENTER);
    expect(d.api.messages).toHaveBeenCalledWith('c1');
    expect(d.text()).toContain('my order {bold}');
    expect(d.text()).toContain('is late');
    await d.settle('q');
    expect(d.quit).not.toHaveBeenCalled();
    expect(d.text()).not.toContain('my order');
    await d.settle(ESC);
    await d.settle('q');
    expect(d.quit).toHaveBeenCalled();
    d.screen.destroy();
  });
});

describe('a conversation in the picker', () => {
  const names = new Map([['ann', 'Ann Lee']]);

  test('shows the time left until a no-reply return or an idle close, or the hold, by a mark', () => {
    const base = conversation('c2', 'support', 'ann', 'Dan');
    expect(conversationLabel(base, names, AT)).not.toMatch(/[↻⏾⏸]/);
    expect(conversationLabel({ ...base, noReplyDueAt: AT + 100_000 }, names, AT)).toMatch(/Ann Lee .* ↻ 1:40$/);
    expect(conversationLabel({ ...base, waitingSince: null, idleCloseAt: AT + 180_000 }, names, AT)).toMatch(
      /Ann Lee {2}⏾ 3:00$/,
    );
    expect(conversationLabel({ ...base, held: true, idleCloseAt: null }, names, AT)).toMatch(/ {2}⏸$/);
  });

  test('/: asks for words, lists what matched with the match marked, Enter shows its transcript', async () => {
    const d = setUp();
    await d.settle('/');
    expect(d.text()).toContain('Search messages and customers');
    await d.settle(`late${ENTER}`);
    expect(d.api.search).toHaveBeenCalledWith('late');
    expect(d.text()).toContain('1 found for "late"');
    // Escapes shown as carets, tags as text; the snippet starts a little before the match.
    expect(d.text()).toMatch(/Web\s+Eve\^\[\]0;pwned\^G\s+…ld\}\^\[\[31m is \[late\]/);
    expect(d.text()).not.toContain('\x1b');
    await d.settle(ENTER);
    expect(d.api.messages).toHaveBeenCalledWith('c1');
    expect(d.text()).toContain('my order {bold}');
    await d.settle(ESC);
    expect(d.text()).not.toContain('1 found');
    d.screen.destroy();
  });

  test('/: says so when nothing matched, and Escape at the prompt searches nothing', async () => {
    const d = setUp();
    await d.settle('/');
    await d.settle(`nothing${ENTER}`);
    expect(d.notices).toEqual(['no matches for "nothing"']);
    await d.settle('/');
    await d.settle(ESC);
    expect(d.api.search).toHaveBeenCalledTimes(1);
    d.screen.destroy();
  });
});
