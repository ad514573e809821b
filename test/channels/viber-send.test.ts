// Replies to Viber (issue 16), against the fake of Viber's REST Bot API (test/providers/
// viber-api.ts): a Russian text and a picture go out by send_message (the picture as a signed
// link Viber fetches), delivered/seen callbacks move the message to delivered and read, an outage
// (HTTP 503, a dropped connection, status 12) is retried from the outbox and sent once, a retried
// message of several parts sends only what had not gone, and an unsubscribed user fails for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageDelivery } from '../../shared/schemas';
import { isAssigned, type OperatorSession } from '../helpers/operator-session';
import { deliveryReached, uploadRef } from '../helpers/reply-delivery';
import { startViberDesk, type ViberDesk } from '../helpers/viber-desk';
import { messageCallback, postWebhook, reportCallback, USER_ID, type ViberApi } from '../providers/viber-api';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: ViberDesk;
  let viber: ViberApi;
  let olga: OperatorSession;
  let hook: string;
  let conversationId: string;

  beforeEach(async () => {
    desk = await startViberDesk(store);
    ({ viber, olga, hook } = desk);
    expect((await postWebhook(hook, messageCallback('4912661846655238145', 'Добрый день'))).status).toBe(200);
    const assigned = await olga.waitFor(isAssigned());
    conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
    await olga.waitFor((e) => e.type === 'message.delivery' && e.delivery.status === 'sent');
  });

  afterEach(() => desk.close());

  const reached = (messageId: string, status: MessageDelivery['status'] | 'settled') =>
    deliveryReached(olga, messageId, status);
  const upload = (name: string, bytes: Buffer) => uploadRef(olga, name, bytes);

  it('sends a Russian text and a picture, and takes delivered and seen as delivered and read', async () => {
    const text = 'Замена уже в пути, вот фото посылки';
    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-picture',
      text,
      attachments: [await upload('посылка.png', PNG)],
    });
    const delivery = await reached(sent.id, 'settled');
    const [textPart, picture] = viber.sent.slice(-2);
    expect(textPart).toMatchObject({ receiver: USER_ID, type: 'text', text, senderName: 'Магазин' });
    expect(picture).toMatchObject({ receiver: USER_ID, type: 'picture', media: PNG });
    // The 64-bit token exactly, not rounded to a double.
    expect(delivery).toEqual({ status: 'sent', providerId: textPart.token, error: null });
    expect(textPart.token).toMatch(/^57413118035717210\d\d$/);

    expect((await postWebhook(hook, reportCallback('delivered', textPart.token))).status).toBe(200);
    await reached(sent.id, 'delivered');
    // The picture's own reports: the text's speak for the message.
    expect((await postWebhook(hook, reportCallback('failed', picture.token, 'x'))).status).toBe(200);
    expect((await postWebhook(hook, reportCallback('seen', textPart.token))).status).toBe(200);
    await reached(sent.id, 'read');
    const stored = (await olga.api.operator.messages.query({ conversationId })).find((m) => m.id === sent.id);
    expect(stored?.delivery).toEqual({ status: 'read', providerId: textPart.token, error: null });
  });

  it('marks a message Viber reports failed, with its description', async () => {
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-failed', text: 'не дойдёт' });
    const { providerId } = await reached(sent.id, 'sent');
    expect((await postWebhook(hook, reportCallback('failed', providerId!, 'user blocked the bot'))).status).toBe(200);
    expect(await reached(sent.id, 'failed')).toEqual({ status: 'failed', providerId, error: 'user blocked the bot' });
  });

  it('retries an outage from the outbox and sends once; a retried picture does not resend the text', async () => {
    const text = 'После сбоя';
    viber.failSend.set(text, [{ http: 503 }, 'drop', { status: 12, message: 'tooManyRequests' }]);
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-outage', text });
    expect((await reached(sent.id, 'settled')).status).toBe('sent');
    expect(viber.attempts.filter((a) => a.text === text)).toHaveLength(4);
    expect(viber.sent.filter((m) => m.text === text)).toHaveLength(1);

    viber.failSend.set('picture', [{ http: 502 }]);
    const withPicture = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-parts',
      text: 'Текст и фото',
      attachments: [await upload('фото.png', PNG)],
    });
    const delivery = await reached(withPicture.id, 'settled');
    expect(viber.attempts.filter((a) => a.text === 'Текст и фото')).toHaveLength(1);
    expect(viber.attempts.filter((a) => a.type === 'picture')).toHaveLength(2);
    const textPart = viber.sent.find((m) => m.text === 'Текст и фото')!;
    expect(delivery).toEqual({ status: 'sent', providerId: textPart.token, error: null });
  });

  it('fails for good a message to a user who unsubscribed (status 6)', async () => {
    const unsubscribed = `{"event":"unsubscribed","timestamp":1457764197627,"chat_hostname":"SN-376_","user_id":"${USER_ID}","message_token":4912661846655238146}`;
    expect((await postWebhook(hook, unsubscribed)).status).toBe(200);
    viber.unsubscribed.add(USER_ID);
    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-status-6',
      text: 'вы отписались',
    });
    expect(await reached(sent.id, 'settled')).toEqual({
      status: 'failed',
      providerId: null,
      error: 'Viber status 6 (send_message): receiverNotSubscribed',
    });
    expect(viber.attempts.filter((a) => a.text === 'вы отписались')).toHaveLength(1);
  });
});
