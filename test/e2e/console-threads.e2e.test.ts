// Issue 18, "done when": a customer writes on web chat with an address the site verified (the
// site's backend signs it: server/channels/webchat/identity.ts), then by e-mail from the same
// address (a real SMTP listener); the operator's real console binary, in tmux, shows one customer
// with both threads, each with its channel, and the answer going out by e-mail, where the
// customer wrote last. The screen is read at 80×24, then at 200×50 after a resize.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { identitySignature } from '../../server/channels/webchat/identity';
import { startConsole, tmuxOrSkip, VERA } from '../helpers/console-desk';
import { RelaySink } from '../helpers/mail-desk';
import { startTestServer, type TestServer } from '../helpers/server';
import type { TmuxTerminal } from '../helpers/tmux-terminal';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const runs = tmuxOrSkip('test/e2e/console-threads.e2e.test.ts');
const ADDRESS = 'Anna.Petrova@example.com';

let t: TestServer;
let relay: RelaySink;
let visitor: WebchatVisitor;
let terminal: TmuxTerminal;

/** The hotlist's rows: left of its border, between the status line and the composer's bar. */
const hotlistRows = (screen: string, width: number) =>
  screen
    .split('\n')
    .slice(1)
    .filter((row) => row.includes('│'))
    .map((row) => row.slice(0, width));

beforeAll(async () => {
  if (!runs) return;
  relay = new RelaySink();
  const relayPort = await relay.start();
  t = await startTestServer({ smtpPort: 0 });
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support', skills: [] });
  await t.admin.admin.createOperator.mutate({ ...VERA, name: 'Vera', skills: [], capacity: 3 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'site',
    name: 'Site',
    queueId: 'support',
    adapter: 'webchat',
    lang: 'en',
  });
  await t.admin.admin.createChannel.mutate({
    id: 'mail',
    name: 'Mail',
    queueId: 'support',
    adapter: 'email',
    medium: 'email',
    lang: 'en',
    settings: {
      address: 'support@shop.example',
      company: 'Shop',
      relayHost: '127.0.0.1',
      relayPort,
      relaySecure: false,
    },
  });
  terminal = startConsole({ t }, { columns: 80, rows: 24, lang: 'en' });
  await terminal.waitFor((s) => s.includes('● online'), 'the console online');

  // The site's backend signed the logged-in visitor's address with the channel secret.
  visitor = await WebchatVisitor.open(t.server.wsUrl, 'site');
  visitor.sendRaw({
    type: 'hello',
    name: 'Anna Petrova',
    identity: { email: ADDRESS, signature: identitySignature(ADDRESS, secret) },
  });
  expect((await visitor.waitFor((f) => f.type === 'welcome' || f.type === 'error')).type).toBe('welcome');
  expect(await visitor.say('w1', 'Where is my order? Asked on the site')).toMatchObject({ type: 'ack' });
  await terminal.waitFor((s) => s.includes('Where is my order?'), 'the web chat dialog');

  const mailer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.server.listenerPorts.smtp,
    secure: false,
    ignoreTLS: true,
  });
  await mailer.sendMail({
    from: `Anna Petrova <${ADDRESS.toLowerCase()}>`,
    to: 'support@shop.example',
    subject: 'My order',
    text: 'No answer on the site, so I write by mail',
  });
  mailer.close();
}, 60_000);

afterAll(async () => {
  terminal?.close();
  visitor?.close();
  await t?.close();
  await relay?.close();
});

describe.skipIf(!runs)('one customer on web chat and e-mail, in the real console', () => {
  test('at 80×24: the customer once in the hotlist, each thread with its channel; the answer goes by e-mail', async () => {
    const screen = await terminal.waitFor(
      (s) => s.includes('No answer on the site') && s.includes('via e-mail'),
      'both threads on screen',
    );
    const hotlist = hotlistRows(screen, 26);
    expect(hotlist.filter((row) => row.includes('Anna Petrova'))).toHaveLength(1);
    expect(hotlist.some((row) => /^ {2}[ ▸]\d W site/.test(row))).toBe(true);
    expect(hotlist.some((row) => /^ {2}▸\d @ mail/.test(row))).toBe(true);
    // The transcript reads both threads together, each message marked with its channel.
    expect(screen).toMatch(/\[W\] < Anna Petrova: Where is my order\?/);
    // A mail shows its subject first, then its text.
    expect(screen).toMatch(/\[@\] < Anna Petrova: Subject: My order/);
    expect(screen).toContain('No answer on the site, so I write by mail');
    expect(screen).toMatch(/Reply → #\d Anna Petrova via e-mail/);
  });

  test('at 200×50 after a resize, the same; Alt+T turns the answer to web chat', async () => {
    terminal.resize(200, 50);
    let screen = await terminal.waitFor(
      (s) => s.replace(/\n$/, '').split('\n').length === 50 && s.includes('via e-mail'),
      'the frame at 200×50',
    );
    const hotlist = hotlistRows(screen, 36);
    expect(hotlist.filter((row) => row.includes('Anna Petrova'))).toHaveLength(1);
    expect(hotlist.some((row) => row.includes('W site'))).toBe(true);
    expect(hotlist.some((row) => row.includes('@ mail'))).toBe(true);
    expect(screen).toMatch(/\[W\] < Anna Petrova: Where is my order\?/);
    // A mail shows its subject first, then its text.
    expect(screen).toMatch(/\[@\] < Anna Petrova: Subject: My order/);
    expect(screen).toContain('No answer on the site, so I write by mail');
    terminal.sendKeys(['M-t']);
    screen = await terminal.waitFor((s) => s.includes('via web chat'), 'the answer on web chat');
    expect(screen).toMatch(/Reply → #\d Anna Petrova via web chat/);
  });
});
