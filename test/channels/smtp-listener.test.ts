// The SMTP listener with real mail: nodemailer sending into it over loopback, and raw sockets
// for what no well-behaved client sends. Refusals happen at the SMTP step that allows them, and
// nothing refused is handed over for storing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SmtpListener,
  SmtpRefusal,
  type SmtpEnvelope,
  type SmtpListenerOptions,
} from '../../server/channels/email/smtp-listener';

interface Received {
  raw: Buffer;
  envelope: SmtpEnvelope;
}

let listener: SmtpListener | null = null;
afterEach(async () => {
  await listener?.close();
  listener = null;
});

async function start(extra: Partial<SmtpListenerOptions> = {}) {
  const received: Received[] = [];
  listener = new SmtpListener({
    host: '127.0.0.1',
    port: 0,
    tls: null,
    maxBytes: 64 * 1024,
    socketTimeoutMs: 5_000,
    maxClients: 20,
    accepts: (recipient) => recipient === 'support@shop.ru' || recipient.startsWith('support+'),
    takeSenderToken: () => true,
    deliver: async (raw, envelope) => {
      received.push({ raw, envelope });
    },
    log: pino({ level: 'silent' }),
    ...extra,
  });
  const port = await listener.listen();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  return { port, received, transport };
}

const mail = { from: 'ivan@example.ru', to: 'support@shop.ru', subject: 'Заказ', text: 'Где мой заказ?' };

/** Talks SMTP line by line on a raw socket; resolves with everything the server said. */
function converse(port: number, lines: (string | Buffer)[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let said = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      said += chunk;
      const next = lines.shift();
      if (next !== undefined) socket.write(next);
    });
    socket.on('close', () => resolve(said));
    socket.on('error', reject);
  });
}

describe('SMTP listener', { timeout: 20_000 }, () => {
  it('takes a mail for a known address, with its envelope, and answers 250 once it is stored', async () => {
    const { received, transport } = await start();
    const info = await transport.sendMail({ ...mail, envelope: { from: 'bounce@example.ru', to: 'support@shop.ru' } });
    expect(info.response).toMatch(/^250/);
    expect(received).toHaveLength(1);
    expect(received[0].envelope).toEqual({ mailFrom: 'bounce@example.ru', recipients: ['support@shop.ru'] });
    expect(received[0].raw.toString()).toContain('Subject: =?UTF-8?B?');
  });

  it('refuses an unknown recipient with 550 at RCPT; nothing is stored', async () => {
    const { received, transport } = await start();
    const refused = await transport
      .sendMail({ ...mail, to: 'nobody@shop.ru' })
      .catch((e: { responseCode: number; command: string }) => e);
    expect(refused).toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    expect(received).toHaveLength(0);
  });

  it('refuses an oversized mail with 552; nothing is stored, and the listener takes the next mail', async () => {
    const { received, transport } = await start({ maxBytes: 4096 });
    const refused = await transport
      .sendMail({ ...mail, text: 'я'.repeat(10_000) })
      .catch((e: { responseCode: number }) => e);
    expect(refused).toMatchObject({ responseCode: 552 });
    expect(received).toHaveLength(0);
    await transport.sendMail(mail);
    expect(received).toHaveLength(1);
  });

  it('answers 451 when the store fails, so the sender retries; and the refusal the desk gives otherwise', async () => {
    let attempt = 0;
    const { transport } = await start({
      deliver: async () => {
        attempt += 1;
        if (attempt === 1) throw new Error('disk I/O error');
        throw new SmtpRefusal(554, 'Message refused: it cannot be read');
      },
    });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 554 });
  });

  it('answers 450 at MAIL to a sender over its rate, the null sender included', async () => {
    const taken = new Map<string, number>();
    const { received, transport } = await start({
      takeSenderToken: (sender) => {
        taken.set(sender, (taken.get(sender) ?? 0) + 1);
        return taken.get(sender)! <= 2;
      },
    });
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 450, command: 'MAIL FROM' });
    await transport.sendMail({ ...mail, from: 'other@example.ru' });
    expect(received.map((r) => r.envelope.mailFrom)).toEqual([
      'ivan@example.ru',
      'ivan@example.ru',
      'other@example.ru',
    ]);
    await transport.sendMail({ ...mail, envelope: { from: '', to: 'support@shop.ru' } });
    expect(taken.get('<>')).toBe(1);
  });

  it('speaks STARTTLS with the configured certificate', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-smtp-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=mx.shop.ru'],
          ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
        ],
        { stdio: 'ignore' },
      );
      const tls = {
        key: fs.readFileSync(path.join(dir, 'key.pem')),
        cert: fs.readFileSync(path.join(dir, 'cert.pem')),
      };
      const { port, received } = await start({ tls });
      const secure = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        requireTLS: true,
        tls: { ca: tls.cert, servername: 'mx.shop.ru' },
      });
      await secure.sendMail(mail);
      expect(received).toHaveLength(1);
      const plain = await converse(port, ['EHLO client\r\n', 'QUIT\r\n']);
      expect(plain).toContain('STARTTLS');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not offer STARTTLS or AUTH without a certificate', async () => {
    const { port } = await start();
    const said = await converse(port, ['EHLO client\r\n', 'QUIT\r\n']);
    expect(said).not.toContain('STARTTLS');
    expect(said).not.toMatch(/AUTH/);
  });

  it('survives garbage: NUL, invalid UTF-8, an overlong line, a command before EHLO; then takes mail', async () => {
    const { port, received, transport } = await start();
    const said = await converse(port, [
      Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a]),
      `MAIL FROM:<${'a'.repeat(100_000)}@x.ru>\r\n`,
      'RCPT TO:<support@shop.ru>\r\n',
      'DATA\r\n',
      'QUIT\r\n',
    ]);
    expect(said).toMatch(/^220 /);
    expect(said).toMatch(/\r\n5\d\d /);
    await transport.sendMail(mail);
    expect(received).toHaveLength(1);
  });

  it('drops a client that goes quiet, after the socket timeout', async () => {
    const { port } = await start({ socketTimeoutMs: 300 });
    const said = await converse(port, ['EHLO client\r\n']);
    expect(said).toMatch(/421 .*[Tt]imeout/);
  });
});
