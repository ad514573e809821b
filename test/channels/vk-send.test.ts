// Replies to VK (issue 16), against the fake of VK API 5.199 (test/providers/vk-api.ts): the text
// and files go out by messages.send, photos and documents through VK's upload servers; an outage
// (HTTP 5xx, a dropped connection, VK's error 10 in a 200) is retried from the outbox with the
// same random_id, so a send VK took but whose answer was lost is shown once; 901 fails for good.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomIdOf } from '../../server/channels/vk/send';
import { isAssigned, type OperatorSession } from '../helpers/operator-session';
import { deliveryReached, uploadRef } from '../helpers/reply-delivery';
import type { TestServer } from '../helpers/server';
import { startVkDesk, type VkDesk } from '../helpers/vk-desk';
import { GROUP_ID, messageNewEvent, postCallback, type VkApi } from '../providers/vk-api';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PEER = 1_700_017;

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: VkDesk;
  let t: TestServer;
  let vk: VkApi;
  let olga: OperatorSession;
  let conversationId: string;

  beforeEach(async () => {
    desk = await startVkDesk(store);
    ({ t, vk, olga } = desk);
    const answer = await postCallback(
      t.server.url,
      'vk',
      messageNewEvent({ eventId: 'e1', peerId: PEER, id: 1, text: 'Добрый день' }),
    );
    expect(answer.text).toBe('ok');
    const assigned = await olga.waitFor(isAssigned());
    conversationId = assigned.type === 'conversation.assigned' ? assigned.conversation.id : '';
    // The bot's greeting goes first; the tests' failures are set up for the replies after it.
    await olga.waitFor((e) => e.type === 'message.delivery' && e.delivery.status === 'sent');
  });

  afterEach(() => desk.close());

  const settled = (messageId: string) => deliveryReached(olga, messageId, 'settled');
  const upload = (name: string, bytes: Buffer) => uploadRef(olga, name, bytes);

  it('sends a Russian text with a photo and a document, uploaded through VK’s upload servers', async () => {
    const text = 'Ваш заказ №1042 отправлен, накладная во вложении';
    const sent = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-files',
      text,
      attachments: [await upload('посылка.png', PNG), await upload('накладная.pdf', PDF)],
    });
    const delivery = await settled(sent.id);
    const out = vk.sent.find((m) => m.message === text)!;
    expect(out).toMatchObject({ peerId: PEER, randomId: randomIdOf(sent.id) });
    expect(delivery).toEqual({ status: 'sent', providerId: String(out.id), error: null });
    const [photo, doc] = out.attachment.split(',');
    expect(photo).toMatch(new RegExp(`^photo-${GROUP_ID}_\\d+$`));
    expect(doc).toMatch(new RegExp(`^doc-${GROUP_ID}_\\d+$`));
    expect(vk.saved.get(photo)).toEqual(PNG);
    expect(vk.saved.get(doc)).toEqual(PDF);
  });

  it('retries an outage from the outbox with the same random_id, and VK shows the message once', async () => {
    // A 502, a connection dropped unread, then one VK took but whose answer was lost.
    const text = 'Проверяем доставку после сбоя';
    vk.failSend.set(text, [{ http: 502 }, 'drop', 'lost']);
    const sent = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-outage', text });
    const delivery = await settled(sent.id);
    const attempts = vk.sendAttempts.filter((a) => a.text === text);
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((a) => a.randomId))).toEqual(new Set([randomIdOf(sent.id)]));
    const shown = vk.sent.filter((m) => m.message === text);
    expect(shown).toHaveLength(1);
    expect(delivery).toEqual({ status: 'sent', providerId: String(shown[0].id), error: null });
  });

  it('retries VK’s internal error answered in a 200, and fails for good on 901', async () => {
    vk.failSend.set('после ошибки 10', [{ error: 10, msg: 'Internal server error' }]);
    const retried = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-10',
      text: 'после ошибки 10',
    });
    expect((await settled(retried.id)).status).toBe('sent');
    expect(vk.sendAttempts.filter((a) => a.text === 'после ошибки 10')).toHaveLength(2);
    expect(vk.sent.filter((m) => m.message === 'после ошибки 10')).toHaveLength(1);

    vk.closedDialogs.add(PEER);
    const refused = await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-901', text: 'не дойдёт' });
    expect(await settled(refused.id)).toEqual({
      status: 'failed',
      providerId: null,
      error: "VK error 901 (messages.send): Can't send messages for users without permission",
    });
    expect(vk.sendAttempts.filter((a) => a.text === 'не дойдёт')).toHaveLength(1);
  });
});

it('derives random_id as a signed 32-bit integer, stable per message id', () => {
  const ids = ['01JDX0000000000000000000', '01JDX0000000000000000001', 'm-1'];
  for (const id of ids) {
    expect(Number.isInteger(randomIdOf(id))).toBe(true);
    expect(randomIdOf(id)).toBeGreaterThanOrEqual(-(2 ** 31));
    expect(randomIdOf(id)).toBeLessThan(2 ** 31);
    expect(randomIdOf(id)).toBe(randomIdOf(id));
  }
  expect(new Set(ids.map(randomIdOf)).size).toBe(ids.length);
});
