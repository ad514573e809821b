// Attachments on every channel (issue 14 §3), on the real server over loopback, on both stores:
// files in through the API channel and the web chat, out through the webhook with signed links
// that download the same bytes, operators' uploads and downloads over tRPC, the refusals (size,
// programs, forged and expired links, another visitor's upload, garbage), and housekeeping.
import fs from 'node:fs';
import path from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/attachments/file-blobs';
import { visitorToken } from '../../server/channels/webchat/visitor-sockets';
import { ManualClock } from '../../server/domain/clock';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, isMessage, OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebchatVisitor } from '../helpers/webchat-visitor';
import { WebhookReceiver } from '../helpers/webhook-receiver';

// A 1×1 PNG and a small PDF.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const ELF = fs.readFileSync(process.execPath).subarray(0, 4096);
const MAX_FILE = 64 * 1024;
const GRACE = 10 * 60 * 1000;

describe.each(['sqlite', 'postgres'] as const)('attachments on %s', { timeout: 30_000 }, (store) => {
  const clock = new ManualClock(Date.now());
  let t: TestServer;
  let hook: WebhookReceiver;
  let apiSecret: string;
  let chatSecret: string;
  let olga: OperatorSession;

  beforeAll(async () => {
    hook = new WebhookReceiver();
    const webhookUrl = await hook.start();
    t = await startTestServer(
      { store, attachmentMaxBytes: MAX_FILE, messageAttachmentsMaxBytes: 2 * MAX_FILE, attachmentGraceMs: GRACE },
      clock,
    );
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({
      login: 'olga',
      name: 'Olga',
      password: 'olga-password',
      capacity: 50,
    });
    ({ secret: apiSecret } = await t.admin.admin.createChannel.mutate({
      id: 'api',
      name: 'API',
      queueId: 'general',
      settings: { webhookUrl },
    }));
    ({ secret: chatSecret } = await t.admin.admin.createChannel.mutate({
      id: 'widget',
      name: 'Widget',
      queueId: 'general',
      adapter: 'webchat',
    }));
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterAll(async () => {
    await olga.close();
    await hook.close();
    await t.close();
  });

  const db = () => t.server.desk.ctx.store;
  /** Whether anything of the file is stored: its row, or its bytes (on disk or in file_blobs). */
  async function stored(bytes: Buffer): Promise<boolean> {
    const hash = sha256(bytes);
    const row = await db().get(db().q.fileByHash, { hash });
    const blob = await db().get(db().q.blobByHash, { hash });
    const onDisk = fs.existsSync(path.join(t.dataDir, 'files', hash.slice(0, 2), hash.slice(2, 4), hash));
    return row !== undefined || blob !== undefined || onDisk;
  }
  const post = (message: unknown) => postCustomerMessage(t.server.url, 'api', apiSecret, message);
  const file = (name: string, bytes: Buffer) => ({ name, data: bytes.toString('base64') });

  async function operatorUpload(name: string, bytes: Buffer) {
    const progress = await olga.api.operator.upload.mutate({ name, data: bytes.toString('base64') });
    return progress.file!;
  }

  it('takes files in on the API channel and sends the reply’s files out as signed links that download the same bytes', async () => {
    const posted = await post({
      id: 'a-1',
      contact: { id: 'ivan' },
      text: 'the receipt',
      attachments: [file('../../etc/receipt\u001b[31m.pdf', PDF), file('photo.png', PNG)],
    });
    expect(posted.status).toBe(202);
    const { conversationId } = posted.body;
    await olga.waitFor(isAssigned(conversationId));
    const [customerMessage] = await olga.api.operator.messages.query({ conversationId });
    // The name loses its directory and its escape sequence; the type comes from the bytes.
    expect(customerMessage.attachments).toEqual([
      { name: 'receipt[31m.pdf', type: 'application/pdf', size: PDF.length, hash: sha256(PDF) },
      { name: 'photo.png', type: 'image/png', size: PNG.length, hash: sha256(PNG) },
    ]);
    const chunk = await olga.api.operator.attachment.query({
      conversationId,
      messageId: customerMessage.id,
      index: 0,
    });
    expect(Buffer.from(chunk.data, 'base64')).toEqual(PDF);
    expect(chunk.done).toBe(true);

    const upload = await operatorUpload('reply.png', PNG);
    await olga.api.operator.send.mutate({ conversationId, clientId: 'reply-a-1', text: '', attachments: [upload.ref] });
    while (!hook.deliveries.some((d) => d.payload.message.attachments?.length))
      await hook.waitForAttempts(hook.attempts.length + 1);
    const delivered = hook.deliveries.find((d) => d.payload.message.attachments?.length);
    const [link] = delivered!.payload.message.attachments!;
    expect(link).toMatchObject({ name: 'reply.png', type: 'image/png', size: PNG.length, hash: sha256(PNG) });
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);

    // A PDF goes out as a download, never shown in place.
    const pdfLink = t.server.files.downloadLink({
      name: 'x.pdf',
      type: 'application/pdf',
      size: PDF.length,
      hash: sha256(PDF),
    });
    const pdf = await fetch(pdfLink.url);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="x.pdf"/);

    // Forged: another file's hash under the same signature, or the name changed.
    const forged = await fetch(link.url.replace(sha256(PNG), sha256(PDF)));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toMatch(/not valid/);
    const renamed = await fetch(link.url.replace('name=reply.png', 'name=reply.html'));
    expect(renamed.status).toBe(403);
    clock.advance(8 * 24 * 60 * 60 * 1000);
    const expired = await fetch(link.url);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
  });

  it('refuses an over-limit file and a program renamed .jpg, naming the file, and stores nothing', async () => {
    const big = Buffer.alloc(MAX_FILE + 1, 7);
    const tooBig = await post({
      id: 'a-big',
      contact: { id: 'petr' },
      text: 'big',
      attachments: [file('big.bin', big)],
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/"big\.bin".*at most 0\.06 MiB/);
    expect(await stored(big)).toBe(false);

    const program = await post({
      id: 'a-elf',
      contact: { id: 'petr' },
      text: 'a photo',
      attachments: [file('ok.png', PNG), file('holiday.jpg', ELF)],
    });
    expect(program.status).toBe(415);
    expect(program.body.error).toMatch(/"holiday\.jpg" is refused: the file is a program/);
    expect(await stored(ELF)).toBe(false);
    // Neither message was stored.
    const snapshot = await t.admin.supervisor.snapshot.query();
    expect(snapshot.conversations.some((c) => c.contactId === 'petr')).toBe(false);

    await expect(olga.api.operator.upload.mutate({ name: 'x.jpg', data: ELF.toString('base64') })).rejects.toThrow(
      /program/,
    );
  });

  it('answers garbage at the new doors with a 4xx and stores nothing', async () => {
    const badBase64 = await post({ id: 'g-1', contact: { id: 'g' }, attachments: [{ name: 'a.txt', data: '%%%' }] });
    expect(badBase64.status).toBe(400);
    const nul = await post({ id: 'g-2', contact: { id: 'g' }, attachments: [file('a\u0000.txt', PDF)] });
    expect(nul.status).toBe(400);
    expect(nul.body.fields['attachments.0.name']).toMatch(/NUL/);
    const noText = await post({ id: 'g-3', contact: { id: 'g' } });
    expect(noText.status).toBe(400);
    const huge = await post({ id: 'g-4', contact: { id: 'g' }, text: 'x', pad: 'y'.repeat(400 * 1024) });
    expect(huge.status).toBe(413);
    // The upload route: no token, a token of another channel, no name, an oversize body.
    const upload = (headers: Record<string, string>, query: string, body: Buffer) =>
      fetch(`${t.server.url}/channels/webchat/widget/files${query}`, { method: 'POST', headers, body });
    expect((await upload({}, '?name=a.png', PNG)).status).toBe(401);
    expect((await upload({ authorization: `Bearer ${visitorToken('v', 'other')}` }, '?name=a', PNG)).status).toBe(401);
    const token = { authorization: `Bearer ${visitorToken('v-garbage', chatSecret)}` };
    expect((await upload(token, '', PNG)).status).toBe(400);
    expect((await upload(token, '?name=a%00b', PNG)).status).toBe(400);
    const oversize = Buffer.alloc(MAX_FILE + 10, 1);
    const refused = await upload(token, '?name=big.bin', oversize);
    expect(refused.status).toBe(413);
    expect(await stored(oversize)).toBe(false);
    expect(await stored(Buffer.from('%%%'))).toBe(false);
  });

  it('carries a web chat upload in a message frame, and refuses another visitor’s upload', async () => {
    const anna = await WebchatVisitor.open(t.server.wsUrl, 'widget');
    const welcome = await anna.hello({ name: 'Anna' });
    const token = welcome.type === 'welcome' ? welcome.visitorToken : '';
    const uploaded = await fetch(
      `${t.server.url}/channels/webchat/widget/files?name=${encodeURIComponent('чек.pdf')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: PDF,
      },
    );
    expect(uploaded.status).toBe(201);
    const ref = (await uploaded.json()) as { ref: string; name: string; type: string };
    expect(ref).toMatchObject({ name: 'чек.pdf', type: 'application/pdf' });

    const eve = await WebchatVisitor.open(t.server.wsUrl, 'widget');
    await eve.hello();
    eve.sendRaw({ type: 'message', id: 'e-1', text: 'mine now', attachments: [ref.ref] });
    const stolen = await eve.waitFor((f) => f.type === 'error' && f.id === 'e-1');
    expect(stolen.type === 'error' && stolen.error).toMatch(/not an upload of yours/);

    anna.sendRaw({ type: 'message', id: 'w-1', text: '', attachments: [ref.ref] });
    const ack = await anna.waitFor((f) => f.type === 'ack' && f.id === 'w-1');
    const conversationId = ack.type === 'ack' ? ack.conversationId : '';
    await olga.waitFor(isAssigned(conversationId));
    const messages = await olga.api.operator.messages.query({ conversationId });
    expect(messages[0].attachments).toEqual([
      { name: 'чек.pdf', type: 'application/pdf', size: PDF.length, hash: sha256(PDF) },
    ]);
    // The operator's file reaches the widget with a link it can fetch.
    const reply = await operatorUpload('answer.png', PNG);
    await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'reply-w-1',
      text: 'here',
      attachments: [reply.ref],
    });
    const pushed = await anna.waitFor((f) => f.type === 'message' && f.message.text === 'here');
    const url = pushed.type === 'message' ? pushed.message.attachments![0].url : '';
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(PNG);
    anna.close();
    eve.close();
  });

  it('slows down a visitor who uploads file after file', async () => {
    const token = visitorToken(`v-flood-${store}`, chatSecret);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${t.server.url}/channels/webchat/widget/files?name=n${i}.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: Buffer.from(`note ${i} ${store}`),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('uploads an operator’s file in parts and refuses another operator’s ref', async () => {
    const bytes = Buffer.concat([PDF, Buffer.alloc(20_000, 'a')]);
    const first = await olga.api.operator.upload.mutate({
      name: 'long.pdf',
      data: bytes.subarray(0, 10_000).toString('base64'),
      last: false,
    });
    expect(first.file).toBeNull();
    const done = await olga.api.operator.upload.mutate({
      name: 'long.pdf',
      data: bytes.subarray(10_000).toString('base64'),
      append: first.ref,
    });
    expect(done.file).toMatchObject({ size: bytes.length, hash: sha256(bytes), type: 'application/pdf' });

    await t.admin.admin.createOperator.mutate({ login: 'ivan', name: 'Ivan', password: 'ivan-password' });
    const ivan = await OperatorSession.connect(t.server, 'ivan', 'ivan-password');
    const posted = await post({ id: 'o-1', contact: { id: 'ref-thief' }, text: 'hello' });
    await olga.waitFor(isMessage('hello'));
    const error = await ivan.api.operator.send
      .mutate({ conversationId: posted.body.conversationId, clientId: 'steal-1', text: 'x', attachments: [done.ref] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    // Nor may he read a file of a conversation that is not his.
    const [withFile] = (await olga.api.operator.messages.query({ conversationId: posted.body.conversationId })).filter(
      (m) => m.author.type === 'customer',
    );
    const denied = await ivan.api.operator.attachment
      .query({ conversationId: posted.body.conversationId, messageId: withFile.id, index: 0 })
      .catch((e: unknown) => e);
    expect((denied as TRPCClientError<never>).message).toMatch(/not assigned to you/);
    await ivan.close();
  });

  it('deletes a file no message refers to after the grace, and keeps one a message carries', async () => {
    const orphan = Buffer.from('an upload nobody sent, ' + store);
    await operatorUpload('orphan.txt', orphan);
    const kept = Buffer.from('%PDF-1.4\n% kept ' + store + '\n%%EOF\n');
    await post({ id: 'h-1', contact: { id: 'h' }, text: 'keep', attachments: [file('kept.pdf', kept)] });
    await t.server.desk.housekeeping.sweep();
    expect(await stored(orphan)).toBe(true);
    clock.advance(GRACE + 1);
    await t.server.desk.housekeeping.sweep();
    expect(await stored(orphan)).toBe(false);
    expect(await stored(kept)).toBe(true);
  });

  it('keeps download links working after a restart: the signing key is stored', async () => {
    const link = t.server.files.downloadLink({
      name: 'photo.png',
      type: 'image/png',
      size: PNG.length,
      hash: sha256(PNG),
    });
    await olga.close();
    await t.restart();
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
    // The test server comes back on another port; the link's path and signature are what count.
    const { pathname, search } = new URL(link.url);
    const response = await fetch(`${t.server.url}${pathname}${search}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });
});
