// /new's customer search in the console (issue 16), on the real server: typing part of a name in
// "to" lists the matching customers; ↓ and Enter put the chosen one in the field as #id and send
// nothing (an earlier picker's Enter sent); the form's own Enter then starts the conversation with
// that customer, on the channel chosen (a second API channel: on the first his dialog is open).
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { ConsoleApp } from '../../cli/console/console-app';
import type { ConsoleClient } from '../../cli/console/console-client';
import { connectConsole } from '../../cli/console/connect-console';
import { DeskModel } from '../../cli/console/desk-model';
import { postCustomerMessage } from '../helpers/customer';
import { startTestServer, type TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { untilServerFrame } from './console-on-server';
import { renderOn, type Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let t: TestServer;
let hook: WebhookReceiver;
let client: ConsoleClient;
let model: DeskModel;
let app: Rendered;
let ivanId: string;

beforeAll(async () => {
  hook = new WebhookReceiver();
  const webhookUrl = await hook.start();
  t = await startTestServer({});
  await t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' });
  // Capacity 0 until the customers are in: their conversations wait in the queue, out of Olga's hotlist.
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Ольга', password: 'olga-password', capacity: 0 });
  const { secret } = await t.admin.admin.createChannel.mutate({
    id: 'shop',
    name: 'Shop API',
    queueId: 'support',
    lang: 'ru',
    settings: { webhookUrl },
  });
  // Their conversations on the shop stay open: the new one goes out on the CRM channel.
  await t.admin.admin.createChannel.mutate({ id: 'crm', name: 'CRM', queueId: 'support', settings: { webhookUrl } });
  for (const contact of [
    { id: 'crm-1', name: 'Иван Петров', email: 'ivan@example.ru' },
    { id: 'crm-2', name: 'Иванна Котова', phone: '+7 911 000-00-01' },
  ])
    await postCustomerMessage(t.server.url, 'shop', secret, { id: `m-${contact.id}`, contact, text: 'hi' });
  const [ivan] = await t.admin.operator.searchCustomers.query({ query: 'Иван Петров' });
  ivanId = ivan.id;
  client = await connectConsole(t.server.wsUrl, 'olga', 'olga-password');
  model = new DeskModel(client);
  app = renderOn(<ConsoleApp model={model} lang="ru" onQuit={() => undefined} tickMs={0} />, 110, 30);
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

test('typing part of a name lists the customers; Enter picks one and sends nothing', async () => {
  await press(app, KEYS.alt('o'));
  await until((frame) => frame.includes('Начать диалог'));
  await press(app, KEYS.right); // the second channel, crm
  await until((frame) => frame.includes('CRM (crm)'));
  await press(app, KEYS.down); // channel → to
  await type('иван');
  await until((frame) => frame.includes('Иван Петров · ivan@example.ru') && frame.includes('Иванна Котова · +7 911'));
  await until((frame) => frame.includes('Enter — выбрать (ничего не отправляет)'));
  await press(app, KEYS.down);
  await until((frame) => frame.includes('› Иван Петров · ivan@example.ru'));
  await press(app, KEYS.enter);
  await until((frame) => frame.includes(`#${ivanId}`) && !frame.includes('› Иван Петров'));
  // Still the form: nothing was started.
  expect(app.lastFrame()).toContain('Начать диалог');
  expect([...model.conversations.values()].filter((c) => c.direction === 'outbound')).toEqual([]);
  expect(hook.deliveries.filter((d) => d.payload.message.author.type === 'operator')).toEqual([]);
});

test('the form’s own Enter then starts the conversation with the picked customer', async () => {
  await press(app, KEYS.down); // to → text
  await type('Ваш заказ готов');
  await press(app, KEYS.enter);
  const delivered = await hook.waitFor((d) => d.payload.message.text === 'Ваш заказ готов');
  // Иван has no contact on crm yet: the channel writes to the e-mail on his card.
  expect(delivered.payload.contact).toEqual({ id: 'ivan@example.ru' });
  // Olga holds it: it reaches her console through the feed.
  const started = await vi.waitFor(() => {
    const found = [...model.conversations.values()].find((c) => c.direction === 'outbound');
    if (!found) throw new Error('not in the console yet');
    return found;
  });
  expect(started).toMatchObject({ channelId: 'crm', customerId: ivanId });
});
