// The demo shows an e-mail conversation next to the chats (issue 14, "Done when"): a simulated
// customer mails the demo's e-mail channel through the server's SMTP listener, and the
// colleague's answer goes out through the demo's relay, which notes it in the demo's directory.
// The demo runs in-process here, with chats rare enough that the colleague has room for the mail.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { startDemo, type DemoEnvironment } from '../../cli/demo/demo-command';
import { DEMO_MAIL_CHANNEL } from '../../cli/demo/seed';

let demo: DemoEnvironment;
let admin: ApiClient;

beforeAll(async () => {
  demo = await startDemo({ port: 0, customerIntervalMs: 60_000 });
  let token: string | null = null;
  admin = httpApiClient(demo.url, () => token);
  token = (await admin.auth.login.mutate({ login: 'admin', password: 'demo-admin-password' })).token;
}, 30_000);

afterAll(async () => {
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

test('a simulated customer mails in, and the answer goes out through the relay', { timeout: 60_000 }, async () => {
  const conversation = await until('e-mail conversation', async () =>
    (await admin.supervisor.snapshot.query()).conversations.find((c) => c.channelId === DEMO_MAIL_CHANNEL),
  );
  const [first] = await admin.operator.messages.query({ conversationId: conversation.id });
  expect(first).toMatchObject({ author: { type: 'customer' } });
  expect(first.text).toMatch(/^Subject: \S.*\n\n\S/);
  // The colleague answers what it is given; its reply to the mail is a mail through the relay.
  const sent = path.join(demo.dataDir, 'sent-mail.log');
  const reply = await until('reply in the relay', async () => {
    const log = fs.existsSync(sent) ? fs.readFileSync(sent, 'utf8') : '';
    return /^\S+ to \S+@example\.\S+: Re: .+$/m.exec(log)?.[0];
  });
  expect(reply).toContain(`[#${conversation.id}]`);
});
