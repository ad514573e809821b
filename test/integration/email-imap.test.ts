// An e-mail channel that reads a mailbox hosted elsewhere (a real Dovecot): mail becomes
// conversations, and a restart of the server in the middle of the mailbox neither imports a
// mail twice nor skips one.
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { startTestServer, tempDataDir } from '../helpers/server';
import { DOVECOT_PASSWORD, dovecotOrSkip, startDovecot, type Dovecot } from '../helpers/dovecot';

const run = dovecotOrSkip('test/integration/email-imap.test.ts');
let dovecot: Dovecot;
beforeAll(async () => {
  if (run) dovecot = await startDovecot();
}, 30_000);
afterAll(async () => {
  await dovecot?.stop();
});

async function append(client: ImapFlow, n: number): Promise<void> {
  const raw = await new MailComposer({
    from: `customer${n}@example.ru`,
    to: 'support@shop.ru',
    subject: `Письмо ${n}`,
    messageId: `<imap-${n}@example.ru>`,
    text: `Текст ${n}`,
  })
    .compile()
    .build();
  await client.append('INBOX', raw);
}

describe.runIf(run)('e-mail from an IMAP mailbox', { timeout: 60_000 }, () => {
  it('imports waiting mail, then new mail; a restart between imports neither duplicates nor skips', async () => {
    const mailbox = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: 'shop', pass: DOVECOT_PASSWORD },
      logger: false,
    });
    await mailbox.connect();
    for (const n of [1, 2, 3]) await append(mailbox, n);

    const data = tempDataDir();
    const start = async () => {
      const t = await startTestServer({ data });
      const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
      return { t, olga };
    };
    const first = await startTestServer({ data });
    await first.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await first.admin.admin.createOperator.mutate({
      login: 'olga',
      name: 'Olga',
      password: 'olga-password',
      capacity: 10,
    });
    let olga = await OperatorSession.connect(first.server, 'olga', 'olga-password');
    await first.admin.admin.createChannel.mutate({
      id: 'mailbox',
      name: 'Mailbox',
      queueId: 'general',
      adapter: 'email',
      medium: 'email',
      settings: {
        address: 'support@shop.ru',
        company: 'Shop',
        relayHost: '127.0.0.1',
        imapHost: '127.0.0.1',
        imapPort: dovecot.port,
        imapSecure: false,
        imapUser: 'shop',
        imapPollSeconds: 600,
      },
      credentials: { imapPassword: DOVECOT_PASSWORD },
    });
    // The channel's importer starts within the reconcile period; its mail then arrives by itself.
    await olga.waitFor(() => olga.events.filter(isAssigned()).length >= 3);
    await olga.close();
    await first.server.close();

    // While the server is down, more mail arrives, and a copy of one imported before (as after a
    // crash between its commit and the saved UID). Imported in UID order: the copy before mail 5.
    await append(mailbox, 4);
    await append(mailbox, 2);
    await append(mailbox, 5);
    const second = await start();
    olga = second.olga;
    // The mailbox is read again as the server starts; what it finds comes after the connection.
    let snapshot = await olga.api.operator.snapshot.query();
    while (snapshot.conversations.length < 5) {
      const heard = olga.events.length;
      await olga.waitFor(() => olga.events.length > heard);
      snapshot = await olga.api.operator.snapshot.query();
    }
    const texts = (
      await Promise.all(snapshot.conversations.map((c) => olga.api.operator.messages.query({ conversationId: c.id })))
    )
      .flat()
      .filter((m) => m.author.type === 'customer')
      .map((m) => m.text)
      .sort();
    expect(texts).toEqual([1, 2, 3, 4, 5].map((n) => `Subject: Письмо ${n}\n\nТекст ${n}`));
    await olga.close();
    // A mail is marked seen just after its commit: stopping the server waits for its importer.
    await second.t.close();
    const flags = await mailbox.status('INBOX', { unseen: true, messages: true });
    expect(flags).toMatchObject({ messages: 6, unseen: 0 });
    await mailbox.logout();
  });
});
