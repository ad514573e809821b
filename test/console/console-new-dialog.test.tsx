// /new in the operator console (issue 16), on the real server: Alt+O opens the form with the
// channels that start conversations (the API channel, not web chat), the operator types an
// address and the first message, and the new dialog appears in the hotlist with the message
// delivered to the channel's webhook; a refused start (a contact already in a dialog) is the
// console's notice. On WhatsApp the message is one of the channel's templates, as /template
// asks for it once a dialog's window closed.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleApp } from '../../cli/console/console-app';
import type { ConsoleClient } from '../../cli/console/console-client';
import { connectConsole } from '../../cli/console/connect-console';
import { DeskModel } from '../../cli/console/desk-model';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { startWhatsAppDesk } from '../helpers/whatsapp-desk';
import { untilServerFrame } from './console-on-server';
import { renderOn, type Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let t: TestServer;
let hook: WebhookReceiver;
let client: ConsoleClient;
let model: DeskModel;
let app: Rendered;

beforeAll(async () => {
  hook = new WebhookReceiver();
  const webhookUrl = await hook.start();
  t = await startTestServer({});
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site chat', queueId: 'support', adapter: 'webchat' });
  await t.admin.admin.createChannel.mutate({
    id: 'shop',
    name: 'Shop API',
    queueId: 'support',
    lang: 'ru',
    settings: { webhookUrl },
  });
  client = await connectConsole(t.server.wsUrl, 'olga', 'olga-password');
  model = new DeskModel(client);
  app = renderOn(<ConsoleApp model={model} lang="ru" onQuit={() => undefined} tickMs={0} />, 100, 30);
  await model.start();
});

afterAll(async () => {
  app?.unmount();
  model?.stop();
  await client?.close();
  await t?.close();
  await hook?.close();
});

const until = (predicate: (frame: string) => boolean) => untilServerFrame(app, predicate);
const type = async (text: string) => {
  for (const char of text) await press(app, char);
};

test('Alt+O starts a conversation: it appears in the hotlist and its first message reaches the customer', async () => {
  await press(app, KEYS.alt('o'));
  await until((frame) => frame.includes('Начать диалог'));
  // Web chat cannot start conversations: the API channel is the only choice.
  expect(app.lastFrame()).toMatch(/Shop API \(shop\) · api/);
  expect(app.lastFrame()).toContain('(1/1)');
  expect(app.lastFrame()).not.toContain('Site chat');
  await press(app, KEYS.tab);
  await type('crm-42');
  await press(app, KEYS.tab);
  await type('Ваш заказ 42 отправлен');
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('Диалог начат'));
  await until((frame) => /> Вы ✓?: Ваш заказ 42 отправлен/.test(frame) && frame.includes('#1 Клиент crm-42'));
  const delivered = await hook.waitFor((d) => d.payload.message.text === 'Ваш заказ 42 отправлен');
  expect(delivered.payload.contact.id).toBe('crm-42');

  // The same contact again, typed whole: the server's refusal is the notice, and nothing is started.
  for (const char of '/new shop crm-42 Ещё раз') await press(app, char);
  await press(app, KEYS.enter);
  await until((frame) => frame.includes('already has conversation'));
  expect(model.hotlist()).toHaveLength(1);
});

test('on WhatsApp, an empty message goes on to the channel’s templates and their parameters', async () => {
  const wa = await startWhatsAppDesk({});
  const waClient = await connectConsole(wa.t.server.wsUrl, 'olga', 'olga-password');
  const waModel = new DeskModel(waClient);
  const waApp = renderOn(<ConsoleApp model={waModel} lang="ru" onQuit={() => undefined} tickMs={0} />, 110, 30);
  try {
    await waModel.start();
    const untilWa = (predicate: (frame: string) => boolean) => untilServerFrame(waApp, predicate);
    await press(waApp, KEYS.alt('o'));
    await untilWa((frame) => frame.includes('Shop WhatsApp (wa) · whatsapp · template'));
    await press(waApp, KEYS.tab);
    for (const char of '+7 900 555-00-09') await press(waApp, char);
    await press(waApp, KEYS.enter);
    await untilWa((frame) => frame.includes('Отправить одобренный шаблон канала'));
    expect(waApp.lastFrame()).toContain('order_ready · Здравствуйте, {{1}}! Ваш заказ {{2}} готов к выдаче.');
    await press(waApp, KEYS.enter);
    await untilWa((frame) => frame.includes('Параметр {{2}}'));
    for (const char of 'Вера') await press(waApp, char);
    await press(waApp, KEYS.tab);
    for (const char of '58') await press(waApp, char);
    await press(waApp, KEYS.enter);
    await untilWa((frame) => frame.includes('Здравствуйте, Вера! Ваш заказ 58 готов к выдаче.'));
    await expect.poll(() => wa.fake.sent.map((s) => [s.to, s.type])).toEqual([['79005550009', 'template']]);
  } finally {
    waApp.unmount();
    waModel.stop();
    await waClient.close();
    await wa.close();
  }
});
