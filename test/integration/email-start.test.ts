// Starting an e-mail conversation end to end (issue 16), with real parts only: Olga's /new
// (operator.startConversation) sends a first letter through the outbox to a real SMTP relay (an
// smtp-server sink on loopback) with a subject of its own and our Message-ID; the customer's
// answer, sent by nodemailer into textdesk's SMTP listener to the channel's plain address with
// only In-Reply-To to go by, lands in the same conversation with Olga; her answer threads under it.
import type { Transporter } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { startMailDesk, type MailDesk, type RelaySink } from '../helpers/mail-desk';

describe.each(['sqlite', 'postgres'] as const)('e-mail start on %s', { timeout: 30_000 }, (store) => {
  let desk: MailDesk;
  let relay: RelaySink;
  let olga: OperatorSession;
  let customer: Transporter;

  beforeEach(async () => {
    desk = await startMailDesk(store);
    ({ relay, olga, customer } = desk);
  });

  afterEach(() => desk.close());

  it('the first letter has a subject and Message-ID; the answer to it comes back to Olga', async () => {
    const started = await olga.api.operator.startConversation.mutate({
      channelId: 'mail',
      to: { address: 'Ivan@Example.ru' },
      clientId: 'start-mail-1',
      text: 'Ваш заказ 17 отправлен, трек RU123456789.\nОтветьте на это письмо, если что-то не так.',
    });
    const conversationId = started.conversation.id;
    expect(started.conversation).toMatchObject({ direction: 'outbound', operatorId: olga.operatorId });
    const first = await relay.withText(
      'Ваш заказ 17 отправлен, трек RU123456789.\nОтветьте на это письмо, если что-то не так.',
    );
    expect(first.subject).toBe(`Ваш заказ 17 отправлен, трек RU123456789. [#${conversationId}]`);
    expect(first.messageId).toBe(`<textdesk.${conversationId}.${started.message.id}@shop.ru>`);
    expect(first.inReplyTo).toBeNull();
    expect(first.recipients).toEqual(['ivan@example.ru']);

    // Olga adds a line before Ivan answers: it answers her first letter, in the same thread.
    await olga.api.operator.send.mutate({ conversationId, clientId: 'follow-up-1', text: 'Доставка 2–3 дня.' });
    const followUp = await relay.withText('Доставка 2–3 дня.');
    expect(followUp.subject).toBe(`Re: ${first.subject}`);
    expect(followUp.inReplyTo).toBe(first.messageId);

    // To the plain address, and a subject of his own: only In-Reply-To says which conversation.
    await customer.sendMail({
      from: 'Иван <ivan@example.ru>',
      to: 'support@shop.ru',
      subject: 'посылка',
      messageId: '<answer-1@example.ru>',
      inReplyTo: first.messageId!,
      references: [first.messageId!],
      text: 'Трек не находится на сайте почты.',
    });
    await olga.waitFor(isMessage('Subject: посылка\n\nТрек не находится на сайте почты.'));
    const transcript = await olga.api.operator.messages.query({ conversationId });
    expect(transcript.map((m) => `${m.author.type}: ${m.text}`)).toEqual([
      'operator: Ваш заказ 17 отправлен, трек RU123456789.\nОтветьте на это письмо, если что-то не так.',
      'operator: Доставка 2–3 дня.',
      'customer: Subject: посылка\n\nТрек не находится на сайте почты.',
    ]);
    const { conversations } = await olga.api.operator.snapshot.query();
    expect(conversations).toEqual([expect.objectContaining({ id: conversationId, operatorId: olga.operatorId })]);

    // Olga's answer answers his letter.
    await olga.api.operator.send.mutate({ conversationId, clientId: 'answer-1', text: 'Проверю и напишу.' });
    const answer = await relay.withText('Проверю и напишу.');
    expect(answer.inReplyTo).toBe('<answer-1@example.ru>');
    expect(answer.references).toEqual([first.messageId, '<answer-1@example.ru>']);
    expect(answer.subject).toBe(`Re: посылка [#${conversationId}]`);
  });
});
