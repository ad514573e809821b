// Issue 17 "done when": one desk through a night and a morning, on simulated time. Customers who
// write at night hear when the queue opens and wait although an operator is online; at opening
// they are assigned; the operator who got them never answers, so at the queue's no-reply time
// they go to a colleague, not back to her; one customer then falls silent and is asked "anything
// else?" and closed as idle; the other is answered and resolved. Every message a customer sees
// and every state change a supervisor sees is checked, in order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope, Message } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { VirtualTime } from '../helpers/virtual-time';

const MINUTE = 60_000;
/** Monday 12 January 2026, 23:00 in Moscow (UTC+3 all year). */
const MONDAY_NIGHT = Date.UTC(2026, 0, 12, 20, 0);
/** Tuesday 13 January 2026, 09:00 in Moscow. */
const TUESDAY_OPENING = Date.UTC(2026, 0, 13, 6, 0);
const NO_REPLY = 2 * MINUTE;
const IDLE_ASK = 5 * MINUTE;
const IDLE_CLOSE = 10 * MINUTE;
const weekdays = ['09:00-18:00'];
const OFFICE = {
  id: 'office',
  name: 'Moscow office',
  zone: 'Europe/Moscow',
  week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
  exceptions: [],
};

/** What a customer sees of their conversation: the bot's notices by kind, operators' replies by text. */
const seen = (messages: Message[]) =>
  messages
    .filter((m) => !m.private && m.author.type !== 'customer')
    .map((m) => (m.author.type === 'bot' ? `bot:${m.notice}` : `${m.author.name}: ${m.text}`));

/** What supervisors see happen to one conversation: each change of its state, and why it moved. */
function stateChanges(events: DeskEventEnvelope[], id: string): string[] {
  const states: string[] = [];
  for (const e of events) {
    let state: string | null = null;
    if (e.type === 'conversation.reassigned' && e.conversationId === id) state = `reassigned:${e.reason}`;
    if ((e.type === 'conversation.updated' || e.type === 'conversation.assigned') && e.conversation.id === id) {
      const c = e.conversation;
      state = `${c.status}${c.operatorId ? `@${c.operatorId}` : ''}${c.tag ? `#${c.tag}` : ''}`;
    }
    // A reply or a timer moving changes the row, not the state: only changes are listed.
    if (state !== null && state !== states.at(-1)) states.push(state);
  }
  return states;
}

describe.each(['sqlite', 'postgres'] as const)(
  'a night and a morning at the desk on %s',
  { timeout: 60_000 },
  (store) => {
    let t: TestServer;
    let time: VirtualTime;
    let secret: string;
    let sessions: OperatorSession[];
    let counter = 0;

    beforeEach(async () => {
      sessions = [];
      time = new VirtualTime(MONDAY_NIGHT);
      t = await startTestServer(
        { store, calendars: [OFFICE], graceMs: 24 * 3_600_000 },
        { now: time.now },
        { timer: time.schedule },
      );
      await t.admin.admin.createQueue.mutate({
        id: 'support',
        name: 'Support',
        calendarId: 'office',
        offHours: 'queue',
        noReplyMs: NO_REPLY,
      });
      ({ secret } = await t.admin.admin.createChannel.mutate({
        id: 'chat',
        name: 'Chat',
        queueId: 'support',
        medium: 'chat',
        lang: 'en',
        idleAskMs: IDLE_ASK,
        idleCloseMs: IDLE_CLOSE,
      }));
    });

    afterEach(async () => {
      await Promise.all(sessions.map((s) => s.close()));
      await t.close();
    });

    async function operator(login: string, name: string, capacity: number) {
      await t.admin.admin.createOperator.mutate({ login, name, password: `${login}-password`, capacity });
      const session = await OperatorSession.connect(t.server, login, `${login}-password`);
      sessions.push(session);
      return session;
    }

    async function customerWrites(contact: string, text: string): Promise<string> {
      const result = await postCustomerMessage(t.server.url, 'chat', secret, {
        id: `m${++counter}`,
        contact: { id: contact },
        text,
      });
      expect(result.status).toBe(202);
      return result.body.conversationId as string;
    }

    const customerSees = async (id: string) => seen(await t.admin.operator.messages.query({ conversationId: id }));

    it('holds the night’s customers, assigns them at opening, takes them from the operator who never answers, and closes the silent one', async () => {
      const supervisor = await OperatorSession.connect(t.server, 'admin', ADMIN_PASSWORD, { subscribe: 'supervisor' });
      sessions.push(supervisor);
      const olga = await operator('olga', 'Olga', 2);

      // 23:00 and 23:30: closed. Each hears when we open, once, and nobody is assigned.
      const anna = await customerWrites('anna', 'Where is my order?');
      await time.advance(30 * MINUTE);
      const ivan = await customerWrites('ivan', 'I want a refund');
      await customerWrites('anna', 'Hello?');
      for (const id of [anna, ivan]) expect(await customerSees(id)).toEqual(['bot:offHours']);
      expect(olga.events.some((e) => e.type === 'conversation.assigned')).toBe(false);

      // 09:00: open. Olga, online all night, gets both; not a millisecond before.
      await time.advance(TUESDAY_OPENING - time.now() - 1);
      expect(olga.events.some((e) => e.type === 'conversation.assigned')).toBe(false);
      await time.advance(1);
      for (const id of [anna, ivan]) {
        const assigned = await olga.waitFor(isAssigned(id));
        expect(assigned.type === 'conversation.assigned' && assigned.conversation.noReplyDueAt).toBe(
          TUESDAY_OPENING + NO_REPLY,
        );
      }
      const boris = await operator('boris', 'Boris', 2);

      // Olga never answers: at 09:02 both go back to the queue and on to Boris, not to her.
      await time.advance(NO_REPLY);
      for (const id of [anna, ivan]) {
        await olga.waitFor(
          (e) => e.type === 'conversation.removed' && e.conversationId === id && e.reason === 'no-reply',
        );
        await boris.waitFor(isAssigned(id));
      }
      expect(olga.events.filter((e) => e.type === 'conversation.assigned')).toHaveLength(2);

      // Boris answers both. Ivan writes back and is resolved; Anna falls silent.
      for (const id of [anna, ivan])
        await boris.api.operator.send.mutate({ conversationId: id, text: 'Sorry for the wait!', clientId: `r-${id}` });
      await customerWrites('ivan', 'Thanks, that is all');
      await boris.api.operator.resolve.mutate({ conversationId: ivan, outcome: 'refunded' });
      const answeredAt = time.now();
      await time.advance(IDLE_ASK);
      await boris.waitFor((e) => e.type === 'message.created' && e.message.notice === 'anythingElse');
      await time.advance(IDLE_CLOSE);
      await supervisor.waitFor(
        (e) => e.type === 'conversation.updated' && e.conversation.id === anna && e.conversation.status === 'resolved',
      );
      expect(time.now()).toBe(answeredAt + IDLE_ASK + IDLE_CLOSE);

      expect(await customerSees(anna)).toEqual([
        'bot:offHours',
        'bot:operatorJoined',
        'bot:operatorJoined',
        'Boris: Sorry for the wait!',
        'bot:anythingElse',
        'bot:idleClosed',
      ]);
      expect(await customerSees(ivan)).toEqual([
        'bot:offHours',
        'bot:operatorJoined',
        'bot:operatorJoined',
        'Boris: Sorry for the wait!',
        'bot:closed',
        'bot:askRating',
      ]);
      const joined = (await t.admin.operator.messages.query({ conversationId: anna }))
        .filter((m) => m.notice === 'operatorJoined')
        .map((m) => m.text);
      expect(joined).toEqual(['Olga joined the conversation.', 'Boris joined the conversation.']);

      const o = olga.operatorId;
      const b = boris.operatorId;
      expect(stateChanges(supervisor.events, anna)).toEqual([
        'queued',
        'assigned@' + o,
        'queued',
        'reassigned:no-reply',
        'assigned@' + b,
        'resolved#idle',
      ]);
      expect(stateChanges(supervisor.events, ivan)).toEqual([
        'queued',
        'assigned@' + o,
        'queued',
        'reassigned:no-reply',
        'assigned@' + b,
        'resolved',
      ]);
      // The idle close freed Boris's slot; the report counts it apart from the handled one.
      const report = await t.admin.supervisor.report.query({ from: MONDAY_NIGHT, to: time.now() + 1, by: 'queue' });
      expect(report.total).toMatchObject({ conversations: 2, resolved: 1, resolvedIdle: 1 });
    });
  },
);
