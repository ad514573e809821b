// A reply the provider refuses for good is marked in the operator's transcript as it happens:
// an e-mail reply whose relay answers 550 shows "not delivered" with the relay's words, on the
// real server and the real tRPC client.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import type { Rendered } from './fake-desk';
import { logInConsole, untilServerFrame, type LoggedInConsole } from './console-on-server';
import { KEYS, press } from './helpers';

let t: TestServer;
let relay: SMTPServer;
let ui: LoggedInConsole;
let app: Rendered;

beforeAll(async () => {
  relay = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo: (_address, _session, callback) =>
      callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 })),
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  t = await startTestServer({ smtpPort: 0 });
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'mail',
    name: 'Mail',
    queueId: 'support',
    adapter: 'email',
    medium: 'email',
    lang: 'ru',
    settings: {
      address: 'support@shop.ru',
      company: 'Shop',
      relayHost: '127.0.0.1',
      relayPort: (relay.server.address() as { port: number }).port,
      relaySecure: false,
    },
  });
  ui = await logInConsole(t.server.wsUrl, 'olga', 'olga-password', 'ru');
  app = ui.app;
});

afterAll(async () => {
  await ui?.close();
  await t?.close();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);

test('a reply the relay refuses with 550 is marked not delivered, with its reason, live', async () => {
  const customer = nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.server.listenerPorts.smtp,
    secure: false,
    ignoreTLS: true,
  });
  await customer.sendMail({
    from: 'Пётр <petr@example.ru>',
    to: 'support@shop.ru',
    subject: 'Заказ',
    text: 'Где заказ?',
  });
  customer.close();
  await until((frame) => frame.includes('Где заказ?'));
  for (const char of 'Отправили вчера') await press(app, char);
  await press(app, KEYS.enter);
  // The mark is the line right under the reply (the bot's acknowledgement, refused too, has its own).
  const marked = /> Вы: Отправили вчера[^\n]*\n[^\n]*│\s+\[✗ не доставлено: 550 5\.1\.1 mailbox unavailable\]/;
  expect(await until((f) => marked.test(f))).toMatch(marked);
});
