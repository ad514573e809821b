// Durability of the real binary: what the server acknowledged before a `kill -9` is there after
// a restart on the same data directory, pending webhook deliveries go out after it, and SIGTERM
// stops the server cleanly.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/api-client';
import { fetchTranscript } from '../../cli/transcript-pages';
import { postCustomerMessage, type PostResult } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { ADMIN_PASSWORD, loggedInHttpClient, tempDataDir } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const running: ServerProcess[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill('SIGKILL')));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const dir = tempDataDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await ServerProcess.start({ dataDir: dir, env: { TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env } });
  running.push(server);
  return server;
}

async function hardKill(server: ServerProcess): Promise<void> {
  const exit = await server.kill('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  running.splice(running.indexOf(server), 1);
}

const admin = (server: ServerProcess): Promise<ApiClient> => loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);

describe('restart', () => {
  it('messages acknowledged before a hard kill are all there after restart', async () => {
    const dir = dataDir();
    // A high burst so the flood limit does not answer 429 to the test's own load.
    const env = { TEXTDESK_CONTACT_BURST: '1000' };
    const first = await start(dir, env);
    const setup = await admin(first);
    await setup.admin.createQueue.mutate({ id: 'support', name: 'Support', skills: ['en'] });
    const { secret } = await setup.admin.createChannel.mutate({ id: 'site', name: 'Site chat', queueId: 'support' });

    const CONTACTS = 20;
    const PER_CONTACT = 10;
    const KILL_AFTER = 40;
    const messages = Array.from({ length: CONTACTS * PER_CONTACT }, (_, i) => ({
      id: `ext-${i}`,
      contact: { id: `contact-${i % CONTACTS}`, name: `Customer ${i % CONTACTS}` },
      text: `message ${i} from contact ${i % CONTACTS}`,
    }));
    const acknowledged = new Map<string, PostResult['body']>();
    let killed: Promise<void> | null = null;
    const outcomes = await Promise.allSettled(
      messages.map(async (message) => {
        const result = await postCustomerMessage(first.url, 'site', secret, message);
        if (result.status === 202) {
          acknowledged.set(message.id, result.body);
          // Kill while most of the batch is still being received, routed and committed.
          if (acknowledged.size === KILL_AFTER) killed = hardKill(first);
        }
        return result;
      }),
    );
    await killed;
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    // Otherwise the kill hit an idle server and this test proves nothing.
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(0);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') expect(outcome.value.status).toBe(202);
    }

    const second = await start(dir, env);
    const acked = messages.filter((m) => acknowledged.has(m.id));
    const retries = await Promise.all(acked.map((m) => postCustomerMessage(second.url, 'site', secret, m)));
    retries.forEach((retry, i) => {
      expect(retry.status).toBe(202);
      expect(retry.body).toEqual({ ...acknowledged.get(acked[i].id), duplicate: true });
    });

    const supervisor = await admin(second);
    const { conversations } = await supervisor.supervisor.snapshot.query();
    const customerTexts: string[] = [];
    for (const conversation of conversations.filter((c) => c.channelId === 'site')) {
      const transcript = await fetchTranscript(
        (page) => supervisor.operator.messages.query({ conversationId: conversation.id, ...page }),
        5000,
      );
      customerTexts.push(...transcript.filter((m) => m.author.type === 'customer').map((m) => m.text));
    }
    for (const message of acked) {
      expect(
        customerTexts.filter((text) => text === message.text),
        message.text,
      ).toHaveLength(1);
      expect(conversations.map((c) => c.id)).toContain(acknowledged.get(message.id).conversationId);
    }
    // One open conversation per contact: the restart did not split anybody's dialog.
    const contactsWithConversations = conversations.map((c) => c.contactId);
    expect(new Set(contactsWithConversations).size).toBe(contactsWithConversations.length);
  });

  it('outbox survives a restart', async () => {
    const hook = new WebhookReceiver();
    hook.status = 503;
    const webhookUrl = await hook.start();
    cleanups.push(() => hook.close());
    const dir = dataDir();
    const first = await start(dir);
    const setup = await admin(first);
    await setup.admin.createQueue.mutate({ id: 'support', name: 'Support', skills: ['en'] });
    await setup.admin.createOperator.mutate({
      login: 'anna',
      name: 'Anna',
      password: 'anna-password',
      skills: ['en'],
      capacity: 2,
    });
    const { secret } = await setup.admin.createChannel.mutate({
      id: 'site',
      name: 'Site chat',
      queueId: 'support',
      settings: { webhookUrl },
      lang: 'en',
    });

    const anna = await OperatorSession.connect(first, 'anna', 'anna-password');
    cleanups.push(() => anna.close());
    const posted = await postCustomerMessage(first.url, 'site', secret, {
      id: 'ext-1',
      contact: { id: 'ivan' },
      text: 'My payment does not go through',
    });
    expect(posted.status).toBe(202);
    const conversationId: string = posted.body.conversationId;
    await anna.waitFor(isAssigned(conversationId));
    const reply = await anna.api.operator.send.mutate({
      conversationId,
      clientId: 'client-reply-0001',
      text: 'Let me check the payment.',
    });
    // The receiver is failing: the outbox has tried, failed and scheduled a retry.
    await first.waitForOutput(/delivery failed; will retry/);
    await anna.close();
    await hardKill(first);
    expect(hook.deliveries).toHaveLength(0);

    hook.status = 200;
    const second = await start(dir);
    await hook.waitFor((d) => d.payload.message.id === reply.id);
    // Graceful stop waits for deliveries in flight, so nothing more can arrive after this.
    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    running.splice(running.indexOf(second), 1);

    const third = await start(dir);
    const transcript = await (await admin(third)).operator.messages.query({ conversationId });
    const outgoing = transcript.filter((m) => m.author.type !== 'customer' && !m.private);
    expect(outgoing.map((m) => [m.author.type, m.text])).toEqual([
      ['bot', 'Hello! Thank you for writing to us. An operator will answer you shortly.'],
      ['bot', 'Anna joined the conversation.'],
      ['operator', 'Let me check the payment.'],
    ]);
    // Each carries how its delivery went, through the restart.
    expect(outgoing.map((m) => m.delivery?.status)).toEqual(['sent', 'sent', 'sent']);
    // Exactly once each, in the conversation's order, each correctly signed.
    expect(hook.deliveries.map((d) => d.payload.message.id)).toEqual(outgoing.map((m) => m.id));
    for (const delivery of hook.deliveries) {
      expect(WebhookReceiver.verify(delivery, secret)).toBe(true);
      expect(delivery.payload).toMatchObject({
        event: 'message.created',
        channelId: 'site',
        conversationId,
        contact: { id: 'ivan' },
      });
    }
  });

  it('SIGTERM shuts down gracefully', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await (await admin(first)).admin.createQueue.mutate({ id: 'support', name: 'Support', skills: ['en'] });
    expect(await first.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    running.splice(running.indexOf(first), 1);
    expect(first.stderr).toBe('');

    const second = await start(dir);
    const queues = await (await admin(second)).admin.listQueues.query();
    expect(queues.map((q) => q.id)).toEqual(['support']);
    expect(await (await fetch(`${second.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});
