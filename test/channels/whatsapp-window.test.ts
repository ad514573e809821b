// WhatsApp's 24-hour customer-service window (issue 16): past 24 hours since the customer's last
// message the desk refuses free text before storing it, and sends only the channel's approved
// templates, checked for their name and parameters, as Cloud API template messages.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import type { AppRouter } from '../../server/api/router';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { OperatorSession } from '../helpers/operator-session';
import { CUSTOMER, TEMPLATES, startWhatsAppDesk, type WhatsAppDesk } from '../helpers/whatsapp-desk';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 30, 9);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let wa: WhatsAppDesk;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock(START);
    wa = await startWhatsAppDesk({ store }, clock);
  });

  afterEach(async () => {
    await wa.close();
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(TRPCClientError);
        return error as TRPCClientError<AppRouter>;
      },
    );

  async function operatorMessages(conversationId: string) {
    const transcript = await wa.olga.api.operator.messages.query({ conversationId });
    return transcript.filter((m) => m.author.type === 'operator');
  }

  const sentAs = async (messageId: string) => {
    const event = await wa.olga.waitFor(
      (e: DeskEventEnvelope) =>
        e.type === 'message.delivery' && e.messageId === messageId && e.delivery.status === 'sent',
    );
    return event.type === 'message.delivery' ? event.delivery.providerId! : '';
  };

  it('tells the console how long the window has left, and lists the channel’s templates', async () => {
    const { conversationId } = await wa.customerWrites('Здравствуйте');
    clock.advance(2 * HOUR);
    expect(await wa.olga.api.operator.replyWindow.query({ conversationId })).toEqual({
      windowMs: 24 * HOUR,
      closesAt: START + 24 * HOUR,
      now: START + 2 * HOUR,
      templates: TEMPLATES,
      limits: { maxText: 4096, partLength: null, smsParts: false, files: true },
    });
    // The customer writing again opens it anew.
    await wa.fake.customerText(CUSTOMER, 'Ещё вопрос');
    await wa.olga.waitFor((e) => e.type === 'message.created' && e.message.text === 'Ещё вопрос');
    expect((await wa.olga.api.operator.replyWindow.query({ conversationId })).closesAt).toBe(START + 26 * HOUR);
  });

  it('refuses free text and files 25 hours after the customer wrote, storing nothing', async () => {
    const { conversationId } = await wa.customerWrites('Мой заказ не пришёл');
    clock.advance(23 * HOUR);
    const inTime = await wa.olga.api.operator.send.mutate({ conversationId, clientId: 'in-time-1', text: 'Проверяю' });
    await sentAs(inTime.id);
    clock.advance(2 * HOUR);
    const error = await refusal(
      wa.olga.api.operator.send.mutate({ conversationId, clientId: 'late-text-1', text: 'Простите за задержку' }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'the 24-hour whatsapp reply window closed at 2026-12-01T09:00:00.000Z: send one of the channel’s approved templates (/template in the console)',
    );
    const upload = await wa.olga.api.operator.upload.mutate({
      name: 'note.txt',
      data: Buffer.from('hi').toString('base64'),
    });
    await refusal(
      wa.olga.api.operator.send.mutate({ conversationId, clientId: 'late-file-1', attachments: [upload.file!.ref] }),
    );
    expect((await operatorMessages(conversationId)).map((m) => m.text)).toEqual(['Проверяю']);
    expect(wa.fake.attempts).not.toContain('Простите за задержку');
    // A private note answers nobody: the window does not apply.
    await wa.olga.api.operator.send.mutate({
      conversationId,
      clientId: 'late-note-1',
      text: 'позвонить',
      private: true,
    });
  });

  it('sends an approved template with its parameters once the window closed', async () => {
    const { conversationId } = await wa.customerWrites('Когда будет готово?');
    clock.advance(25 * HOUR);
    const sent = await wa.olga.api.operator.send.mutate({
      conversationId,
      clientId: 'template-1',
      template: { name: 'order_ready', params: ['Анна', '№4521'] },
    });
    expect(sent.text).toBe('Здравствуйте, Анна! Ваш заказ №4521 готов к выдаче.');
    const wamid = await sentAs(sent.id);
    const delivered = wa.fake.sent.find((m) => m.wamid === wamid)!;
    expect(delivered.type).toBe('template');
    expect(delivered.body.template).toEqual({
      name: 'order_ready',
      language: { code: 'ru' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Анна' },
            { type: 'text', text: '№4521' },
          ],
        },
      ],
    });
    // A template without parameters goes without components.
    const plain = await wa.olga.api.operator.send.mutate({
      conversationId,
      clientId: 'template-2',
      template: { name: 'follow_up', params: [] },
    });
    const plainId = await sentAs(plain.id);
    expect(wa.fake.sent.find((m) => m.wamid === plainId)!.body.template).toEqual({
      name: 'follow_up',
      language: { code: 'ru' },
    });
  });

  it('refuses an unknown template, the wrong parameter count, or a template with text, storing nothing', async () => {
    const { conversationId } = await wa.customerWrites('Алло');
    clock.advance(25 * HOUR);
    const send = (clientId: string, input: object) =>
      refusal(wa.olga.api.operator.send.mutate({ conversationId, clientId, ...input }));
    expect((await send('bad-tpl-1', { template: { name: 'no_such', params: [] } })).message).toBe(
      'channel wa has no approved template "no_such": it has order_ready, follow_up',
    );
    expect((await send('bad-tpl-2', { template: { name: 'order_ready', params: ['Анна'] } })).message).toBe(
      'template "order_ready" takes 2 parameter(s), not 1: give one for each {{n}}',
    );
    expect((await send('bad-tpl-3', { template: { name: 'order_ready', params: ['Анна', 'a\nb'] } })).data?.code).toBe(
      'BAD_REQUEST',
    );
    expect((await send('bad-tpl-4', { text: 'и ещё', template: { name: 'follow_up', params: [] } })).data?.code).toBe(
      'BAD_REQUEST',
    );
    expect(await operatorMessages(conversationId)).toEqual([]);
  });

  it('answers the window only to the operator holding the dialog, or a supervisor', async () => {
    const { conversationId } = await wa.customerWrites('Добрый день');
    await wa.t.admin.admin.createOperator.mutate({ login: 'ivan', name: 'Ivan', password: 'ivan-password' });
    const ivan = await OperatorSession.connect(wa.t.server, 'ivan', 'ivan-password', { subscribe: false });
    try {
      const error = await refusal(ivan.api.operator.replyWindow.query({ conversationId }));
      expect(error.data?.code).toBe('FORBIDDEN');
    } finally {
      await ivan.close();
    }
    const admin = await OperatorSession.connect(wa.t.server, 'admin', 'admin-password-1', { subscribe: false });
    try {
      expect((await admin.api.operator.replyWindow.query({ conversationId })).closesAt).toBe(START + 24 * HOUR);
    } finally {
      await admin.close();
    }
  });
});
