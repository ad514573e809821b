// E-mail parsing, threading and composing with the real libraries: mail built by nodemailer's
// composer (or byte by byte where a legacy charset must be exact) and read back by mailparser.
import iconv from 'iconv-lite';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../server/channels/email/inbound-mail';
import { minimalHtml, replyMail } from '../../server/channels/email/outbound-mail';
import {
  baseSubject,
  conversationCandidates,
  firstSubject,
  replySubject,
  splitAddress,
} from '../../server/channels/email/threading';
import type Mail from 'nodemailer/lib/mailer';

const channel = splitAddress('support@shop.ru')!;
const conversationId = '0mip3x1yz0000a1b2c3d4';
const compose = (options: Mail.Options) => new MailComposer(options).compile().build();

/** A mail in a legacy charset, written out by hand: nodemailer itself always writes UTF-8. */
function legacyMail(charset: 'windows-1251' | 'koi8-r', subject: string, body: string): Buffer {
  const encodedSubject = `=?${charset}?B?${iconv.encode(subject, charset).toString('base64')}?=`;
  const head = [
    'From: =?utf-8?B?' + Buffer.from('Иван Петров').toString('base64') + '?= <ivan@example.ru>',
    'To: support@shop.ru',
    `Subject: ${encodedSubject}`,
    'Message-ID: <legacy-1@example.ru>',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: 8bit',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'ascii'), iconv.encode(body, charset)]);
}

describe('reading a customer mail', () => {
  it.each(['windows-1251', 'koi8-r'] as const)('decodes a Russian mail in %s, body and subject', async (charset) => {
    const mail = await parseInboundMail(legacyMail(charset, 'Возврат заказа 17', 'Здравствуйте! Где мой заказ?'), null);
    expect(mail).toMatchObject({
      subject: 'Возврат заказа 17',
      text: 'Здравствуйте! Где мой заказ?',
      from: { address: 'ivan@example.ru', name: 'Иван Петров' },
      messageId: '<legacy-1@example.ru>',
      automatic: null,
    });
  });

  it('shows only the new text of a reply: no quoted history, no signature', async () => {
    const raw = await compose({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      subject: 'Re: заказ',
      text: [
        'Спасибо, всё получил.',
        '',
        '-- ',
        'Иван Петров, ООО Ромашка',
        '',
        '30 нояб. 2026 г., в 12:00, Поддержка <support@shop.ru> написал(а):',
        '> Здравствуйте! Ваш заказ отправлен.',
      ].join('\n'),
    });
    expect((await parseInboundMail(raw, 'ivan@example.ru')).text).toBe('Спасибо, всё получил.');
  });

  it("drops Gmail's Russian quote header, which has no verb", async () => {
    const raw = await compose({
      from: 'ivan@example.ru',
      to: 'support@shop.ru',
      text: 'Да, подходит.\n\nПн, 30 нояб. 2026 г. в 12:00, Поддержка <support@shop.ru>:\n\n> Вам подходит среда?',
    });
    expect((await parseInboundMail(raw, null)).text).toBe('Да, подходит.');
  });

  it('keeps the whole text of a mail that is only a quote', async () => {
    const raw = await compose({ from: 'ivan@example.ru', to: 'support@shop.ru', text: '> пересылаю как есть' });
    expect((await parseInboundMail(raw, null)).text).toBe('> пересылаю как есть');
  });

  it('turns an HTML-only mail into text', async () => {
    const raw = await compose({ from: 'ivan@example.ru', to: 'support@shop.ru', html: '<p>Привет<br>мир</p>' });
    expect((await parseInboundMail(raw, null)).text).toBe('Привет\nмир');
  });

  it('lists To and Cc as recipients, lower-cased, and keeps attachments', async () => {
    const raw = await compose({
      from: 'ivan@example.ru',
      to: 'Support <Support+ABC@Shop.ru>',
      cc: 'boss@example.ru',
      text: 'чек во вложении',
      attachments: [{ filename: 'чек.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf' }],
    });
    const mail = await parseInboundMail(raw, null);
    expect(mail.recipients).toEqual(['support+abc@shop.ru', 'boss@example.ru']);
    expect(mail.attachments).toEqual([
      { filename: 'чек.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
    ]);
  });
});

describe('mail that must not be answered (RFC 3834)', () => {
  const person = { from: 'ivan@example.ru', to: 'support@shop.ru', text: 'hi' };

  it.each([
    ['Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' } }, 'ivan@example.ru'],
    ['Precedence: bulk', { headers: { Precedence: 'bulk' } }, 'ivan@example.ru'],
    ['a list', { headers: { 'List-Id': '<news.example.ru>' } }, 'ivan@example.ru'],
    ['X-Loop', { headers: { 'X-Loop': 'support@shop.ru' } }, 'ivan@example.ru'],
    ['Outlook out of office', { headers: { 'X-Auto-Response-Suppress': 'All' } }, 'ivan@example.ru'],
    ['a bounce (null return path)', {}, ''],
    ['MAILER-DAEMON', {}, 'MAILER-DAEMON@mx.example.ru'],
    ['a list owner', {}, 'owner-news@example.ru'],
  ])('%s is automatic', async (_name, extra, returnPath) => {
    const mail = await parseInboundMail(await compose({ ...person, ...extra }), returnPath);
    expect(mail.automatic).not.toBeNull();
  });

  it('finds a bounce by the Return-Path header when there is no envelope (IMAP)', async () => {
    const raw = Buffer.concat([Buffer.from('Return-Path: <>\r\n'), await compose(person)]);
    expect((await parseInboundMail(raw, null)).automatic).toBe('null return path');
  });

  it('a person, and Auto-Submitted: no, are answered', async () => {
    expect((await parseInboundMail(await compose(person), 'ivan@example.ru')).automatic).toBeNull();
    const no = await compose({ ...person, headers: { 'Auto-Submitted': 'no' } });
    expect((await parseInboundMail(no, 'ivan@example.ru')).automatic).toBeNull();
  });
});

describe('threading', () => {
  const customerMail = {
    messageId: '<c1@example.ru>',
    references: ['<c0@example.ru>'],
    subject: 'RE: Ответ: Заказ 17',
  };

  it('a reply carries the thread: Message-ID, In-Reply-To, References, Reply-To, one "Re:" and the tag', async () => {
    const options = replyMail({
      channelAddress: channel,
      company: 'Shop',
      authorName: 'Ольга',
      to: 'ivan@example.ru',
      conversationId,
      messageId: 'm0000000001',
      text: 'Здравствуйте!\nОтправили <сегодня>.',
      parent: customerMail,
    });
    const sent = await parseInboundMail(await compose(options), 'support@shop.ru');
    expect(sent).toMatchObject({
      messageId: `<textdesk.${conversationId}.m0000000001@shop.ru>`,
      inReplyTo: '<c1@example.ru>',
      references: ['<c0@example.ru>', '<c1@example.ru>'],
      subject: `Re: Заказ 17 [#${conversationId}]`,
      from: { address: 'support@shop.ru', name: 'Ольга via Shop' },
      automatic: null,
    });
    expect(options.html).toBe(minimalHtml('Здравствуйте!\nОтправили <сегодня>.'));
    expect(options.replyTo).toBe(`support+${conversationId}@shop.ru`);
  });

  it("the bot's mail says it is automatic, so that the customer's auto-responder stays quiet", async () => {
    const options = replyMail({
      channelAddress: channel,
      company: 'Shop',
      authorName: null,
      to: 'ivan@example.ru',
      conversationId,
      messageId: 'm0000000002',
      text: 'Мы получили ваше письмо.',
      parent: customerMail,
    });
    expect((await parseInboundMail(await compose(options), null)).automatic).toBe('Auto-Submitted: auto-replied');
  });

  it('a customer reply finds its conversation by each hint alone, most trusted first', () => {
    const none = { recipients: ['support@shop.ru'], inReplyTo: null, references: [], subject: 'Заказ' };
    const own = `<textdesk.${conversationId}.m0000000001@shop.ru>`;
    expect(conversationCandidates(none, channel)).toEqual([]);
    expect(conversationCandidates({ ...none, recipients: [`support+${conversationId}@shop.ru`] }, channel)).toEqual([
      conversationId,
    ]);
    expect(conversationCandidates({ ...none, inReplyTo: own }, channel)).toEqual([conversationId]);
    expect(conversationCandidates({ ...none, references: ['<x@y>', own] }, channel)).toEqual([conversationId]);
    expect(conversationCandidates({ ...none, subject: `Re: Заказ [#${conversationId}]` }, channel)).toEqual([
      conversationId,
    ]);
    const other = '0mip3x1yz0001ffffffff';
    expect(
      conversationCandidates(
        { ...none, recipients: [`support+${other}@shop.ru`], inReplyTo: own, subject: `[#${conversationId}]` },
        channel,
      ),
    ).toEqual([other, conversationId]);
  });

  it("ignores plus-addresses of another domain or mailbox, and other senders' Message-IDs", () => {
    const hints = {
      recipients: [`support+${conversationId}@other.ru`, `sales+${conversationId}@shop.ru`],
      inReplyTo: `<textdesk.${conversationId}.m1@elsewhere.ru.evil` + '>x',
      references: ['<c1@example.ru>'],
      subject: 'Заказ',
    };
    expect(conversationCandidates(hints, channel)).toEqual([]);
  });

  it('compares subjects without reply prefixes and the tag', () => {
    expect(baseSubject(`RE: Fwd: Ответ: Отв[2]: Заказ  17 [#${conversationId}]`)).toBe('Заказ 17');
    expect(replySubject('', conversationId)).toBe(`Re: … [#${conversationId}]`);
  });

  it('gives a first letter (a conversation the desk started) its text’s first line as subject, cut at a word', () => {
    expect(firstSubject('\n  Ваш заказ   17 отправлен\nвторая строка', 'Shop', conversationId)).toBe(
      `Ваш заказ 17 отправлен [#${conversationId}]`,
    );
    const long = 'Здравствуйте! Напоминаем, что срок оплаты счёта номер 4711 истекает завтра в полдень';
    expect(firstSubject(long, 'Shop', conversationId)).toBe(
      `Здравствуйте! Напоминаем, что срок оплаты счёта номер 4711… [#${conversationId}]`,
    );
    // Files only: the company's name.
    expect(firstSubject('', 'Shop', conversationId)).toBe(`Shop [#${conversationId}]`);
  });
});
