// A provider's later reports on a message it took (issue 16: delivered, read, failed) move the
// message's delivery forward, are stored, and reach the operator's console as message.delivery
// events. Reports repeat and reorder at real providers: a repeat or an older status changes
// nothing, and a report that beats the outbox's own record of the provider's id is kept for it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EARLY_REPORT_TTL_MS } from '../../server/desk/housekeeping';
import { ManualClock } from '../../server/domain/clock';
import type { DeskEventEnvelope, MessageDelivery } from '../../shared/schemas';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startLoopbackDesk, type LoopbackDesk } from '../helpers/loopback-desk';
import { startTestServer, type TestServer } from '../helpers/server';
import type { LoopbackMessenger } from '../providers/loopback-messenger';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: LoopbackDesk;
  let t: TestServer;
  let messenger: LoopbackMessenger;
  let olga: OperatorSession;

  beforeEach(async () => {
    desk = await startLoopbackDesk(store);
    ({ t, messenger, olga } = desk);
  });

  afterEach(() => desk.close());

  async function conversation(): Promise<string> {
    const response = await fetch(`${t.server.url}/channels/loopback/bot/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ update_id: 1, chat: 'chat-1', text: 'Здравствуйте' }),
    });
    const { conversationId } = (await response.json()) as { conversationId: string };
    await olga.waitFor(isAssigned(conversationId));
    return conversationId;
  }

  const report = async (message_id: string, status: string, description?: string) => {
    const response = await fetch(`${t.server.url}/channels/loopback/bot/statuses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message_id, status, description }),
    });
    return ((await response.json()) as { outcome: string }).outcome;
  };

  const deliveryOf = (messageId: string, status: MessageDelivery['status']) => (e: DeskEventEnvelope) =>
    e.type === 'message.delivery' && e.messageId === messageId && e.delivery.status === status;

  const deliveries = (messageId: string) =>
    olga.events.flatMap((e) => (e.type === 'message.delivery' && e.messageId === messageId ? [e.delivery.status] : []));

  async function stored(conversationId: string, messageId: string) {
    const transcript = await olga.api.operator.messages.query({ conversationId });
    return transcript.find((m) => m.id === messageId)?.delivery;
  }

  it('moves a message forward through sent, delivered and read, each told to the operator once', async () => {
    const conversationId = await conversation();
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-one', text: 'Добрый день!' });
    const event = await olga.waitFor(deliveryOf(sent.id, 'sent'));
    const providerId = event.type === 'message.delivery' ? event.delivery.providerId! : '';
    expect(messenger.sent.find((m) => m.text === 'Добрый день!')?.messageId).toBe(providerId);

    expect(await report(providerId, 'delivered')).toBe('applied');
    await olga.waitFor(deliveryOf(sent.id, 'delivered'));
    expect(await report(providerId, 'delivered')).toBe('unchanged');
    expect(await report(providerId, 'read')).toBe('applied');
    await olga.waitFor(deliveryOf(sent.id, 'read'));
    // Late and out of order: a delivered after read, a failure after delivery.
    expect(await report(providerId, 'delivered')).toBe('unchanged');
    expect(await report(providerId, 'failed', 'expired')).toBe('unchanged');
    expect(deliveries(sent.id)).toEqual(['sent', 'delivered', 'read']);

    await olga.close();
    await t.restart();
    olga = desk.olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    expect(await stored(conversationId, sent.id)).toEqual({ status: 'read', providerId, error: null });
  });

  it('marks a message the provider failed after taking it, with the provider’s reason', async () => {
    const conversationId = await conversation();
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-two', text: 'later' });
    const event = await olga.waitFor(deliveryOf(sent.id, 'sent'));
    const providerId = event.type === 'message.delivery' ? event.delivery.providerId! : '';
    expect(await report(providerId, 'failed', 'number unreachable')).toBe('applied');
    await olga.waitFor(deliveryOf(sent.id, 'failed'));
    expect(await stored(conversationId, sent.id)).toEqual({
      status: 'failed',
      providerId,
      error: 'number unreachable',
    });
  });

  it('keeps a report that arrives before the outbox recorded the provider’s id, and applies it then', async () => {
    const conversationId = await conversation();
    // The greeting has gone out already; the next message sent gets this id from the messenger.
    await olga.waitFor((e) => e.type === 'message.delivery' && e.delivery.status === 'sent');
    const upcoming = String(messenger.nextId);
    expect(await report(upcoming, 'delivered')).toBe('early');
    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-three',
      text: 'fast provider',
    });
    await olga.waitFor(deliveryOf(sent.id, 'delivered'));
    expect(await stored(conversationId, sent.id)).toEqual({ status: 'delivered', providerId: upcoming, error: null });
    // Used once: the kept report is gone, so a repeat now is an ordinary repeat.
    expect(await report(upcoming, 'delivered')).toBe('unchanged');
  });

  it('sends a failed message again when its operator asks, and only a failed one, only hers', async () => {
    const conversationId = await conversation();
    // The bot's greeting and "operator joined" go out first, while the chat still exists.
    await expect
      .poll(async () =>
        (await olga.api.operator.messages.query({ conversationId })).map((m) => m.delivery?.status ?? 'none'),
      )
      .toEqual(['none', 'sent', 'sent']);
    messenger.unknownChats.add('chat-1');
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-retry', text: 'ещё раз' });
    await olga.waitFor(deliveryOf(sent.id, 'failed'));
    messenger.unknownChats.clear();

    await t.admin.admin.createOperator.mutate({ login: 'ivan', name: 'Ivan', password: 'ivan-password' });
    const ivan = await OperatorSession.connect(t.server, 'ivan', 'ivan-password');
    await expect(ivan.api.operator.retryDelivery.mutate({ conversationId, messageId: sent.id })).rejects.toThrow(
      /not assigned to you/,
    );
    await ivan.close();
    const greeting = (await olga.api.operator.messages.query({ conversationId })).find((m) => m.author.type === 'bot')!;
    await expect(olga.api.operator.retryDelivery.mutate({ conversationId, messageId: greeting.id })).rejects.toThrow(
      /has not failed/,
    );
    expect(messenger.sent.filter((m) => m.text === 'ещё раз')).toHaveLength(0);

    await olga.api.operator.retryDelivery.mutate({ conversationId, messageId: sent.id });
    await olga.waitFor(deliveryOf(sent.id, 'pending'));
    await olga.waitFor(deliveryOf(sent.id, 'sent'));
    expect(messenger.sent.filter((m) => m.text === 'ещё раз')).toHaveLength(1);
    expect((await stored(conversationId, sent.id))?.status).toBe('sent');
  });
});

describe.each(['sqlite', 'postgres'] as const)('reports before their message, on %s', (store) => {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9));
  let t: TestServer;

  beforeEach(async () => {
    t = await startTestServer({ store }, clock);
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
  });
  afterEach(() => t.close());

  const early = (providerId: string, status: 'delivered' | 'read' | 'failed') =>
    t.server.desk.deliveries.report({ id: 'site' }, { providerId, status });
  const kept = (providerId: string) =>
    t.server.desk.ctx.store.get(t.server.desk.ctx.store.q.earlyReport, { channel_id: 'site', provider_id: providerId });

  it('keeps the furthest of them, and forgets them after a day of no message', async () => {
    expect(await early('p-1', 'read')).toBe('early');
    expect(await early('p-1', 'delivered')).toBe('early');
    expect((await kept('p-1'))?.status).toBe('read');
    expect(await early('p-2', 'delivered')).toBe('early');

    clock.advance(EARLY_REPORT_TTL_MS - 1);
    await t.server.desk.housekeeping.sweep();
    expect(await kept('p-1')).toMatchObject({ status: 'read' });
    clock.advance(2);
    await t.server.desk.housekeeping.sweep();
    expect(await kept('p-1')).toBeUndefined();
    expect(await kept('p-2')).toBeUndefined();
  });
});
