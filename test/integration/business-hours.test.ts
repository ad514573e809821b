// Business hours on the real server with simulated time (issue 17 §1): a customer who writes at
// night hears when the queue opens, once per night, and waits although an operator is online; at
// opening the conversation is assigned; a `route` queue assigns at night; a business-time SLA
// is the deadline the operator's client gets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';

const H = 3_600_000;
/** Monday 12 January 2026, 23:00 in Moscow (UTC+3 all year). */
const MONDAY_NIGHT = Date.UTC(2026, 0, 12, 20, 0);
/** Tuesday 13 January 2026, 09:00 in Moscow. */
const TUESDAY_OPENING = Date.UTC(2026, 0, 13, 6, 0);
const weekdays = ['09:00-18:00'];
const OFFICE = {
  id: 'office',
  name: 'Moscow office',
  zone: 'Europe/Moscow',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
  exceptions: [],
};

describe.each(['sqlite', 'postgres'] as const)('business hours on %s', (store) => {
  let t: TestServer;
  let time: VirtualTime;
  let sessions: OperatorSession[];
  const secrets = new Map<string, string>();
  let counter = 0;

  beforeEach(async () => {
    sessions = [];
    time = new VirtualTime(MONDAY_NIGHT);
    t = await startTestServer({ store, calendars: [OFFICE] }, { now: time.now }, { timer: time.schedule });
    await t.admin.admin.createQueue.mutate({ id: 'mail', name: 'Mail', calendarId: 'office', offHours: 'queue' });
    await t.admin.admin.createQueue.mutate({ id: 'night', name: 'Night', skills: ['night'] });
    await t.admin.admin.updateQueue.mutate({ id: 'night', calendarId: 'office', offHours: 'route' });
    for (const [id, queueId] of [
      ['mailbox', 'mail'],
      ['hotline', 'night'],
    ] as const) {
      const { secret } = await t.admin.admin.createChannel.mutate({
        id,
        name: id,
        queueId,
        medium: 'email',
        lang: 'en',
        slaFirstResponseMs: 4 * H,
        slaClock: 'business',
      });
      secrets.set(id, secret);
    }
  });

  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await t.close();
  });

  async function online(login: string, skills: string[] = ['night']) {
    await t.admin.admin.createOperator.mutate({
      login,
      name: login,
      password: `${login}-password`,
      capacity: 5,
      skills,
    });
    const session = await OperatorSession.connect(t.server, login, `${login}-password`);
    sessions.push(session);
    return session;
  }

  async function writes(channel: string, contact: string, text: string): Promise<string> {
    const result = await postCustomerMessage(t.server.url, channel, secrets.get(channel)!, {
      id: `m${++counter}`,
      contact: { id: contact },
      text,
    });
    expect(result.status).toBe(202);
    return result.body.conversationId as string;
  }

  async function botSaid(conversationId: string): Promise<Message[]> {
    const messages = await t.admin.operator.messages.query({ conversationId, limit: 100 });
    return messages.filter((m) => m.author.type === 'bot');
  }

  it('tells a customer at night when the queue opens, once, holds the dialog, and assigns it at opening', async () => {
    const olga = await online('olga');
    const id = await writes('mailbox', 'anna', 'Where is my order?');
    expect((await botSaid(id)).map((m) => [m.notice, m.text])).toEqual([
      [
        'offHours',
        'We are closed now. We open at 9:00 Moscow Standard Time on Tuesday; leave your message and we will answer then.',
      ],
    ]);
    await time.advance(H / 2);
    await writes('mailbox', 'anna', 'Hello? Anyone?');
    expect(await botSaid(id)).toHaveLength(1);
    // A restart in the same night remembers that she was told.
    await t.restart();
    const olgaAgain = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    sessions.push(olgaAgain);
    await writes('mailbox', 'anna', 'Still there?');
    expect(await botSaid(id)).toHaveLength(1);
    expect(olga.events.some(isAssigned(id))).toBe(false);
    expect(olgaAgain.events.some(isAssigned(id))).toBe(false);

    await time.advance(TUESDAY_OPENING - time.now() - 1);
    expect(olgaAgain.events.some(isAssigned(id))).toBe(false);
    await time.advance(1);
    const assigned = await olgaAgain.waitFor(isAssigned(id));
    expect(assigned.type === 'conversation.assigned' && assigned.conversation.operatorId).toBe(olgaAgain.operatorId);
    // Four working hours counted from the opening, not from 23:00: Tuesday 13:00 Moscow time.
    const snapshot = await olgaAgain.api.operator.snapshot.query();
    expect(snapshot.conversations.find((c) => c.id === id)?.slaDueAt).toBe(TUESDAY_OPENING + 4 * H);
  });

  it('routes a `route` queue at night, without the off-hours notice', async () => {
    const olga = await online('olga');
    const id = await writes('hotline', 'boris', 'Server is down');
    await olga.waitFor(isAssigned(id));
    expect((await botSaid(id)).map((m) => m.notice)).not.toContain('offHours');
  });

  it('tells the customer again in the next closed period if still waiting', async () => {
    const id = await writes('mailbox', 'vera', 'First night');
    await time.advance(TUESDAY_OPENING + 10 * H - time.now());
    // Tuesday 19:00: closed again, and nobody picked the dialog up (no operator online).
    await writes('mailbox', 'vera', 'Second night');
    const notices = (await botSaid(id)).filter((m) => m.notice === 'offHours').map((m) => m.text);
    expect(notices).toHaveLength(2);
    expect(notices[1]).toContain('on Wednesday');
  });
});
