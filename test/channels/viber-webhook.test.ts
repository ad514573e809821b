// Viber's callbacks into the desk (issue 16), against a fake of Viber's REST Bot API on loopback
// (test/providers/viber-api.ts): a message with a Russian text and a picture stored under the
// sender, the signature checked on the raw bytes, a re-sent callback stored once, the welcome
// answered to conversation_started, garbage refused with 4xx, and set_webhook done by the probe.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { isMessage, OperatorSession } from '../helpers/operator-session';
import type { TestServer } from '../helpers/server';
import { startViberDesk, type ViberDesk } from '../helpers/viber-desk';
import {
  conversationStartedCallback,
  messageCallback,
  postWebhook,
  signViber,
  USER_ID,
  type ViberApi,
} from '../providers/viber-api';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: ViberDesk;
  let t: TestServer;
  let viber: ViberApi;
  let olga: OperatorSession;
  let hook: string;

  beforeEach(async () => {
    desk = await startViberDesk(store, { welcomeText: 'Здравствуйте! Напишите нам.' });
    ({ t, viber, olga, hook } = desk);
  });

  afterEach(() => desk.close());

  async function storedAlone(text: string): Promise<string> {
    const created = (await olga.waitFor(isMessage(text))) as Extract<DeskEventEnvelope, { type: 'message.created' }>;
    const transcript = await olga.api.operator.messages.query({ conversationId: created.message.conversationId });
    expect(transcript.filter((m) => m.author.type === 'customer').map((m) => m.text)).toEqual([text]);
    return created.message.conversationId;
  }

  it('takes a Russian text and a picture from the sender, by the raw body’s signature', async () => {
    const text = 'Добрый вечер! Пришла не та модель';
    expect(await postWebhook(hook, messageCallback('4912661846655238145', text))).toEqual({ status: 200, json: {} });
    const conversationId = await storedAlone(text);
    const [conversation] = (await olga.api.operator.snapshot.query()).conversations.filter(
      (c) => c.id === conversationId,
    );
    expect(conversation).toMatchObject({ contactId: USER_ID, customerName: 'Иван Смирнов' });

    viber.media.set('photo.png', PNG);
    const picture = messageCallback('4912661846655238146', 'вот фото', {
      type: 'picture',
      media: `${viber.url}/media/photo.png`,
      thumbnail: `${viber.url}/media/none.png`,
    });
    expect((await postWebhook(hook, picture)).status).toBe(200);
    await olga.waitFor(isMessage('вот фото'));
    const last = (await olga.api.operator.messages.query({ conversationId })).at(-1)!;
    expect(last.attachments).toEqual([
      expect.objectContaining({ type: 'image/png', hash: createHash('sha256').update(PNG).digest('hex') }),
    ]);
  });

  it('refuses a callback whose signature does not match its raw bytes, storing nothing', async () => {
    const body = messageCallback('4912661846655238147', 'подделка');
    expect((await postWebhook(hook, body, signViber(body, 'another-token'))).status).toBe(401);
    expect((await postWebhook(hook, body, null)).status).toBe(401);
    expect((await postWebhook(hook, body, 'zz')).status).toBe(401);
    // Signed as re-serialised JSON, not as the bytes sent (viber-bot-node#5): refused.
    const spaced = body.replace('"event":"message"', '"event": "message"');
    expect((await postWebhook(hook, spaced, signViber(body))).status).toBe(401);
    expect((await postWebhook(hook, messageCallback('4912661846655238148', 'настоящее'))).status).toBe(200);
    await storedAlone('настоящее');
  });

  it('stores a re-sent message callback once', async () => {
    const body = messageCallback('4912661846655238149', 'Повторно');
    const answers = await Promise.all([postWebhook(hook, body), postWebhook(hook, body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await postWebhook(hook, body)).status).toBe(200);
    await storedAlone('Повторно');
  });

  it('answers conversation_started with the welcome message and stores nothing', async () => {
    expect(await postWebhook(hook, conversationStartedCallback('4912661846655238150'))).toEqual({
      status: 200,
      json: { sender: { name: 'Магазин' }, type: 'text', text: 'Здравствуйте! Напишите нам.' },
    });
    const subscribed = `{"event":"subscribed","timestamp":1457764197627,"chat_hostname":"SN-376_","user":{"id":"${USER_ID}","name":"Иван"},"message_token":4912661846655238151}`;
    expect((await postWebhook(hook, subscribed)).status).toBe(200);
    expect((await olga.api.operator.snapshot.query()).conversations).toEqual([]);
  });

  it('refuses signed garbage with 4xx and nothing stored, and takes messages after a restart', async () => {
    const good = JSON.parse(messageCallback('1', 'x')) as Record<string, unknown>;
    const garbage: Array<[string | Buffer, number]> = [
      ['{"event":"message",', 400],
      [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 400],
      ['"message"', 400],
      [JSON.stringify({ ...good, message_token: 'abc' }), 400],
      [messageCallback('4912661846655238152', 'NUL \u0000 inside'), 400],
      [JSON.stringify({ ...good, sender: null }), 400],
      [JSON.stringify({ ...good, message: { type: 7 } }), 400],
      [JSON.stringify({ ...good, pad: 'x'.repeat(70 * 1024) }), 413],
    ];
    for (const [body, status] of garbage) {
      expect((await postWebhook(hook, body)).status, String(body).slice(0, 80)).toBe(status);
    }
    expect((await olga.api.operator.snapshot.query()).conversations).toEqual([]);
    await olga.close();
    await t.restart();
    olga = desk.olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    hook = `${t.server.url}/channels/viber/viber/webhook`;
    expect((await postWebhook(hook, messageCallback('4912661846655238153', 'после перезапуска'))).status).toBe(200);
    await storedAlone('после перезапуска');
  });

  it('probes with get_account_info and sets the webhook to the channel’s when publicUrl is given', async () => {
    expect(await t.admin.admin.testChannel.mutate({ id: 'viber' })).toMatchObject({
      ok: true,
      detail: expect.stringContaining('no publicUrl'),
    });
    await t.admin.admin.updateChannel.mutate({ id: 'viber', settings: { publicUrl: t.server.url } });
    expect(await t.admin.admin.testChannel.mutate({ id: 'viber' })).toMatchObject({
      ok: true,
      detail: `Viber bot "Магазин" answers; its webhook is now ${hook}`,
    });
    expect(viber.webhook).toBe(hook);
    expect(await t.admin.admin.testChannel.mutate({ id: 'viber' })).toMatchObject({
      detail: expect.stringContaining('its webhook is http'),
    });
  });
});
