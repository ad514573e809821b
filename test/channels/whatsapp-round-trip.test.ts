// The WhatsApp channel both ways against the loopback Cloud API (issue 16): a Russian text and a
// photo in and out, Meta's statuses moving a reply forward (and never back), its 131047 for a
// message outside the window marking the reply failed, and an outage retried from the outbox.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope, Message, MessageDelivery } from '../../shared/schemas';
import { OperatorSession } from '../helpers/operator-session';
import { REENGAGEMENT } from '../providers/whatsapp-fixtures';
import { CUSTOMER, startWhatsAppDesk, type WhatsAppDesk } from '../helpers/whatsapp-desk';

// Smallest files file-type knows by their bytes: a JPEG's markers, a 1×1 PNG.
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb0043ffd9', 'hex');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let wa: WhatsAppDesk;

  beforeEach(async () => {
    wa = await startWhatsAppDesk({ store });
  });

  afterEach(async () => {
    await wa.close();
  });

  const reply = (conversationId: string, text: string, attachments?: string[]) =>
    wa.olga.api.operator.send.mutate({ conversationId, clientId: `reply-${text}`, text, attachments });

  const deliveryOf = (messageId: string, status: MessageDelivery['status']) => (e: DeskEventEnvelope) =>
    e.type === 'message.delivery' && e.messageId === messageId && e.delivery.status === status;

  async function stored(conversationId: string, messageId: string): Promise<Message> {
    const transcript = await wa.olga.api.operator.messages.query({ conversationId });
    return transcript.find((m) => m.id === messageId)!;
  }

  /** The wamid the fake gave a reply, once the outbox has recorded it. */
  async function sentAs(messageId: string): Promise<string> {
    const event = await wa.olga.waitFor(deliveryOf(messageId, 'sent'));
    return event.type === 'message.delivery' ? event.delivery.providerId! : '';
  }

  it('carries a Russian text and a photo in, and a reply with a photo out', async () => {
    const { conversationId } = await wa.customerWrites('Здравствуйте! Где мой заказ №4521?');
    const photo = await wa.fake.customerImage(CUSTOMER, JPEG, 'Вот чек');
    expect(photo.status).toBe(200);
    const transcript = await wa.olga.api.operator.messages.query({ conversationId });
    const fromCustomer = transcript.filter((m) => m.author.type === 'customer');
    expect(fromCustomer.map((m) => m.text)).toEqual(['Здравствуйте! Где мой заказ №4521?', 'Вот чек']);
    expect(fromCustomer[0].author.name).toBe('Анна Петрова');
    expect(fromCustomer[1].attachments).toEqual([
      expect.objectContaining({ name: `image-${photo.mediaId}.jpg`, type: 'image/jpeg', size: JPEG.length }),
    ]);
    const file = await wa.olga.api.operator.attachment.query({
      conversationId,
      messageId: fromCustomer[1].id,
      index: 0,
      offset: 0,
    });
    expect(Buffer.from(file.data, 'base64')).toEqual(JPEG);

    const text = await reply(conversationId, 'Добрый день! Заказ уже в пути 🚚');
    const textId = await sentAs(text.id);
    const sentText = wa.fake.sent.find((m) => m.wamid === textId)!;
    expect(sentText).toMatchObject({ to: CUSTOMER.waId, type: 'text' });
    expect(sentText.body.text).toEqual({ body: 'Добрый день! Заказ уже в пути 🚚', preview_url: false });

    const upload = await wa.olga.api.operator.upload.mutate({ name: 'накладная.png', data: PNG.toString('base64') });
    const withPhoto = await reply(conversationId, 'Ваша накладная', [upload.file!.ref]);
    const photoId = await sentAs(withPhoto.id);
    const sentPhoto = wa.fake.sent.find((m) => m.wamid === photoId)!;
    expect(sentPhoto.type).toBe('image');
    const image = sentPhoto.body.image as { id: string; caption: string };
    expect(image.caption).toBe('Ваша накладная');
    expect(wa.fake.media.get(image.id)).toMatchObject({ bytes: PNG, mimeType: 'image/png', filename: 'накладная.png' });
    expect((await stored(conversationId, withPhoto.id)).delivery).toEqual({
      status: 'sent',
      providerId: photoId,
      error: null,
    });
  });

  it('moves a reply to delivered and read by Meta’s statuses, never back, and keeps it after a restart', async () => {
    const { conversationId } = await wa.customerWrites('Привет');
    const sent = await reply(conversationId, 'Здравствуйте, Анна!');
    const wamid = await sentAs(sent.id);
    expect((await wa.fake.status(CUSTOMER.waId, wamid, 'sent')).status).toBe(200);
    expect((await wa.fake.status(CUSTOMER.waId, wamid, 'read')).status).toBe(200);
    await wa.olga.waitFor(deliveryOf(sent.id, 'read'));
    // Meta's statuses come out of order: a delivered after read moves nothing.
    expect((await wa.fake.status(CUSTOMER.waId, wamid, 'delivered')).status).toBe(200);
    expect((await stored(conversationId, sent.id)).delivery).toEqual({
      status: 'read',
      providerId: wamid,
      error: null,
    });
    const told = wa.olga.events.flatMap((e) =>
      e.type === 'message.delivery' && e.messageId === sent.id ? [e.delivery.status] : [],
    );
    expect(told).toEqual(['sent', 'read']);

    const second = await reply(conversationId, 'Что-нибудь ещё?');
    const secondId = await sentAs(second.id);
    await wa.fake.status(CUSTOMER.waId, secondId, 'delivered');
    await wa.olga.waitFor(deliveryOf(second.id, 'delivered'));
    await wa.olga.close();
    await wa.t.restart();
    wa.olga = await OperatorSession.connect(wa.t.server, 'olga', 'olga-password');
    expect((await stored(conversationId, second.id)).delivery?.status).toBe('delivered');
  });

  it('marks a reply failed when Meta reports 131047, the window closed by its clock', async () => {
    const { conversationId } = await wa.customerWrites('Добрый вечер');
    // Meta's window closed while the desk's is still open (Meta counts from its own clock).
    wa.fake.lastInbound.delete(CUSTOMER.waId);
    const late = await reply(conversationId, 'Ответ, который опоздал');
    const wamid = await sentAs(late.id);
    const failed = await wa.olga.waitFor(deliveryOf(late.id, 'failed'));
    expect(failed.type === 'message.delivery' && failed.delivery.error).toMatch(
      /^outside the 24-hour window: .*WhatsApp 131047: Re-engagement message/,
    );
    expect((await stored(conversationId, late.id)).delivery).toMatchObject({ status: 'failed', providerId: wamid });

    // Some accounts are refused at once: then the outbox gives up on the message, as permanent.
    wa.fake.windowRefusal = 'error';
    const refused = await reply(conversationId, 'И этот тоже');
    const gaveUp = await wa.olga.waitFor(deliveryOf(refused.id, 'failed'));
    expect(gaveUp.type === 'message.delivery' && gaveUp.delivery.error).toMatch(
      new RegExp(`^outside the 24-hour window: .*WhatsApp 131047: \\(#131047\\) ${REENGAGEMENT.title}`),
    );
    expect(wa.fake.sent.filter((m) => m.body.text?.body === 'И этот тоже')).toHaveLength(0);
  });

  it('probes the number with the token, and says what Meta answered when the token is wrong', async () => {
    expect(await wa.t.admin.admin.testChannel.mutate({ id: 'wa' })).toMatchObject({
      ok: true,
      detail: 'number +1 555-078-3881 (Shop)',
    });
    await wa.t.admin.admin.updateChannel.mutate({ id: 'wa', credentials: { accessToken: 'EAAG-revoked-token' } });
    const refused = await wa.t.admin.admin.testChannel.mutate({ id: 'wa' });
    expect(refused).toMatchObject({ probed: true, ok: false });
    expect(refused.detail).toBe(
      'phone number 106540352242922: WhatsApp 190: Invalid OAuth access token - Cannot parse access token',
    );
    expect(JSON.stringify(await wa.t.admin.admin.listChannels.query())).not.toContain('EAAG-revoked');
  });

  it('retries through a 503 and a refused connection, and delivers each reply once', async () => {
    const { conversationId } = await wa.customerWrites('Алло?');
    // The bot's greeting goes first: the outage is for the reply.
    await expect
      .poll(async () => (await wa.olga.api.operator.messages.query({ conversationId })).map((m) => m.delivery?.status))
      .not.toContain('pending');
    wa.fake.unavailableFor = 2;
    const retried = await reply(conversationId, 'После сбоя');
    await sentAs(retried.id);
    expect(wa.fake.attempts.filter((text) => text === 'После сбоя')).toHaveLength(3);
    expect(wa.fake.sent.filter((m) => m.body.text?.body === 'После сбоя')).toHaveLength(1);

    await wa.fake.stop();
    const waited = await reply(conversationId, 'Когда сервер вернётся');
    // Tried while nobody listens, and kept in the outbox for another attempt.
    const { store: db } = wa.t.server.desk.ctx;
    await expect
      .poll(async () => (await db.all(db.q.pendingOutbox, {})).find((e) => e.message_id === waited.id)?.last_error)
      .toMatch(/^Graph API unreachable: .*ECONNREFUSED/);
    expect((await stored(conversationId, waited.id)).delivery?.status).toBe('pending');
    await wa.fake.start();
    await sentAs(waited.id);
    expect(wa.fake.sent.filter((m) => m.body.text?.body === 'Когда сервер вернётся')).toHaveLength(1);
  });
});
