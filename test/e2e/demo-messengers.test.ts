// The demo shows one conversation per channel kind (issue 16, "Done when"): simulated customers
// write in on Telegram, WhatsApp, VK, Viber and SMS through the real adapters (signed webhooks,
// an SMPP deliver_sm), and the demo operator's reply goes out to the demo's stand-in provider,
// which notes it in the demo's directory. The demo runs in-process, with chats rare.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { httpApiClient, wsApiClient, type ApiClient, type LiveConnection } from '../../cli/api-client';
import { startDemo, type DemoEnvironment } from '../../cli/demo/demo-command';
import { DEMO_OPERATOR } from '../../cli/demo/seed';

let demo: DemoEnvironment;
let admin: ApiClient;
let operator: LiveConnection;

beforeAll(async () => {
  demo = await startDemo({ port: 0, customerIntervalMs: 60_000 });
  let token: string | null = null;
  admin = httpApiClient(demo.url, () => token);
  token = (await admin.auth.login.mutate({ login: 'admin', password: 'demo-admin-password' })).token;
  // The newcomer's console: connected, the demo operator is given the messenger dialogs.
  const login = await httpApiClient(demo.url).auth.login.mutate(DEMO_OPERATOR);
  operator = wsApiClient(demo.wsUrl, login.token);
}, 30_000);

afterAll(async () => {
  await operator?.close();
  await demo?.stop();
});

const until = async <T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

test(
  'each messenger kind has a dialog, and a reply by SMS reaches the stand-in SMSC',
  { timeout: 60_000 },
  async () => {
    const kinds = ['telegram', 'whatsapp', 'vk', 'viber', 'sms'];
    const conversations = await until('dialog of every kind', async () => {
      const { conversations } = await admin.supervisor.snapshot.query();
      const found = kinds.map((kind) => conversations.find((c) => c.channelKind === kind));
      return found.every(Boolean) ? found.map((c) => c!) : undefined;
    });
    for (const conversation of conversations) {
      const [first] = await admin.operator.messages.query({ conversationId: conversation.id });
      expect(first).toMatchObject({ author: { type: 'customer' } });
      expect(first.text.length).toBeGreaterThan(0);
    }
    const sms = conversations[kinds.indexOf('sms')];
    // Given to the demo operator (only they have the messengers skill), who answers.
    await until('SMS dialog assigned to the demo operator', async () => {
      const { conversations } = await operator.client.operator.snapshot.query();
      return conversations.find((c) => c.id === sms.id);
    });
    await operator.client.operator.send.mutate({
      conversationId: sms.id,
      clientId: randomUUID(),
      text: 'Ответ по SMS',
    });
    const sent = path.join(demo.dataDir, 'sent-messengers.log');
    // The submit_sm's destination: the customer's number, as the SMSC gave it.
    const line = await until('reply in sent-messengers.log', async () => {
      const log = fs.existsSync(sent) ? fs.readFileSync(sent, 'utf8') : '';
      return /^\S+ SMS to \+?(\d{11}): Ответ по SMS$/m.exec(log)?.[1];
    });
    expect(line).toMatch(/^7\d{10}$/);
  },
);
