// VK's Callback API into the desk (issue 16), against a fake of VK API 5.199 on loopback
// (test/providers/vk-api.ts): the confirmation answered, a community message with a Russian text
// and a photo stored with the sender's name, events without the secret or for another community
// refused with nothing stored, a re-sent event_id stored once, and garbage refused with 4xx.
import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { startVkDesk, type VkDesk } from '../helpers/vk-desk';
import {
  CALLBACK_SECRET,
  CONFIRMATION,
  confirmationEvent,
  GROUP_ID,
  messageNewEvent,
  photoAttachment,
  postCallback,
  type VkApi,
} from '../providers/vk-api';

// A 1×1 PNG, as a customer's photo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: VkDesk;
  let t: TestServer;
  let vk: VkApi;
  let olga: OperatorSession;

  beforeEach(async () => {
    desk = await startVkDesk(store);
    ({ t, vk, olga } = desk);
    vk.users.set(1_700_017, { first_name: 'Анна', last_name: 'Петрова' });
  });

  afterEach(() => desk.close());

  const customerTexts = async (conversationId: string) =>
    (await olga.api.operator.messages.query({ conversationId }))
      .filter((m) => m.author.type === 'customer')
      .map((m) => m.text);

  /** A good event after refused ones: its conversation must hold it alone. */
  async function onlyThisIsStored(text: string): Promise<void> {
    const answer = await postCallback(
      t.server.url,
      'vk',
      messageNewEvent({ eventId: 'good-1', peerId: 1_700_017, id: 900, text }),
    );
    expect(answer).toMatchObject({ status: 200, text: 'ok' });
    const created = (await olga.waitFor(isMessage(text))) as Extract<DeskEventEnvelope, { type: 'message.created' }>;
    expect(await customerTexts(created.message.conversationId)).toEqual([text]);
  }

  it('answers the confirmation with the configured string, and refuses one for another community', async () => {
    const answer = await postCallback(t.server.url, 'vk', confirmationEvent());
    expect(answer).toEqual({ status: 200, text: CONFIRMATION, contentType: 'text/plain; charset=utf-8' });
    expect((await postCallback(t.server.url, 'vk', confirmationEvent(1))).status).toBe(403);
    expect((await postCallback(t.server.url, 'nope', confirmationEvent())).status).toBe(404);
  });

  it('takes a message with a Russian text and a photo, named by users.get, and answers exactly ok', async () => {
    vk.files.set('photo-w.png', PNG);
    const text = 'Здравствуйте! Где мой заказ №1042?';
    const event = messageNewEvent({
      eventId: '4f6b2ad1c0c1b7d1e8d9a0b1c2d3e4f5a6b7c8d9',
      peerId: 1_700_017,
      id: 17,
      text,
      attachments: [photoAttachment(`${vk.url}/files/photo-w.png`, `${vk.url}/files/missing-small.png`)],
    });
    const answer = await postCallback(t.server.url, 'vk', event);
    // Exactly `ok`: no BOM, no newline (VK re-sends anything else).
    expect(answer).toEqual({ status: 200, text: 'ok', contentType: 'text/plain; charset=utf-8' });
    const assigned = await olga.waitFor(isAssigned());
    const conversation = assigned.type === 'conversation.assigned' ? assigned.conversation : null;
    expect(conversation).toMatchObject({ contactId: '1700017', customerName: 'Анна Петрова' });
    const [message] = (await olga.api.operator.messages.query({ conversationId: conversation!.id })).filter(
      (m) => m.author.type === 'customer',
    );
    expect(message.text).toBe(text);
    // The largest size, downloaded and stored: the small one's URL is dead and was not fetched.
    expect(message.attachments).toEqual([
      expect.objectContaining({
        type: 'image/png',
        size: PNG.length,
        hash: createHash('sha256').update(PNG).digest('hex'),
      }),
    ]);
  });

  it('refuses events without the right secret or for another community, storing nothing', async () => {
    const event = (secret?: string) =>
      messageNewEvent({ eventId: 'e-bad', peerId: 1_700_017, id: 1, text: 'подделка', secret });
    expect(await postCallback(t.server.url, 'vk', event('wrong-secret'))).toMatchObject({ status: 401 });
    const { secret: _secret, ...unsigned } = event();
    expect(await postCallback(t.server.url, 'vk', unsigned)).toMatchObject({ status: 401 });
    expect(await postCallback(t.server.url, 'vk', { ...event(), group_id: 1 })).toMatchObject({ status: 403 });
    await onlyThisIsStored('настоящее сообщение');
  });

  it('stores a re-sent event once, whether it comes after the ok or while the first is being taken', async () => {
    const text = 'Повторите, пожалуйста';
    const event = messageNewEvent({ eventId: 'a1b2c3', peerId: 1_700_017, id: 42, text });
    const [first, concurrent] = await Promise.all([
      postCallback(t.server.url, 'vk', event),
      postCallback(t.server.url, 'vk', event, 1),
    ]);
    expect([first.text, concurrent.text]).toEqual(['ok', 'ok']);
    expect((await postCallback(t.server.url, 'vk', event, 2)).text).toBe('ok');
    const created = (await olga.waitFor(isMessage(text))) as Extract<DeskEventEnvelope, { type: 'message.created' }>;
    expect(await customerTexts(created.message.conversationId)).toEqual([text]);
  });

  it('answers ok to events it does not handle, storing nothing', async () => {
    const typing = {
      type: 'message_typing_state',
      group_id: GROUP_ID,
      event_id: 'typing-1',
      v: '5.199',
      secret: CALLBACK_SECRET,
      object: { state: 'typing', from_id: 1, to_id: -GROUP_ID },
    };
    expect(await postCallback(t.server.url, 'vk', typing)).toMatchObject({ status: 200, text: 'ok' });
    await onlyThisIsStored('после набора текста');
  });

  it('refuses garbage with 4xx and nothing stored, and takes messages after a restart', async () => {
    const good = messageNewEvent({ eventId: 'g', peerId: 1_700_017, id: 5, text: 'ok?' });
    const garbage: Array<[unknown, number]> = [
      ['{"type":"message_new",', 400],
      [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
      ['[]', 400],
      [{ ...good, group_id: String(GROUP_ID) }, 400],
      [{ ...good, object: { message: { ...good.object.message, text: 'NUL \u0000 inside' } } }, 400],
      [{ ...good, object: { message: { ...good.object.message, peer_id: 'me' } } }, 400],
      [{ ...good, object: null }, 400],
      [{ ...good, pad: 'x'.repeat(300 * 1024) }, 413],
    ];
    for (const [body, status] of garbage) {
      expect((await postCallback(t.server.url, 'vk', body)).status, JSON.stringify(body).slice(0, 80)).toBe(status);
    }
    await olga.close();
    await t.restart();
    olga = desk.olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    await onlyThisIsStored('после перезапуска');
  });

  it('probes the token with groups.getById', async () => {
    expect(await t.admin.admin.testChannel.mutate({ id: 'vk' })).toMatchObject({
      ok: true,
      probed: true,
      detail: expect.stringContaining(`community ${GROUP_ID}`),
    });
    vk.tokens.clear();
    expect(await t.admin.admin.testChannel.mutate({ id: 'vk' })).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^VK error 5 /),
    });
  });
});

it('answers 408 to a callback body that never finishes, and goes on serving', async () => {
  const t = await startTestServer({ headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 });
  try {
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createChannel.mutate({
      id: 'vk',
      name: 'VK',
      queueId: 'general',
      adapter: 'vk',
      settings: { apiUrl: 'http://127.0.0.1:9/method', groupId: GROUP_ID, confirmation: CONFIRMATION },
      credentials: { accessToken: 'vk1.a.community-token', secret: CALLBACK_SECRET },
    });
    const { hostname, port } = new URL(t.server.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(text));
    });
    const head = 'POST /channels/vk/vk/callback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n';
    socket.write(`${head}Content-Length: 500\r\n\r\n{"type":"message_new","group_id":${GROUP_ID},`);
    expect(await answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(await postCallback(t.server.url, 'vk', confirmationEvent())).toMatchObject({
      status: 200,
      text: CONFIRMATION,
    });
  } finally {
    await t.close();
  }
});
