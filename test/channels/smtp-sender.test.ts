// Outbound mail to a real SMTP sink (smtp-server) on loopback: the reply arrives with its thread
// headers, and the sink's answers sort into final (5xx) and passing (4xx, no connection) failures.
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInboundMail, type InboundMail } from '../../server/channels/email/inbound-mail';
import { replyMail } from '../../server/channels/email/outbound-mail';
import { SmtpSender } from '../../server/channels/email/smtp-sender';
import { splitAddress } from '../../server/channels/email/threading';

let sink: SMTPServer | null = null;
let sender: SmtpSender | null = null;
afterEach(async () => {
  sender?.close();
  await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
  sink = sender = null;
});

/** A relay that answers each recipient with `answer(recipient)`: null accepts. */
async function startSink(answer: (recipient: string) => number | null): Promise<{ port: number; got: InboundMail[] }> {
  const got: InboundMail[] = [];
  sink = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = answer(address.address);
      if (code === null) return callback();
      callback(Object.assign(new Error(`refused ${address.address}`), { responseCode: code }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void parseInboundMail(Buffer.concat(chunks), null).then((mail) => {
          got.push(mail);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
  return { port: (sink.server.address() as { port: number }).port, got };
}

const relay = (port: number) => ({ host: '127.0.0.1', port, secure: false, user: null, password: null });
const conversationId = '0mip3x1yz0000a1b2c3d4';
const reply = (to: string) =>
  replyMail({
    channelAddress: splitAddress('support@shop.ru')!,
    company: 'Shop',
    authorName: 'Ольга',
    to,
    conversationId,
    messageId: 'm0000000001',
    text: 'Отправили сегодня.',
    parent: { messageId: '<c1@example.ru>', references: [], subject: 'Заказ' },
    attachments: [{ filename: 'счёт.pdf', content: Buffer.from('%PDF-1.4 счёт'), contentType: 'application/pdf' }],
  });

describe('outbound mail through a relay', { timeout: 20_000 }, () => {
  it('delivers the reply with its thread headers and attachment, and returns its Message-ID', async () => {
    const { port, got } = await startSink(() => null);
    sender = new SmtpSender(relay(port));
    const outcome = await sender.send(reply('ivan@example.ru'));
    expect(outcome).toMatchObject({ ok: true, providerId: `<textdesk.${conversationId}.m0000000001@shop.ru>` });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      inReplyTo: '<c1@example.ru>',
      subject: `Re: Заказ [#${conversationId}]`,
      text: 'Отправили сегодня.',
      from: { address: 'support@shop.ru', name: 'Ольга via Shop' },
    });
    expect(got[0].attachments.map((a) => [a.filename, a.content.toString()])).toEqual([['счёт.pdf', '%PDF-1.4 счёт']]);
  });

  it('a 5xx is final, a 4xx passes', async () => {
    const { port } = await startSink((to) => (to.startsWith('gone') ? 550 : 451));
    sender = new SmtpSender(relay(port));
    expect(await sender.send(reply('gone@example.ru'))).toMatchObject({ ok: false, permanent: true });
    expect(await sender.send(reply('busy@example.ru'))).toMatchObject({ ok: false, permanent: false });
  });

  it('no relay listening is a passing failure', async () => {
    const { port } = await startSink(() => null);
    await new Promise<void>((resolve) => sink!.close(() => resolve()));
    sink = null;
    sender = new SmtpSender(relay(port));
    expect(await sender.send(reply('ivan@example.ru'))).toMatchObject({ ok: false, permanent: false });
  });
});
