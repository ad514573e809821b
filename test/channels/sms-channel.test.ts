// The SMS channel end to end over real SMPP on loopback: the server binds to the fake SMSC
// (test/providers/smsc.ts) as a transceiver, customers' SMS come in as deliver_sm, the operator's
// replies go out as submit_sm (GSM-7 or UCS-2, long ones in UDH parts the fake puts together),
// and the SMSC's receipts mark them delivered or failed in the operator's console.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope, MessageDelivery } from '../../shared/schemas';
import { isAssigned, type OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { startSmsDesk, type SmsDesk } from '../helpers/sms-channel';
import type { FakeSmsc } from '../providers/smsc';

describe.each(['sqlite', 'postgres'] as const)('SMS on %s', { timeout: 30_000 }, (store) => {
  let desk: SmsDesk;
  let t: TestServer;
  let smsc: FakeSmsc;
  let olga: OperatorSession;

  beforeEach(async () => {
    desk = await startSmsDesk(store, { throughputPerSec: 50 });
    ({ t, smsc, olga } = desk);
  });

  afterEach(() => desk.close());

  const deliveryOf = (messageId: string, status: MessageDelivery['status']) => (e: DeskEventEnvelope) =>
    e.type === 'message.delivery' && e.messageId === messageId && e.delivery.status === status;
  /** The customer's and operator's messages: the bot's notices are kept in the transcript only. */
  const texts = async (conversationId: string) =>
    (await olga.api.operator.messages.query({ conversationId }))
      .filter((m) => m.author.type !== 'bot')
      .map((m) => `${m.author.type}: ${m.text}`);

  async function customerWrites(text: string): Promise<string> {
    expect(await smsc.mo('79001234567', text)).toEqual([0]);
    const assigned = await olga.waitFor(isAssigned());
    return assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
  }

  it('a Russian SMS in and a Russian reply out, in UCS-2, delivered by the receipt', async () => {
    const conversationId = await customerWrites('Здравствуйте! Где мой заказ №17?');
    expect(await texts(conversationId)).toEqual(['customer: Здравствуйте! Где мой заказ №17?']);
    const conversation = (await olga.api.operator.snapshot.query()).conversations.find((c) => c.id === conversationId);
    expect(conversation).toMatchObject({ contactId: '+79001234567', channelKind: 'sms' });

    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-one',
      text: 'Добрый день! Заказ в пути.',
    });
    await smsc.waitFor(() => smsc.messages.length > 0);
    // The reply alone: the bot's greeting and "operator joined" went out as no (paid) SMS before it.
    expect(smsc.messages).toHaveLength(1);
    expect(smsc.messages[0]).toMatchObject({
      destination: '79001234567',
      dataCoding: 8,
      text: 'Добрый день! Заказ в пути.',
    });
    expect(smsc.parts[0]).toMatchObject({ esmClass: 0, registeredDelivery: 1 });
    await olga.waitFor(deliveryOf(sent.id, 'delivered'));
    const stored = (await olga.api.operator.messages.query({ conversationId })).find((m) => m.id === sent.id);
    expect(stored?.delivery).toEqual({ status: 'delivered', providerId: smsc.parts[0].messageId, error: null });
  });

  it('answers deliver_sm only once the message is committed', async () => {
    const conversationId = await customerWrites('Первое');
    // The answer to the second SMS comes after its commit: the transcript has it at once.
    expect(await smsc.mo('79001234567', 'Второе')).toEqual([0]);
    expect(await texts(conversationId)).toEqual(['customer: Первое', 'customer: Второе']);
  });

  it('a long Russian reply goes as concatenated UCS-2 parts the SMSC puts back together', async () => {
    const conversationId = await customerWrites('Расскажите подробнее');
    const long = 'Ваш заказ №17 собран на складе и передан в службу доставки. '.repeat(3).trim();
    expect(long.length).toBeGreaterThan(134);
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-long', text: long });
    await smsc.waitFor(() => smsc.messages.length === 1);
    const [sms] = smsc.messages;
    expect(sms.text).toBe(long);
    expect(sms.dataCoding).toBe(8);
    expect(sms.parts).toHaveLength(3);
    const ref = sms.parts[0].bytes[3];
    expect(sms.parts.map((p) => p.bytes.subarray(0, 6).toString('hex'))).toEqual(
      [1, 2, 3].map((seq) => Buffer.from([5, 0, 3, ref, 3, seq]).toString('hex')),
    );
    expect(sms.parts.every((p) => p.esmClass === 0x40 && p.registeredDelivery === 1)).toBe(true);
    expect(sms.parts.slice(0, 2).map((p) => p.bytes.length - 6)).toEqual([134, 134]);
    // The message's provider id is its last part's, whose receipt says the whole text arrived.
    const delivered = await olga.waitFor(deliveryOf(sent.id, 'delivered'));
    expect(delivered.type === 'message.delivery' && delivered.delivery.providerId).toBe(sms.parts[2].messageId);
  });

  it('an earlier part’s receipt fails the long message, and its delivery alone does not deliver it', async () => {
    const conversationId = await customerWrites('Подробнее, пожалуйста');
    smsc.receiptStat = null;
    const long = 'Доставка занимает от двух до пяти рабочих дней. '.repeat(2).trim();
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-parts', text: long });
    await olga.waitFor((e) => e.type === 'message.delivery' && e.messageId === sent.id && e.delivery.status === 'sent');
    const [sms] = smsc.messages;
    expect(sms.parts).toHaveLength(2);
    smsc.sendReceipt(sms.parts[0], 'DELIVRD');
    smsc.sendReceipt(sms.parts[0], 'UNDELIV');
    await olga.waitFor(
      (e) => e.type === 'message.delivery' && e.messageId === sent.id && e.delivery.status === 'failed',
    );
    const statuses = olga.events.flatMap((e) =>
      e.type === 'message.delivery' && e.messageId === sent.id ? [e.delivery] : [],
    );
    expect(statuses.map((d) => d.status)).toEqual(['sent', 'failed']);
    expect(statuses[1]).toMatchObject({ providerId: sms.parts[1].messageId, error: 'UNDELIV (err 011)' });
  });

  it('a Latin reply goes as GSM-7 with data_coding 0, extension characters escaped', async () => {
    const conversationId = await customerWrites('Hello');
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-latin',
      text: 'Order 17 ships today {ref A-5}, 10€',
    });
    await smsc.waitFor(() => smsc.messages.length === 1);
    expect(smsc.messages[0]).toMatchObject({ dataCoding: 0, text: 'Order 17 ships today {ref A-5}, 10€' });
    expect(smsc.parts[0].bytes.toString('hex')).toContain('1b28'); // ESC {
  });

  it('an UNDELIV receipt marks the reply failed, with the SMSC’s word', async () => {
    const conversationId = await customerWrites('Алло');
    smsc.receiptStat = 'UNDELIV';
    smsc.receiptStyle = 'tlv';
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-fail', text: 'Перезвоните' });
    await olga.waitFor(deliveryOf(sent.id, 'failed'));
    const stored = (await olga.api.operator.messages.query({ conversationId })).find((m) => m.id === sent.id);
    expect(stored?.delivery).toMatchObject({ status: 'failed', error: 'UNDELIV (err 011)' });
  });

  it('a long SMS comes in parts, out of order, repeated, cut inside a surrogate pair, and is stored once', async () => {
    const text = 'а'.repeat(9) + '😀' + 'б'.repeat(9);
    // Ten UTF-16 units a part: the emoji's surrogate pair is cut between the two.
    expect(await smsc.mo('79001234567', text, { parts: 2, only: [2] })).toEqual([0]);
    expect(await smsc.mo('79001234567', text, { parts: 2, only: [2] })).toEqual([0]);
    expect(await smsc.mo('79001234567', text, { parts: 2, only: [1] })).toEqual([0]);
    const assigned = await olga.waitFor(isAssigned());
    const conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
    expect(await smsc.mo('79001234567', text, { parts: 2, only: [1] })).toEqual([0]);
    expect(await texts(conversationId)).toEqual([`customer: ${text}`]);
  });

  it('refuses settings and credentials that do not fit SMPP, and an operator’s file, storing nothing', async () => {
    const add = (settings: Record<string, unknown>, credentials: Record<string, string>) =>
      t.admin.admin.createChannel
        .mutate({ id: 'sms2', name: 'SMS 2', queueId: 'general', adapter: 'sms', settings, credentials })
        .then(
          () => 'created',
          (error: Error) => error.message,
        );
    const good = { host: '127.0.0.1', sourceAddr: 'Shop' };
    const secret = { systemId: 'textdesk', password: 'secret12' };
    expect(await add({ ...good, port: 'x' }, secret)).toMatch(/settings\.port/);
    expect(await add({ ...good, throughputPerSec: 0 }, secret)).toMatch(/settings\.throughputPerSec/);
    expect(await add({ ...good, messageIds: 'octal' }, secret)).toMatch(/settings\.messageIds/);
    expect(await add({ ...good, color: 'red' }, secret)).toMatch(/settings/);
    expect(await add(good, { ...secret, password: 'nine-char' })).toMatch(/credentials\.password/);
    expect(await add(good, { password: 'secret12' })).toMatch(/credentials\.systemId/);
    expect((await t.admin.admin.listChannels.query()).map((c) => c.id)).toEqual(['sms']);
    const conversationId = await customerWrites('Пришлите фото');
    const upload = await olga.api.operator.upload.mutate({ name: 'a.txt', data: Buffer.from('hi').toString('base64') });
    expect(
      await olga.api.operator.send
        .mutate({ conversationId, clientId: 'reply-file', text: 'см. файл', attachments: [upload.file!.ref] })
        .then(
          () => 'sent',
          (error: Error) => error.message,
        ),
    ).toMatch(/carries no files/);
    expect(
      await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-too-long', text: 'я'.repeat(671) }).then(
        () => 'sent',
        (error: Error) => error.message,
      ),
    ).toMatch(/at most 670 characters/);
    expect(await texts(conversationId)).toEqual(['customer: Пришлите фото']);
  });

  it('reads receipts whose id is decimal when submit_sm_resp gave it in hex', async () => {
    await t.admin.admin.updateChannel.mutate({ id: 'sms', settings: { messageIds: 'hex-decimal' } });
    smsc.idFormat = 'hex';
    await smsc.waitFor(() => smsc.bindAttempts.length === 2 && smsc.boundSessions === 1);
    const conversationId = await customerWrites('Статус?');
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-hex', text: 'Отправлено' });
    const event = await olga.waitFor(deliveryOf(sent.id, 'delivered'));
    expect(event.type === 'message.delivery' && event.delivery.providerId).toBe(smsc.parts[0].messageId);
  });
});
