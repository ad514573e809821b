// Issue 18 §4, live monitoring, on both stores with the real server and clients: a supervisor
// follows an open dialog as it happens, whispers to its operator (and the customer never hears
// of it, on a pushing channel or through the outbox), and takes a dialog over (the operator is
// told and loses it; the customer is not told again that an operator joined).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowItem } from '../../shared/monitor-schemas';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';
import { WebhookReceiver } from '../helpers/webhook-receiver';

/** A supervisor's follow of one dialog, collecting its items. */
class Follow {
  readonly items: FollowItem[] = [];
  private waiters: Array<() => void> = [];
  private readonly subscription: { unsubscribe(): void };
  failure: unknown = null;

  constructor(session: OperatorSession, conversationId: string) {
    this.subscription = session.api.supervisor.follow.subscribe(
      { conversationId },
      {
        onData: ({ data }) => {
          this.items.push(data);
          for (const wake of this.waiters.splice(0)) wake();
        },
        onError: (error) => {
          this.failure = error;
          for (const wake of this.waiters.splice(0)) wake();
        },
      },
    );
  }

  get events(): DeskEventEnvelope[] {
    return this.items.flatMap((i) => i.events);
  }

  async waitFor(predicate: (e: DeskEventEnvelope) => boolean): Promise<DeskEventEnvelope> {
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async first(): Promise<FollowItem> {
    while (this.items.length === 0 && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
    return this.items[0];
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

describe.each(['sqlite', 'postgres'] as const)('live monitoring on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let hook: WebhookReceiver;
  let apiSecret: string;
  let olga: OperatorSession;
  /** The supervisor's console (their own dialogs' feed) and dashboard (the supervisors' feed). */
  let supConsole: OperatorSession;
  let supDesk: OperatorSession;
  let contacts = 0;

  const customerWrites = async (text: string, contact = `c${++contacts}`): Promise<string> => {
    const { body } = await postCustomerMessage(t.server.url, 'site', apiSecret, {
      id: `${contact}-${text}`,
      contact: { id: contact },
      text,
    });
    return body.conversationId as string;
  };

  beforeAll(async () => {
    hook = new WebhookReceiver();
    await hook.start();
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 1 });
    await t.admin.admin.createOperator.mutate({
      login: 'sup',
      name: 'Sveta',
      password: 'sup-password',
      role: 'supervisor',
      capacity: 0,
    });
    ({ secret: apiSecret } = await t.admin.admin.createChannel.mutate({
      id: 'site',
      name: 'Site',
      queueId: 'general',
      settings: { webhookUrl: await hook.url },
    }));
    await t.admin.admin.createChannel.mutate({
      id: 'widget',
      name: 'Widget',
      queueId: 'general',
      adapter: 'webchat',
      lang: 'en',
    });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    supConsole = await OperatorSession.connect(t.server, 'sup', 'sup-password');
    supDesk = await OperatorSession.connect(t.server, 'sup', 'sup-password', { subscribe: 'supervisor' });
  });

  afterAll(async () => {
    await olga.close();
    await supConsole.close();
    await supDesk.close();
    await t.close();
    await hook.close();
  });

  it('follows an open dialog live: its transcript, then each message, note, whisper and delivery state', async () => {
    const id = await customerWrites('where is my order?');
    await olga.waitFor(isAssigned(id));
    const listenersBefore = t.server.desk.ctx.bus.listenerCount();
    const follow = new Follow(supDesk, id);
    const first = await follow.first();
    expect(first.conversation).toMatchObject({ id, operatorId: olga.operatorId, status: 'assigned' });
    expect(first.messages?.map((m) => m.text)).toContain('where is my order?');

    await postCustomerMessage(t.server.url, 'site', apiSecret, {
      id: `${contacts}-again`,
      contact: { id: `c${contacts}` },
      text: 'hello?',
    });
    const reply = await olga.api.operator.send.mutate({
      conversationId: id,
      clientId: 'reply-000001',
      text: 'on its way',
    });
    await olga.api.operator.send.mutate({
      conversationId: id,
      clientId: 'note-0000001',
      text: 'check stock',
      private: true,
    });
    await supDesk.api.supervisor.whisper.mutate({
      conversationId: id,
      clientId: 'whisper-00001',
      text: 'offer a coupon',
    });
    const delivered = await follow.waitFor(
      (e) => e.type === 'message.delivery' && e.messageId === reply.id && e.delivery.status === 'sent',
    );
    expect(delivered.type).toBe('message.delivery');
    const seen = follow.events.flatMap((e) =>
      e.type === 'message.created'
        ? [`${e.message.whisper ? 'whisper' : e.message.private ? 'note' : e.message.author.type}:${e.message.text}`]
        : [],
    );
    expect(seen).toEqual(['customer:hello?', 'operator:on its way', 'note:check stock', 'whisper:offer a coupon']);
    // Events about other dialogs stay out of this follow.
    const other = await customerWrites('another customer');
    await supDesk.waitFor(isMessage('another customer'));
    expect(follow.events.some((e) => e.type === 'message.created' && e.message.conversationId === other)).toBe(false);

    // Closing the view stops the follow on the server too.
    follow.close();
    await expect.poll(() => t.server.desk.ctx.bus.listenerCount()).toBe(listenersBefore);
    await olga.api.operator.resolve.mutate({ conversationId: id });
    await olga.waitFor(isAssigned(other));
    await olga.api.operator.resolve.mutate({ conversationId: other });
  });

  it('refuses to follow a dialog that is not open, with a reason', async () => {
    const follow = new Follow(supDesk, 'no-such-dialog');
    await expect(follow.first()).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });

  it('keeps a whisper from the customer: the outbox sends the replies around it, never the whisper', async () => {
    const id = await customerWrites('a question');
    await olga.waitFor(isAssigned(id));
    const whisper = await supDesk.api.supervisor.whisper.mutate({
      conversationId: id,
      clientId: 'whisper-00002',
      text: 'psst: be nice',
    });
    expect(whisper).toMatchObject({ private: true, whisper: true, author: { type: 'operator', name: 'Sveta' } });
    expect(whisper.delivery).toBeUndefined();
    // The operator sees it in their feed and transcript, marked as a whisper.
    const told = await olga.waitFor(isMessage('psst: be nice'));
    expect(told.type === 'message.created' && told.message.whisper).toBe(true);
    const transcript = await olga.api.operator.messages.query({ conversationId: id });
    expect(transcript.find((m) => m.id === whisper.id)).toMatchObject({ whisper: true, private: true });
    // A retry with the same client id returns the stored whisper, and stores no second one.
    const again = await supDesk.api.supervisor.whisper.mutate({
      conversationId: id,
      clientId: 'whisper-00002',
      text: 'psst: be nice',
    });
    expect(again.id).toBe(whisper.id);
    // The outbox delivers a conversation's messages in order: once the reply after the whisper is
    // through, the whisper would have been before it.
    const reply = await olga.api.operator.send.mutate({ conversationId: id, clientId: 'reply-000002', text: 'sure!' });
    await hook.waitFor((d) => d.payload.message.id === reply.id);
    expect(hook.attempts).not.toContain(whisper.id);
    expect(hook.deliveries.some((d) => d.rawBody.includes('psst'))).toBe(false);
    await olga.api.operator.resolve.mutate({ conversationId: id });
  });

  it('keeps a whisper from a web chat visitor, live and in the history a reload replays', async () => {
    const visitor = await WebchatVisitor.open(t.server.wsUrl, 'widget');
    try {
      const welcome = await visitor.hello();
      const ack = await visitor.say('v1', 'hi from the site');
      const id = ack.type === 'ack' ? ack.conversationId : '';
      await olga.waitFor(isAssigned(id));
      await supDesk.api.supervisor.whisper.mutate({
        conversationId: id,
        clientId: 'whisper-00003',
        text: 'secret tip',
      });
      await olga.api.operator.send.mutate({ conversationId: id, clientId: 'reply-000003', text: 'hello visitor' });
      await visitor.waitFor((f) => f.type === 'message' && f.message.text === 'hello visitor');
      expect(JSON.stringify(visitor.frames)).not.toContain('secret tip');
      const reloaded = await WebchatVisitor.open(t.server.wsUrl, 'widget');
      try {
        const replay = await reloaded.hello({ visitorToken: welcome.visitorToken });
        expect(replay.history.map((m) => m.text)).toContain('hello visitor');
        expect(JSON.stringify(replay)).not.toContain('secret tip');
      } finally {
        reloaded.close();
      }
      await olga.api.operator.resolve.mutate({ conversationId: id });
    } finally {
      visitor.close();
    }
  });

  it('takes a dialog over: it moves to the supervisor, the operator is told, the customer is not', async () => {
    const id = await customerWrites('I want a manager');
    await olga.waitFor(isAssigned(id));
    const waiting = await customerWrites('me too, later');
    const taken = await supDesk.api.supervisor.takeOver.mutate({ conversationId: id });
    expect(taken).toMatchObject({ id, operatorId: supDesk.operatorId, status: 'assigned' });

    // The operator is told who took it, and it leaves their list.
    const removed = await olga.waitFor((e) => e.type === 'conversation.removed' && e.conversationId === id);
    expect(removed).toMatchObject({ reason: 'taken-over', byName: 'Sveta' });
    expect((await olga.api.operator.snapshot.query()).conversations.map((c) => c.id)).not.toContain(id);
    // Her freed room goes to whoever waited.
    await olga.waitFor(isAssigned(waiting));
    // The supervisor's console gets it; supervisors see the take-over in their feed.
    await supConsole.waitFor(isAssigned(id));
    const feed = await supDesk.waitFor((e) => e.type === 'conversation.takenOver' && e.conversationId === id);
    expect(feed).toMatchObject({ fromOperatorId: olga.operatorId, operatorId: supDesk.operatorId });

    // The supervisor answers from their console; the customer hears no second "operator joined".
    const answer = await supConsole.api.operator.send.mutate({
      conversationId: id,
      clientId: 'reply-000004',
      text: 'I am the manager',
    });
    await hook.waitFor((d) => d.payload.message.id === answer.id);
    const toCustomer = hook.deliveries
      .filter((d) => d.payload.conversationId === id)
      .map((d) => d.payload.message.text);
    expect(toCustomer.at(-1)).toBe('I am the manager');
    const transcript = await supConsole.api.operator.messages.query({ conversationId: id });
    expect(transcript.filter((m) => m.notice === 'operatorJoined')).toHaveLength(1);
    expect(transcript.find((m) => m.private && m.text.includes('took this dialog over'))?.text).toBe(
      'Sveta took this dialog over from Olga',
    );
    // Taking one's own dialog again is refused, and changes nothing.
    await expect(supDesk.api.supervisor.takeOver.mutate({ conversationId: id })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
    });
    await supConsole.api.operator.resolve.mutate({ conversationId: id });
    await olga.api.operator.resolve.mutate({ conversationId: waiting });
  });
});
