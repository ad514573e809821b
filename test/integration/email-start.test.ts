// Starting an e-mail conversation end to end (issue 16), with real parts only: Olga's /new
// (operator.startConversation) sends a first letter through the outbox to a real SMTP relay (an
// smtp-server sink on loopback) with a subject of its own and our Message-ID; the customer's
// answer, sent by nodemailer into textdesk's SMTP listener to the channel's plain address with
// only In-Reply-To to go by, lands in the same conversation with Olga; her answer threads under it.
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInboundMail, type InboundMail } from '../../server/channels/email/inbound-mail';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';

/** A relay that takes every mail and reads it back. */
class RelaySink {
  readonly got: InboundMail[] = [];
  private waiters: { until: () => boolean; resolve: () => void }[] = [];
  private server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void parseInboundMail(Buffer.concat(chunks), null).then((mail) => {
          this.got.push(mail);
          for (const w of this.waiters.filter((w) => w.until())) w.resolve();
          callback();
        });
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as { port: number }).port;
  }

  /** The first mail whose text is `text`, once it has arrived. */
  async withText(text: string): Promise<InboundMail> {
    const find = () => this.got.find((m) => m.text === text);
    if (!find()) await new Promise<void>((resolve) => this.waiters.push({ until: () => !!find(), resolve }));
    return find()!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.each(['sqlite', 'postgres'] as const)('e-mail start on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let relay: RelaySink;
  let olga: OperatorSession;
  let customer: Transporter;

  beforeEach(async () => {
    relay = new RelaySink();
    const relayPort = await relay.start();
    t = await startTestServer({ store, smtpPort: 0 });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
    await t.admin.admin.createChannel.mutate({
      id: 'mail',
      name: 'Mail',
      queueId: 'general',
      adapter: 'email',
      medium: 'email',
      lang: 'ru',
      settings: { address: 'support@shop.ru', company: 'Shop', relayHost: '127.0.0.1', relayPort, relaySecure: false },
    });
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    customer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.server.listenerPorts.smtp,
      secure: false,
      ignoreTLS: true,
    });
  });

  afterEach(async () => {
    customer.close();
    await olga.close();
    await t.close();
    await relay.close();
  });

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
