// The Telegram channel's webhook against the fake Bot API: `channel add` registers it with
// setWebhook and a secret_token; updates come in with that token in their header, a Russian text
// and a photo round-trip (the photo fetched by getFile and stored, the reply's photo uploaded by
// sendPhoto); a wrong token, a resent update and every kind of garbage store nothing extra.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { JPEG, startTelegramDesk, type TelegramDesk } from '../helpers/telegram-desk';
import { editedUpdate, IVAN, photoUpdate, textUpdate } from '../providers/telegram-fixtures';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(['sqlite', 'postgres'] as const)('Telegram webhook on %s', { timeout: 30_000 }, (store) => {
  let desk: TelegramDesk;
  const hookUrl = () => `${desk.t.server.url}/channels/telegram/tg/webhook`;
  const storedMessages = async () => {
    const conversations = desk.t.server.desk.book.all();
    let count = 0;
    for (const c of conversations)
      count += (await desk.olga.api.operator.messages.query({ conversationId: c.id })).filter(
        (m) => m.author.type === 'customer',
      ).length;
    return count;
  };

  beforeEach(async () => {
    desk = await startTelegramDesk({ store, requestTimeoutMs: 1000, headersTimeoutMs: 1000 }, 'webhook');
    desk.fake.knownChats.add(String(IVAN.id));
  });

  afterEach(async () => {
    await desk.close();
  });

  it('registers the webhook with a secret token when the channel is added', () => {
    expect(desk.fake.webhook).toEqual({
      url: `${desk.t.server.url}/channels/telegram/tg/webhook`,
      secret_token: expect.stringMatching(/^[A-Za-z0-9_-]{1,256}$/),
      allowed_updates: ['message'],
    });
  });

  it('round-trips a Russian text and a photo', async () => {
    const { fake, olga } = desk;
    const large = fake.addFile(JPEG, 'photos/file_7.jpg');
    const small = fake.addFile(Buffer.from('ffd8ffdb', 'hex'), 'photos/file_6.jpg');
    const update = photoUpdate(fake.updateId(), IVAN, { small, large }, 'Вот чек, заказ не пришёл');
    expect(await fake.postUpdate(update)).toMatchObject({ status: 200 });
    const assigned = await olga.waitFor(isAssigned());
    if (assigned.type !== 'conversation.assigned') throw new Error('not an assignment');
    const conversationId = assigned.conversation.id;
    expect(assigned.conversation).toMatchObject({ contactId: String(IVAN.id), customerName: 'Иван Петров' });
    const [photo] = await olga.api.operator.messages.query({ conversationId });
    // The largest size was fetched (getFile, then the download) and stored.
    expect(photo.text).toBe('Вот чек, заказ не пришёл');
    expect(photo.attachments).toEqual([
      { name: `photo-${update.message.message_id}.jpg`, type: 'image/jpeg', size: JPEG.length, hash: sha256(JPEG) },
    ]);
    expect(fake.calls.filter((c) => c.method === 'getFile').map((c) => c.params.file_id)).toEqual([large]);
    const chunk = await olga.api.operator.attachment.query({ conversationId, messageId: photo.id, index: 0 });
    expect(Buffer.from(chunk.data, 'base64')).toEqual(JPEG);

    expect(await fake.postUpdate(textUpdate(fake.updateId(), IVAN, 'Здравствуйте! Где мой заказ?'))).toMatchObject({
      status: 200,
    });
    await expect
      .poll(async () => (await olga.api.operator.messages.query({ conversationId })).map((m) => m.text))
      .toContain('Здравствуйте! Где мой заказ?');

    const upload = await olga.api.operator.upload.mutate({ name: 'накладная.jpg', data: JPEG.toString('base64') });
    const reply = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-0001',
      text: 'Посылка в пути, вот накладная',
      attachments: [upload.file!.ref],
    });
    await fake.waitForSent((sent) => sent.some((s) => s.method === 'sendPhoto'));
    const sentPhoto = fake.sent.find((s) => s.method === 'sendPhoto')!;
    expect(sentPhoto).toMatchObject({
      chatId: String(IVAN.id),
      caption: 'Посылка в пути, вот накладная',
      file: { field: 'photo', name: 'накладная.jpg', type: 'image/jpeg', bytes: JPEG },
    });
    await expect
      .poll(
        async () =>
          (await olga.api.operator.messages.query({ conversationId })).find((m) => m.id === reply.id)?.delivery,
      )
      .toEqual({ status: 'sent', providerId: `${IVAN.id}:${sentPhoto.messageId}`, error: null });
    // The bot's notices went to the chat too, in the channel's language.
    expect(fake.sent.some((s) => s.method === 'sendMessage' && s.text?.startsWith('Здравствуйте! Спасибо'))).toBe(true);
  });

  it('refuses an update without the right secret token, storing nothing', async () => {
    const update = textUpdate(desk.fake.updateId(), IVAN, 'подделка');
    expect((await desk.fake.postUpdate(update, 'not-the-secret')).status).toBe(401);
    expect((await desk.fake.postUpdate(update, null)).status).toBe(401);
    const secret = desk.fake.webhook!.secret_token!;
    expect((await desk.fake.postUpdate(update, secret.slice(0, -1))).status).toBe(401);
    expect(desk.t.server.desk.book.all()).toEqual([]);
    expect(await storedMessages()).toBe(0);
  });

  it('stores a resent update once, and acknowledges kinds it does not take without storing them', async () => {
    const update = textUpdate(desk.fake.updateId(), IVAN, 'один раз');
    const answers = await Promise.all([desk.fake.postUpdate(update), desk.fake.postUpdate(update)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await desk.fake.postUpdate(update)).status).toBe(200);
    await desk.olga.waitFor(isAssigned());
    expect(await storedMessages()).toBe(1);
    expect((await desk.fake.postUpdate(editedUpdate(desk.fake.updateId(), IVAN, 'исправлено'))).status).toBe(200);
    expect(await storedMessages()).toBe(1);
  });

  it('answers garbage with a clear 4xx, stores nothing, and keeps working after a restart', async () => {
    const secret = desk.fake.webhook!.secret_token!;
    const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
      fetch(hookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret, ...headers },
        body,
      });
    const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

    expect(await answer(await post('{"update_id": 1, "message": '))).toEqual({
      status: 400,
      body: { error: 'body is not valid JSON' },
    });
    expect(await answer(await post(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])))).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/not valid UTF-8/) },
    });
    const withNul = JSON.stringify(textUpdate(desk.fake.updateId(), IVAN, 'нуль\u0000внутри'));
    expect(await answer(await post(withNul))).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/NUL/) },
    });
    expect(await answer(await post('{"message": {}}'))).toMatchObject({ status: 400 });
    expect(await answer(await post('[1,2,3]'))).toMatchObject({ status: 400 });
    expect((await post('{}', { 'content-type': 'text/plain' })).status).toBe(415);
    const big = JSON.stringify(textUpdate(desk.fake.updateId(), IVAN, 'я'.repeat(300_000)));
    expect((await post(big)).status).toBe(413);
    // A body that never finishes is cut off by the server's request timeout (1 s here).
    expect(await slowBody(hookUrl(), secret)).toMatch(/^HTTP\/1\.1 408/);
    expect(desk.t.server.desk.book.all()).toEqual([]);

    await desk.olga.close();
    await desk.t.restart();
    desk.olga = await OperatorSession.connect(desk.t.server, 'olga', 'olga-password');
    expect(desk.t.server.desk.book.all()).toEqual([]);
    // The restarted server listens on another port: the update goes to it with the same secret.
    const after = textUpdate(desk.fake.updateId(), IVAN, 'после перезапуска');
    expect((await post(JSON.stringify(after))).status).toBe(200);
    await desk.olga.waitFor(isAssigned());
    expect(await storedMessages()).toBe(1);
  });
});

/** Sends headers and half a body, then nothing; resolves with what the server answers. */
async function slowBody(url: string, secret: string): Promise<string> {
  const { connect } = await import('node:net');
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          `X-Telegram-Bot-Api-Secret-Token: ${secret}\r\nContent-Length: 1000\r\n\r\n{"update_id": 1`,
      );
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
