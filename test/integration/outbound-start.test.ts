// Conversations the desk starts (issue 16) on the API channel and web chat, on both stores: the
// operator's first message goes out once through the webhook, the customer's reply lands in the
// same conversation with the operator who started it, a retry with the same clientId starts
// nothing new, web chat refuses, the start rate per channel answers TOO_MANY_REQUESTS, and the
// report counts the conversation as outbound.
import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/api/router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';
import { WebhookReceiver } from '../helpers/webhook-receiver';

describe.each(['sqlite', 'postgres'] as const)('starting conversations on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let hook: WebhookReceiver;
  let olga: OperatorSession;
  let secret: string;

  beforeEach(async () => {
    hook = new WebhookReceiver();
    const webhookUrl = await hook.start();
    t = await startTestServer({ store, outboundRatePerSec: 0.01, outboundBurst: 3 });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
    await t.admin.admin.createOperator.mutate({ login: 'ivan', name: 'Ivan', password: 'ivan-password' });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'shop',
      name: 'Shop API',
      queueId: 'general',
      settings: { webhookUrl },
      lang: 'en',
    }));
    await t.admin.admin.createChannel.mutate({
      id: 'site',
      name: 'Site chat',
      queueId: 'general',
      adapter: 'webchat',
      lang: 'en',
    });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterEach(async () => {
    await olga.close();
    await t.close();
    await hook.close();
  });

  it('the first message goes out once; the reply lands in the same conversation, with Olga', async () => {
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { address: 'crm-4711' },
      clientId: 'start-one-1',
      text: 'Your order 4711 has shipped. Any questions?',
    });
    expect(started.conversation).toMatchObject({
      contactId: 'crm-4711',
      status: 'assigned',
      operatorId: olga.operatorId,
      direction: 'outbound',
      firstResponseAt: null,
    });
    const conversationId = started.conversation.id;
    await olga.waitFor(isAssigned(conversationId));
    const delivered = await hook.waitFor((d) => d.payload.message.id === started.message.id);
    expect(delivered.payload).toMatchObject({
      contact: { id: 'crm-4711' },
      message: { text: 'Your order 4711 has shipped. Any questions?', author: { type: 'operator' } },
    });

    // A retry after a dropped answer gets the same conversation and message back.
    const again = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { address: 'crm-4711' },
      clientId: 'start-one-1',
      text: 'Your order 4711 has shipped. Any questions?',
    });
    expect(again.message.id).toBe(started.message.id);
    expect(again.conversation.id).toBe(conversationId);

    const reply = await postCustomerMessage(t.server.url, 'shop', secret, {
      id: 'crm-msg-1',
      contact: { id: 'crm-4711' },
      text: 'When will it arrive?',
    });
    expect(reply).toMatchObject({ status: 202, body: { conversationId } });
    await olga.waitFor(isMessage('When will it arrive?'));
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.filter((c) => c.contactId === 'crm-4711')).toEqual([
      expect.objectContaining({ id: conversationId, operatorId: olga.operatorId, status: 'assigned' }),
    ]);
    // The operator's message went to the webhook once, and no bot notice went before it.
    const operatorDeliveries = hook.deliveries.filter((d) => d.payload.message.author.type === 'operator');
    expect(operatorDeliveries.map((d) => d.payload.message.id)).toEqual([started.message.id]);
    const texts = (await olga.api.operator.messages.query({ conversationId })).map(
      (m) => `${m.author.type}: ${m.text}`,
    );
    expect(texts).toEqual(['operator: Your order 4711 has shipped. Any questions?', 'customer: When will it arrive?']);
  });

  it('resolved before the reply: the reply reopens it back to Olga', async () => {
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { address: 'crm-9' },
      clientId: 'start-two-2',
      text: 'How did we do?',
    });
    await olga.api.operator.resolve.mutate({ conversationId: started.conversation.id });
    // Ivan is online and idle; Olga is the one the customer was talking to.
    const ivan = await OperatorSession.connect(t.server, 'ivan', 'ivan-password');
    try {
      await postCustomerMessage(t.server.url, 'shop', secret, {
        id: 'crm-msg-9',
        contact: { id: 'crm-9' },
        text: 'Great, thanks',
      });
      await olga.waitFor(isMessage('Great, thanks'));
      const { conversations } = await olga.api.operator.snapshot.query();
      expect(conversations).toEqual([
        expect.objectContaining({ id: started.conversation.id, operatorId: olga.operatorId, status: 'assigned' }),
      ]);
    } finally {
      await ivan.close();
    }
  });

  it('a known customer by id; web chat, unknown channels and bad input are refused, changing nothing', async () => {
    const first = await postCustomerMessage(t.server.url, 'shop', secret, {
      id: 'm-anna',
      contact: { id: 'anna-1', name: 'Anna' },
      text: 'hi',
    });
    const { conversations } = await olga.api.operator.snapshot.query();
    const earlier = conversations.find((c) => c.id === first.body.conversationId)!;
    await olga.api.operator.resolve.mutate({ conversationId: earlier.id });
    const byCustomer = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { customerId: earlier.customerId },
      clientId: 'start-anna-1',
      text: 'One more thing about your order',
    });
    expect(byCustomer.conversation).toMatchObject({ contactId: 'anna-1', customerName: 'Anna' });
    expect(byCustomer.conversation.id).not.toBe(earlier.id);

    const refused = olga.api.operator.startConversation.mutate({
      channelId: 'site',
      to: { address: 'visitor-1' },
      clientId: 'start-web-1',
      text: 'hello',
    });
    await expect(refused).rejects.toThrow(/webchat channel cannot start a conversation/);
    expect(await codeOf(refused)).toBe('BAD_REQUEST');
    const open = await olga.api.operator.startConversation
      .mutate({ channelId: 'shop', to: { address: 'anna-1' }, clientId: 'start-anna-2', text: 'again' })
      .catch((e: unknown) => e);
    expect(open).toBeInstanceOf(TRPCClientError);
    expect((open as TRPCClientError<AppRouter>).data?.code).toBe('CONFLICT');
    expect(
      await codeOf(
        olga.api.operator.startConversation.mutate({
          channelId: 'nowhere',
          to: { address: 'x' },
          clientId: 'start-none-1',
          text: 'hi',
        }),
      ),
    ).toBe('NOT_FOUND');
    for (const input of [
      { channelId: 'shop', to: { address: 'a' }, clientId: 'start-bad-1' },
      { channelId: 'shop', to: { address: '  ' }, clientId: 'start-bad-2', text: 'x' },
      { channelId: 'shop', to: { address: 'a', customerId: 'c' }, clientId: 'start-bad-3', text: 'x' },
      { channelId: 'shop', to: { address: 'a' }, clientId: 'start-bad-4', text: 'x', template: { name: 't' } },
      { channelId: 'shop', to: 'a', clientId: 'start-bad-5', text: 'x' },
      { channelId: 'shop', to: { address: 'a' }, clientId: 'short', text: 'x' },
      { channelId: 'shop', to: { address: 'a' }, clientId: 'start-bad-7', text: 'x'.repeat(20_000) },
    ]) {
      expect(await codeOf(olga.api.operator.startConversation.mutate(input as never))).toBe('BAD_REQUEST');
    }
    const after = await olga.api.operator.snapshot.query();
    expect(after.conversations.map((c) => c.id)).toEqual([byCustomer.conversation.id]);
  });

  it('the start rate per channel: past the burst, TOO_MANY_REQUESTS; a refused start costs nothing', async () => {
    const start = (n: number) =>
      olga.api.operator.startConversation.mutate({
        channelId: 'shop',
        to: { address: `rate-${n}` },
        clientId: `start-rate-${n}`,
        text: 'Hello',
      });
    // Bad input first: refused before the rate is asked.
    await codeOf(
      olga.api.operator.startConversation.mutate({
        channelId: 'site',
        to: { address: 'v' },
        clientId: 'start-rate-x',
        text: 'a',
      }),
    );
    for (const n of [1, 2, 3]) await start(n);
    const over = start(4);
    await expect(over).rejects.toThrow(/channel shop starts at most 0\.01 conversation\(s\) a second/);
    expect(await codeOf(start(5))).toBe('TOO_MANY_REQUESTS');
    expect((await olga.api.operator.snapshot.query()).conversations).toHaveLength(3);
  });

  it('POST /channels/api/outbound: admins only, garbage refused, the conversation goes to the queue or an operator', async () => {
    const post = (body: unknown, token?: string) =>
      fetch(`${t.server.url}/channels/api/outbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const good = { channelId: 'shop', to: { address: 'crm-77' }, clientId: 'http-start-1', text: 'Order confirmed' };
    expect((await post(good)).status).toBe(401);
    expect((await post(good, 'not-a-session-token')).status).toBe(401);
    expect(await post(good, olga.token)).toMatchObject({
      status: 403,
      body: { error: 'admins only: log in as an admin' },
    });
    const admin = await t.admin.auth.login.mutate({ login: 'admin', password: ADMIN_PASSWORD });
    for (const garbage of [
      '{',
      '[]',
      'null',
      '"text"',
      { ...good, extra: 1 },
      { ...good, channelId: 7 },
      { ...good, to: {} },
    ]) {
      const answer = await post(garbage, admin.token);
      expect(answer.status, JSON.stringify(garbage)).toBe(400);
    }
    expect((await post('x'.repeat(2_000_000), admin.token)).status).toBe(413);
    expect((await olga.api.operator.snapshot.query()).conversations).toHaveLength(0);

    const queued = await post(good, admin.token);
    expect(queued).toMatchObject({ status: 201, body: { contactId: 'crm-77' } });
    // Olga is online with room: the queue hands it to her at once.
    expect(queued.body.operatorId).toBe(olga.operatorId);
    const retry = await post(good, admin.token);
    expect(retry.body.conversationId).toBe(queued.body.conversationId);
    await hook.waitFor((d) => d.payload.message.id === queued.body.messageId);

    const ivan = await OperatorSession.connect(t.server, 'ivan', 'ivan-password');
    try {
      const toIvan = await post(
        { ...good, to: { address: 'crm-78' }, clientId: 'http-start-2', operatorId: ivan.operatorId },
        admin.token,
      );
      expect(toIvan).toMatchObject({ status: 201, body: { operatorId: ivan.operatorId, status: 'assigned' } });
      await ivan.waitFor(isAssigned(toIvan.body.conversationId as string));
      expect((await post({ ...good, to: { address: 'crm-79' }, clientId: 'http-start-3' }, admin.token)).status).toBe(
        201,
      );
      // The burst of 3 is spent.
      const limited = await post({ ...good, to: { address: 'crm-80' }, clientId: 'http-start-4' }, admin.token);
      expect(limited.status).toBe(429);
      expect(String(limited.body.error)).toMatch(/retry in \d+ s/);
    } finally {
      await ivan.close();
    }

    const report = await t.admin.supervisor.report.query({
      from: Date.now() - 3_600_000,
      to: Date.now() + 60_000,
      by: 'channel',
    });
    expect(report.rows).toEqual([
      expect.objectContaining({ key: 'shop', conversations: 3, outbound: 3, abandoned: 0 }),
    ]);
  });
});
