// Importing mail from a real IMAP server (a throw-away Dovecot): in order, marked seen or moved
// only once committed, new mail heard of by IDLE, and a restart in the middle neither skips nor
// duplicates anything.
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInboundMail } from '../../server/channels/email/inbound-mail';
import { ImapPoller, type ImapCursor, type ImapSettings } from '../../server/channels/email/imap-poller';
import { DOVECOT_PASSWORD, dovecotOrSkip, startDovecot, type Dovecot } from '../helpers/dovecot';

const run = dovecotOrSkip('test/channels/imap-poller.test.ts');
let dovecot: Dovecot;

beforeAll(async () => {
  if (run) dovecot = await startDovecot();
}, 30_000);
afterAll(async () => {
  await dovecot?.stop();
});

const settings = (user: string, extra: Partial<ImapSettings> = {}): ImapSettings => ({
  host: '127.0.0.1',
  port: dovecot.port,
  secure: false,
  user,
  password: DOVECOT_PASSWORD,
  mailbox: 'INBOX',
  moveTo: null,
  // Long: new mail must arrive through IDLE, not the poll.
  pollMs: 600_000,
  ...extra,
});

async function mailbox(user: string): Promise<ImapFlow> {
  const client = new ImapFlow({ ...imapAuth(user), logger: false });
  await client.connect();
  return client;
}
const imapAuth = (user: string) => ({
  host: '127.0.0.1',
  port: dovecot.port,
  secure: false,
  auth: { user, pass: DOVECOT_PASSWORD },
});

async function append(client: ImapFlow, n: number): Promise<void> {
  const raw = await new MailComposer({
    from: 'ivan@example.ru',
    to: 'support@shop.ru',
    subject: `письмо ${n}`,
    messageId: `<m${n}@example.ru>`,
    text: `текст ${n}`,
  })
    .compile()
    .build();
  await client.append('INBOX', raw);
}

/** What a store with a Message-ID idempotency key keeps, and the order it was given mail in. */
class Inbox {
  readonly stored = new Map<string, string>();
  readonly order: string[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  cursor: ImapCursor | null = null;
  failOnce: string | null = null;

  async deliver(raw: Buffer): Promise<void> {
    const mail = await parseInboundMail(raw, null);
    const id = mail.messageId!;
    this.order.push(id);
    if (!this.stored.has(id)) this.stored.set(id, mail.subject);
    // Committed, then the process "dies" before the cursor is saved.
    if (this.failOnce === id) {
      this.failOnce = null;
      throw new Error('crash after the commit');
    }
    for (const w of this.waiters.filter((w) => this.stored.size >= w.count)) w.resolve();
  }

  storedCount(count: number): Promise<void> {
    if (this.stored.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  poller(s: ImapSettings): ImapPoller {
    return new ImapPoller({
      settings: s,
      loadCursor: async () => this.cursor,
      saveCursor: async (cursor) => {
        this.cursor = cursor;
      },
      deliver: (raw) => this.deliver(raw),
      log: pino({ level: 'silent' }),
    });
  }
}

async function seenFlags(client: ImapFlow, folder: string): Promise<boolean[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    // By UID: the server may also report flags other connections changed, in the same response.
    const seen = new Map<number, boolean>();
    for await (const m of client.fetch('1:*', { uid: true, flags: true }))
      if (m.uid) seen.set(m.uid, m.flags?.has('\\Seen') ?? false);
    return [...seen.entries()].sort(([a], [b]) => a - b).map(([, flag]) => flag);
  } finally {
    lock.release();
  }
}

describe.runIf(run)('IMAP import from Dovecot', { timeout: 30_000 }, () => {
  it('imports waiting mail in order, marks it seen, then hears of new mail by IDLE', async () => {
    const client = await mailbox('shop1');
    for (const n of [1, 2, 3]) await append(client, n);
    const inbox = new Inbox();
    const poller = inbox.poller(settings('shop1'));
    await poller.start();
    expect(inbox.order).toEqual(['<m1@example.ru>', '<m2@example.ru>', '<m3@example.ru>']);
    expect(await seenFlags(client, 'INBOX')).toEqual([true, true, true]);
    await append(client, 4);
    await inbox.storedCount(4);
    await poller.stop();
    expect(inbox.order.at(-1)).toBe('<m4@example.ru>');
    expect(inbox.cursor?.lastUid).toBe(4);
    await client.logout();
  });

  it('a restart between the commit and the saved UID imports that mail again, stored once; nothing skipped', async () => {
    const client = await mailbox('shop2');
    for (const n of [1, 2, 3]) await append(client, n);
    const inbox = new Inbox();
    inbox.failOnce = '<m2@example.ru>';
    const first = inbox.poller(settings('shop2'));
    await first.start();
    await first.stop();
    expect(inbox.order).toEqual(['<m1@example.ru>', '<m2@example.ru>']);
    expect(await seenFlags(client, 'INBOX')).toEqual([true, false, false]);

    const second = inbox.poller(settings('shop2'));
    await second.start();
    await second.stop();
    expect(inbox.order).toEqual(['<m1@example.ru>', '<m2@example.ru>', '<m2@example.ru>', '<m3@example.ru>']);
    expect([...inbox.stored.keys()]).toEqual(['<m1@example.ru>', '<m2@example.ru>', '<m3@example.ru>']);
    expect(await seenFlags(client, 'INBOX')).toEqual([true, true, true]);
    await client.logout();
  });

  it('moves committed mail to a folder when asked to', async () => {
    const client = await mailbox('shop3');
    await client.mailboxCreate('Imported');
    for (const n of [1, 2]) await append(client, n);
    const inbox = new Inbox();
    const poller = inbox.poller(settings('shop3', { moveTo: 'Imported' }));
    await poller.start();
    await poller.stop();
    expect(inbox.stored.size).toBe(2);
    expect(await client.status('INBOX', { messages: true })).toMatchObject({ messages: 0 });
    expect(await client.status('Imported', { messages: true })).toMatchObject({ messages: 2 });
    await client.logout();
  });

  it('starts over when the mailbox was rebuilt (a new UIDVALIDITY); the idempotency key keeps one copy', async () => {
    const client = await mailbox('shop4');
    await append(client, 1);
    const inbox = new Inbox();
    inbox.cursor = { uidValidity: 'an older mailbox', lastUid: 99 };
    const poller = inbox.poller(settings('shop4'));
    await poller.start();
    await poller.stop();
    expect([...inbox.stored.keys()]).toEqual(['<m1@example.ru>']);
    await client.logout();
  });
});
