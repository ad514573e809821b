// The e-mail channel end to end, with real parts only: customers' mail sent by nodemailer into
// textdesk's SMTP listener, the operator's replies through the outbox to a real SMTP relay (an
// smtp-server sink on loopback), threaded back into the same conversation.
import net from 'node:net';
import type { Transporter } from 'nodemailer';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startMailDesk, type MailDesk, type RelaySink } from '../helpers/mail-desk';
import type { TestServer } from '../helpers/server';

describe.each(['sqlite', 'postgres'] as const)('e-mail on %s', { timeout: 30_000 }, (store) => {
  let desk: MailDesk;
  let t: TestServer;
  let relay: RelaySink;
  let olga: OperatorSession;
  let customer: Transporter;

  beforeEach(async () => {
    desk = await startMailDesk(store);
    ({ t, relay, olga, customer } = desk);
  });

  afterEach(() => desk.close());

  const assignedTo = (conversationId?: string) => olga.waitFor(isAssigned(conversationId));
  const texts = async (conversationId: string) =>
    (await olga.api.operator.messages.query({ conversationId })).map((m) => `${m.author.type}: ${m.text}`);

  it('stores a mail’s PDF on the message, and sends the operator’s file with the reply', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await customer.sendMail({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Счёт',
      text: 'Счёт во вложении',
      attachments: [
        { filename: 'счёт.pdf', content: pdf, contentType: 'application/octet-stream' },
        { filename: 'setup.exe', content: Buffer.from('MZ not really') },
      ],
    });
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    const conversationId = assigned.conversation.id;
    const [mail] = await olga.api.operator.messages.query({ conversationId });
    expect(mail.attachments).toEqual([
      { name: 'счёт.pdf', type: 'application/pdf', size: pdf.length, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { name: 'original.eml', type: 'text/plain; charset=utf-8', size: expect.any(Number), hash: expect.any(String) },
    ]);
    // A file that breaks a rule is left out with a note; the letter itself is taken.
    expect(mail.text).toMatch(/"setup\.exe" is refused/);
    // The whole mail as it arrived is kept beside the trimmed text, refused part included.
    const original = await olga.api.operator.attachment.query({ conversationId, messageId: mail.id, index: 1 });
    expect(original.done).toBe(true);
    const eml = Buffer.from(original.data, 'base64').toString('utf8');
    expect(eml).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(eml).toContain('filename=setup.exe');

    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = await olga.api.operator.upload.mutate({ name: 'схема.png', data: png.toString('base64') });
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-with-file',
      text: 'Схема во вложении',
      attachments: [upload.file!.ref],
    });
    const reply = await relay.withText('Схема во вложении');
    expect(reply.attachments.map((a) => [a.filename, a.contentType, a.content])).toEqual([
      ['схема.png', 'image/png', png],
    ]);
  });

  it('a thread of three mails each way stays one conversation, threaded for the customer', async () => {
    const first = await customer.sendMail({
      from: 'Иван Петров <ivan@example.ru>',
      to: 'support@shop.ru',
      subject: 'Заказ 17',
      text: 'Где мой заказ?',
    });
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    const conversationId = assigned.conversation.id;
    let lastId = first.messageId;
    let references = [first.messageId];
    for (let round = 1; round <= 3; round++) {
      await olga.api.operator.send.mutate({ conversationId, clientId: `reply-00${round}`, text: `Ответ ${round}` });
      const reply = await relay.withText(`Ответ ${round}`);
      expect(reply).toMatchObject({
        inReplyTo: lastId,
        subject: `Re: Заказ 17 [#${conversationId}]`,
        from: { address: 'support@shop.ru', name: 'Olga via Shop' },
        recipients: ['ivan@example.ru'],
      });
      expect(reply.references).toEqual(references);
      if (round === 3) break;
      // The customer answers the reply, as a mail client does: Re:, In-Reply-To, References.
      const next = await customer.sendMail({
        from: 'ivan@example.ru',
        to: 'support@shop.ru',
        subject: reply.subject.startsWith('Re:') ? reply.subject : `Re: ${reply.subject}`,
        inReplyTo: reply.messageId!,
        references: [...reply.references, reply.messageId!],
        text: `Вопрос ${round + 1}\n\nOlga via Shop <support@shop.ru> написал(а):\n> Ответ ${round}`,
      });
      lastId = next.messageId;
      references = [...reply.references, reply.messageId!, next.messageId];
      await olga.waitFor((e) => e.type === 'message.created' && e.message.text === `Вопрос ${round + 1}`);
    }
    const transcript = await texts(conversationId);
    expect(transcript.filter((m) => m.startsWith('customer:'))).toEqual([
      'customer: Subject: Заказ 17\n\nГде мой заказ?',
      'customer: Вопрос 2',
      'customer: Вопрос 3',
    ]);
    expect(transcript.filter((m) => m.startsWith('operator:'))).toEqual([
      'operator: Ответ 1',
      'operator: Ответ 2',
      'operator: Ответ 3',
    ]);
  });

  it('acknowledges a new letter once, by mail marked automatic, with its expected answer time (issue 17 §4)', async () => {
    const ack = 'Спасибо за письмо. Мы ответим в течение 4 часов.';
    const first = await customer.sendMail({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Возврат',
      text: 'Хочу вернуть товар',
    });
    const mail = await relay.withText(ack);
    expect(mail).toMatchObject({ recipients: ['ivan@example.ru'], inReplyTo: first.messageId });
    expect(mail.subject).toMatch(/^Re: Возврат \[#.+\]$/);
    // Marked as a robot's answer (RFC 3834), so the customer's own auto-reply does not answer it.
    expect(mail.automatic).not.toBeNull();
    await customer.sendMail({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId!,
      references: [first.messageId, mail.messageId!],
      text: 'И ещё вопрос',
    });
    const { conversation } = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    await olga.waitFor((e) => e.type === 'message.created' && e.message.text === 'И ещё вопрос');
    const transcript = await olga.api.operator.messages.query({ conversationId: conversation.id });
    expect(transcript.filter((m) => m.notice === 'expectedAnswer').map((m) => m.text)).toEqual([ack]);
    expect(relay.got.filter((m) => m.text === ack)).toHaveLength(1);
  });

  it('reads Russian mail in windows-1251 right', async () => {
    const subject = `=?windows-1251?B?${iconv.encode('Возврат денег', 'windows-1251').toString('base64')}?=`;
    const head = [
      'From: ivan@example.ru',
      'To: support@shop.ru',
      `Subject: ${subject}`,
      'Message-ID: <cp1251-1@example.ru>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=windows-1251',
      'Content-Transfer-Encoding: 8bit',
      '',
      '',
    ].join('\r\n');
    await customer.sendMail({
      envelope: { from: 'ivan@example.ru', to: ['support@shop.ru'] },
      raw: Buffer.concat([Buffer.from(head), iconv.encode('Верните деньги за заказ №17, пожалуйста.', 'windows-1251')]),
    });
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    expect(await texts(assigned.conversation.id)).toContain(
      'customer: Subject: Возврат денег\n\nВерните деньги за заказ №17, пожалуйста.',
    );
  });

  it('never answers an auto-reply or a bounce: they are not taken in', async () => {
    await customer.sendMail({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Автоответ: Заказ 17',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'Я в отпуске до понедельника.',
    });
    await customer.sendMail({
      envelope: { from: '', to: ['support@shop.ru'] },
      from: 'MAILER-DAEMON@mx.example.ru',
      to: 'support@shop.ru',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'The mail system could not deliver your message.',
    });
    // A person's mail after them is the first (and only) conversation to open.
    await customer.sendMail({
      from: 'anna@example.ru',
      to: 'support@shop.ru',
      subject: 'Вопрос',
      text: 'Здравствуйте',
    });
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    expect(await texts(assigned.conversation.id)).toContain('customer: Subject: Вопрос\n\nЗдравствуйте');
    const snapshot = await olga.api.operator.snapshot.query();
    expect(snapshot.conversations.map((c) => c.id)).toEqual([assigned.conversation.id]);
    expect(relay.got.every((m) => m.recipients.every((r) => r === 'anna@example.ru'))).toBe(true);
  });

  it('refuses mail to an address no channel has with 550 at RCPT', async () => {
    await expect(
      customer.sendMail({ from: 'ivan@example.ru', to: 'sales@shop.ru', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550, command: 'RCPT TO' });
  });

  it('survives garbage on the SMTP port and mail with NUL and broken UTF-8; then takes mail as before', async () => {
    const port = t.server.listenerPorts.smtp;
    const said = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      const lines: (string | Buffer)[] = [
        Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a]),
        `MAIL FROM:<${'a'.repeat(100_000)}@x.ru>\r\n`,
        'DATA\r\n',
        'RCPT TO:<support@shop.ru>\r\n',
        'QUIT\r\n',
      ];
      let out = '';
      socket.on('data', (chunk) => {
        out += chunk.toString('latin1');
        const next = lines.shift();
        if (next !== undefined) socket.write(next);
      });
      socket.on('close', () => resolve(out));
      socket.on('error', () => resolve(out));
    });
    expect(said).toMatch(/^220 /);
    expect(said).toMatch(/\r\n5\d\d /);
    const head =
      'From: ivan@example.ru\r\nTo: support@shop.ru\r\nSubject: \u0000bad\r\nMessage-ID: <nul-1@example.ru>\r\n\r\n';
    await customer.sendMail({
      envelope: { from: 'ivan@example.ru', to: ['support@shop.ru'] },
      raw: Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from([0x41, 0x00, 0xc3, 0x28, 0x42, 0x0d, 0x0a])]),
    });
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    const [text] = (await texts(assigned.conversation.id)).filter((m) => m.startsWith('customer:'));
    expect(text).not.toContain('\u0000');
    expect(text).toMatch(/^customer: Subject: .*bad\n\nA.*B$/);
  });

  it('a new subject from the same sender follows the reopen rules: the resolved conversation reopens', async () => {
    await customer.sendMail({ from: 'ivan@example.ru', to: 'support@shop.ru', subject: 'Заказ 17', text: 'Где он?' });
    const first = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    const conversationId = first.conversation.id;
    await olga.api.operator.resolve.mutate({ conversationId });
    await customer.sendMail({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Доставка',
      text: 'И ещё вопрос',
    });
    await olga.waitFor((e) => e.type === 'message.created' && e.message.text.endsWith('И ещё вопрос'));
    expect((await texts(conversationId)).filter((m) => m.startsWith('customer:'))).toEqual([
      'customer: Subject: Заказ 17\n\nГде он?',
      'customer: Subject: Доставка\n\nИ ещё вопрос',
    ]);
  });

  it('takes a duplicate delivery of the same mail once', async () => {
    const mail = {
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Дубль',
      text: 'один раз',
      messageId: '<dup-1@example.ru>',
    };
    await customer.sendMail(mail);
    const assigned = (await assignedTo()) as Extract<DeskEventEnvelope, { type: 'conversation.assigned' }>;
    await customer.sendMail(mail);
    await customer.sendMail({ ...mail, messageId: '<dup-2@example.ru>', text: 'второе' });
    await olga.waitFor((e) => e.type === 'message.created' && e.message.text === 'второе');
    expect((await texts(assigned.conversation.id)).filter((m) => m.startsWith('customer:'))).toEqual([
      'customer: Subject: Дубль\n\nодин раз',
      'customer: второе',
    ]);
  });
});
