// Issue 18 §4 on the real blessed dashboard over a fake terminal: l follows a dialog live, its
// transcript growing as items come; w whispers, o takes over after asking; Escape closes the view
// and ends the follow. Every server call goes through a fake api.
import { describe, expect, test, vi } from 'vitest';
import { startDashboard } from '../../cli/dashboard/dashboard';
import { LiveTranscript } from '../../cli/dashboard/live-transcript';
import { type SupervisorApi, supervisorActions } from '../../cli/dashboard/supervisor-actions';
import type { FollowItem } from '../../shared/monitor-schemas';
import type { Conversation, DeskEvent, DeskEventEnvelope, Message } from '../../shared/schemas';
import { fakeTerminal } from './fake-terminal';
import { AT, deskStory } from './snapshot-fixture';
import { quietSupervisorApi } from './quiet-api';

const ENTER = '\r';
const DOWN = '\x1b[B';
const ESC = '\x1b';

const dialog: Conversation = {
  id: 'c1',
  customerId: 'cu-1',
  customerName: 'Eve',
  channelId: 'web',
  medium: 'chat',
  contactId: 'k-1',
  queueId: 'support',
  status: 'assigned',
  operatorId: 'ann',
  lastOperatorId: 'ann',
  createdAt: AT - 60_000,
  queuedAt: AT - 60_000,
  assignedAt: AT - 50_000,
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

const message = (id: string, text: string, overrides: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'c1',
  author: { type: 'customer', id: null, name: 'Eve' },
  text,
  private: false,
  createdAt: AT + Number(id.slice(1)),
  ...overrides,
});

const event = (e: DeskEvent, seq = 1): DeskEventEnvelope => ({ ...e, seq, at: AT });

function setUp() {
  const term = fakeTerminal(100, 30);
  let feed: { onItem(item: FollowItem): void; onError(error: unknown): void } | null = null;
  const stopFollowing = vi.fn();
  const api = {
    ...quietSupervisorApi(() => AT),
    overview: vi.fn(async () => ({
      conversations: [dialog],
      operators: [
        {
          id: 'ann',
          login: 'ann',
          name: 'Ann Lee',
          role: 'operator' as const,
          skills: [],
          capacity: 3,
          status: 'available' as const,
          connected: true,
          load: 1,
        },
        {
          id: 'sveta',
          login: 'sveta',
          name: 'Sveta',
          role: 'supervisor' as const,
          skills: [],
          capacity: 0,
          status: 'available' as const,
          connected: true,
          load: 0,
        },
      ],
      queues: [{ id: 'support', name: 'Support', skills: [], priority: 0 }],
    })),
    follow: vi.fn((_id: string, handlers: NonNullable<typeof feed>) => {
      feed = handlers;
      return stopFollowing;
    }),
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
  const push = (item: FollowItem) => feed!.onItem(item);
  return { ...term, api, notices, quit, settle, push, stopFollowing, text: () => term.lines().join('\n') };
}

describe('the live view of a dialog', () => {
  test('l: the picked dialog is followed, and its transcript grows with each item, sanitised', async () => {
    const d = setUp();
    await d.settle('l');
    expect(d.text()).toContain('Follow which dialog live?');
    await d.settle(ENTER);
    expect(d.api.follow).toHaveBeenCalledWith('c1', expect.anything());
    d.push({ conversation: dialog, messages: [message('m1', 'my order {bold}\x1b]0;pwned\x07 is late')], events: [] });
    await d.settle('');
    // 100 columns: the keys come first, as initials, so the title can be cut from its end.
    expect(d.text()).toMatch(/LIVE \[w\/o\/Esc\] Eve · Ann Lee · assigned/);
    expect(d.text()).toContain('my order {bold}');
    expect(d.text()).not.toContain('\x1b]0;');

    const reply = message('m2', 'on its way', { author: { type: 'operator', id: 'ann', name: 'Ann Lee' } });
    d.push({
      events: [
        event({
          type: 'message.created',
          message: { ...reply, delivery: { status: 'pending', providerId: null, error: null } },
        }),
        event({
          type: 'message.created',
          message: message('m3', 'offer a coupon', {
            author: { type: 'operator', id: 'sveta', name: 'Sveta' },
            private: true,
            whisper: true,
          }),
        }),
        event({
          type: 'message.delivery',
          conversationId: 'c1',
          messageId: 'm2',
          delivery: { status: 'sent', providerId: 'p', error: null },
        }),
      ],
    });
    await d.settle('');
    expect(d.text()).toMatch(/operator: Ann Lee \[sent\]/);
    expect(d.text()).toMatch(/operator: Sveta \(whisper to the operator\)/);
    expect(d.text()).toContain('offer a coupon');
    d.screen.destroy();
  });

  test('w whispers the text typed; o takes over only once confirmed', async () => {
    const d = setUp();
    await d.settle('l');
    await d.settle(ENTER);
    d.push({ conversation: dialog, messages: [], events: [] });
    await d.settle('w');
    expect(d.text()).toContain('Whisper to the operator');
    await d.settle('be kind');
    await d.settle(ENTER);
    expect(d.api.whisper).toHaveBeenCalledWith('c1', 'be kind');
    expect(d.notices.at(-1)).toBe('whispered');

    await d.settle('o');
    expect(d.text()).toContain('Take this dialog over?');
    await d.settle(ENTER); // "no" comes first
    expect(d.api.takeOver).not.toHaveBeenCalled();
    await d.settle('o');
    await d.settle(`${DOWN}${ENTER}`);
    expect(d.api.takeOver).toHaveBeenCalledWith('c1');
    d.push({
      events: [
        event({ type: 'conversation.takenOver', conversationId: 'c1', fromOperatorId: 'ann', operatorId: 'sveta' }),
      ],
    });
    await d.settle('');
    expect(d.text()).toContain('taken over by Sveta');
    d.screen.destroy();
  });

  test('Escape closes the view and stops following; the dashboard has its keys back', async () => {
    const d = setUp();
    await d.settle('l');
    await d.settle(ENTER);
    d.push({ conversation: dialog, messages: [message('m1', 'hello there')], events: [] });
    await d.settle('');
    await d.settle('q');
    // q closes the view, not the dashboard.
    expect(d.quit).not.toHaveBeenCalled();
    expect(d.stopFollowing).toHaveBeenCalledTimes(1);
    expect(d.text()).not.toContain('hello there');
    await d.settle('l');
    await d.settle(ENTER);
    await d.settle(ESC);
    expect(d.stopFollowing).toHaveBeenCalledTimes(2);
    await d.settle('q');
    expect(d.quit).toHaveBeenCalled();
    d.screen.destroy();
  });

  test('a follow the server ends says so, in the view and the notice', async () => {
    const d = setUp();
    await d.settle('l');
    await d.settle(ENTER);
    const feedError = new Error('supervisors only');
    d.api.follow.mock.calls[0][1].onError(feedError);
    await d.settle('');
    expect(d.notices.at(-1)).toBe('live view stopped: supervisors only');
    expect(d.text()).toContain('NOT FOLLOWING');
    d.screen.destroy();
  });
});

describe('a live transcript', () => {
  test('keeps a message once when it comes both in the first transcript and as an event', () => {
    const live = new LiveTranscript((id) => id);
    const first = message('m1', 'hi');
    live.apply({ conversation: dialog, messages: [first], events: [] });
    live.apply({ events: [event({ type: 'message.created', message: first })] });
    expect(live.lines().filter((l) => l.includes('hi'))).toHaveLength(1);
  });

  test('shows the close in its title', () => {
    const live = new LiveTranscript((id) => (id === 'ann' ? 'Ann Lee' : id));
    live.apply({ conversation: dialog, messages: [], events: [] });
    live.apply({
      events: [
        event({ type: 'conversation.updated', conversation: { ...dialog, status: 'resolved', operatorId: null } }),
      ],
    });
    expect(live.title()).toBe('Eve · CLOSED · last with Ann Lee');
  });
});
