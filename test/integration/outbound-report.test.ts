// The report's first-response time for a conversation the desk started (issue 16), on both
// stores: the clock starts at the customer's first message, not at the start, so a reply the
// customer sends two hours after an order confirmation and Olga answers in 40 s counts 40 s — and
// a follow-up Olga sent before the customer wrote answers nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { postCustomerMessage } from '../helpers/customer';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const T0 = Date.UTC(2026, 10, 30, 9);
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let hook: WebhookReceiver;
  let olga: OperatorSession;
  let secret: string;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    hook = new WebhookReceiver();
    const webhookUrl = await hook.start();
    t = await startTestServer({ store }, clock);
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
    ({ secret } = await t.admin.admin.createChannel.mutate({
      id: 'shop',
      name: 'Shop API',
      queueId: 'general',
      settings: { webhookUrl },
      lang: 'en',
      slaFirstResponseMs: MIN,
    }));
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterEach(async () => {
    await olga.close();
    await t.close();
    await hook.close();
  });

  it('counts the first response from the customer’s first message', async () => {
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { address: 'crm-4711' },
      clientId: 'start-report-1',
      text: 'Your order 4711 has shipped.',
    });
    const conversationId = started.conversation.id;
    clock.advance(5 * MIN);
    await olga.api.operator.send.mutate({ conversationId, clientId: 'follow-up-1', text: 'Tracking: RU123' });
    clock.advance(2 * HOUR);
    const reply = await postCustomerMessage(t.server.url, 'shop', secret, {
      id: 'crm-msg-1',
      contact: { id: 'crm-4711' },
      text: 'It has not arrived',
    });
    expect(reply.status).toBe(202);
    await olga.waitFor(isMessage('It has not arrived'));
    clock.advance(40 * SEC);
    await olga.api.operator.send.mutate({ conversationId, clientId: 'answer-1', text: 'Let me check' });

    const report = await t.admin.supervisor.report.query({ from: T0 - HOUR, to: T0 + 4 * HOUR });
    expect(report.total).toMatchObject({
      conversations: 1,
      outbound: 1,
      answered: 1,
      answeredWithinTarget: 1,
      avgFirstResponseMs: 40 * SEC,
      p90FirstResponseMs: 40 * SEC,
      abandoned: 0,
    });
  });

  it('a started conversation the customer never answered has no first response', async () => {
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'shop',
      to: { address: 'crm-4712' },
      clientId: 'start-report-2',
      text: 'Your order 4712 has shipped.',
    });
    clock.advance(5 * MIN);
    await olga.api.operator.send.mutate({
      conversationId: started.conversation.id,
      clientId: 'follow-up-2',
      text: 'Tracking: RU124',
    });
    const report = await t.admin.supervisor.report.query({ from: T0 - HOUR, to: T0 + HOUR });
    expect(report.total).toMatchObject({ outbound: 1, answered: 0, avgFirstResponseMs: null, abandoned: 0 });
  });
});
