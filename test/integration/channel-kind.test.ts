// A new channel kind needs only its adapter (issue 14 §1): the loopback messenger kind of
// test/providers/ is registered with the server and nothing else, and carries a conversation
// both ways — the provider's message id stored on each message, retries after a transient
// failure, a permanent refusal shown on the message, credentials changed on the running server.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/schemas';
import { isAssigned, type OperatorSession } from '../helpers/operator-session';
import { startLoopbackDesk, type LoopbackDesk } from '../helpers/loopback-desk';
import type { TestServer } from '../helpers/server';
import type { LoopbackMessenger } from '../providers/loopback-messenger';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let desk: LoopbackDesk;
  let t: TestServer;
  let messenger: LoopbackMessenger;
  let olga: OperatorSession;
  let updates = 0;

  beforeEach(async () => {
    desk = await startLoopbackDesk(store);
    ({ t, messenger, olga } = desk);
  });

  afterEach(() => desk.close());

  /** A customer's update through the kind's own inbound route; resolves with the conversation id. */
  async function customerWrites(chat: string, text: string): Promise<string> {
    const response = await fetch(`${t.server.url}/channels/loopback/bot/updates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ update_id: ++updates, chat, text }),
    });
    expect(response.status).toBe(200);
    const { conversationId } = (await response.json()) as { conversationId: string };
    await olga.waitFor(isAssigned(conversationId));
    return conversationId;
  }

  async function reply(conversationId: string, text: string): Promise<Message> {
    return olga.api.operator.send.mutate({ conversationId, clientId: `reply-${text}`, text });
  }

  /** The message as the operator's transcript shows it, once its delivery is no longer pending. */
  async function settled(conversationId: string, messageId: string): Promise<Message> {
    for (;;) {
      const transcript = await olga.api.operator.messages.query({ conversationId });
      const message = transcript.find((m) => m.id === messageId)!;
      if (message.delivery?.status !== 'pending') return message;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('delivers through the adapter and keeps the provider id on the message', async () => {
    const conversationId = await customerWrites('chat-1', 'hello');
    const sent = await reply(conversationId, 'Hi, Olga here');
    expect(sent.delivery).toEqual({ status: 'pending', providerId: null, error: null });
    const delivered = await settled(conversationId, sent.id);
    const received = messenger.sent.find((m) => m.text === 'Hi, Olga here')!;
    expect(received).toMatchObject({ chat: 'chat-1', token: 'token-one-abcd-1234' });
    expect(delivered.delivery).toEqual({ status: 'sent', providerId: received.messageId, error: null });
    // The bot's greeting went the same way, before the reply.
    expect(messenger.sent.map((m) => m.text).at(-1)).toBe('Hi, Olga here');
    expect(messenger.sent.length).toBeGreaterThan(1);
  });

  it('refuses a reply with a file to a kind without attachments, before storing it', async () => {
    const conversationId = await customerWrites('chat-files', 'can you send the invoice?');
    const upload = await olga.api.operator.upload.mutate({
      name: 'invoice.txt',
      data: Buffer.from('17').toString('base64'),
    });
    const error = await olga.api.operator.send
      .mutate({ conversationId, clientId: 'reply-with-file', text: 'here', attachments: [upload.file!.ref] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).message).toMatch(/a loopback channel carries no files/);
    const transcript = await olga.api.operator.messages.query({ conversationId });
    expect(transcript.some((m) => m.author.type === 'operator')).toBe(false);
    expect(messenger.sent.some((m) => m.text === 'here')).toBe(false);
  });

  it('retries a transient failure, and marks a permanent one failed for the operator', async () => {
    const conversationId = await customerWrites('chat-2', 'hello');
    messenger.unavailableFor = 1;
    const retried = await reply(conversationId, 'after a retry');
    expect((await settled(conversationId, retried.id)).delivery?.status).toBe('sent');
    expect(messenger.sent.filter((m) => m.text === 'after a retry')).toHaveLength(1);

    messenger.unknownChats.add('chat-2');
    const refused = await reply(conversationId, 'to a chat that is gone');
    expect((await settled(conversationId, refused.id)).delivery).toEqual({
      status: 'failed',
      providerId: null,
      error: 'provider answered 400: chat not found',
    });
    // Given up on, not retried: the conversation's next message goes out after it.
    messenger.unknownChats.clear();
    const next = await reply(conversationId, 'next one');
    expect((await settled(conversationId, next.id)).delivery?.status).toBe('sent');
  });

  it('takes new credentials on the running server, probes with them, and never shows them', async () => {
    expect(await t.admin.admin.testChannel.mutate({ id: 'bot' })).toEqual({
      channelId: 'bot',
      adapter: 'loopback',
      probed: true,
      ok: true,
      status: 200,
      detail: 'provider answered 200',
    });
    messenger.tokens.clear();
    messenger.tokens.add('token-two-abcd-5678');
    expect(await t.admin.admin.testChannel.mutate({ id: 'bot' })).toMatchObject({ ok: false, status: 401 });
    await t.admin.admin.updateChannel.mutate({ id: 'bot', credentials: { token: 'token-two-abcd-5678' } });
    expect(await t.admin.admin.testChannel.mutate({ id: 'bot' })).toMatchObject({ ok: true, status: 200 });
    const conversationId = await customerWrites('chat-3', 'hello');
    const sent = await reply(conversationId, 'with the new token');
    expect((await settled(conversationId, sent.id)).delivery?.status).toBe('sent');
    expect(messenger.sent.at(-1)).toMatchObject({ token: 'token-two-abcd-5678', text: 'with the new token' });

    const [listed] = await t.admin.admin.listChannels.query();
    expect(listed.secrets).toEqual({ signing: expect.stringMatching(/^\*\*\*\*.{4}$/), token: '****5678' });
    expect(JSON.stringify(listed)).not.toContain('token-two');
  });

  it('refuses a reply longer than the kind carries, storing nothing; a private note may be longer', async () => {
    const conversationId = await customerWrites('chat-4', 'hello');
    const long = 'x'.repeat(4097);
    const refused = await olga.api.operator.send
      .mutate({ conversationId, clientId: 'reply-long-1', text: long })
      .catch((error: unknown) => error);
    expect((refused as TRPCClientError<never>).message).toBe(
      'this channel carries at most 4096 characters in one message (this one has 4097): shorten it or send it in parts',
    );
    const note = await olga.api.operator.send.mutate({
      conversationId,
      clientId: 'note-long-1',
      text: long,
      private: true,
    });
    const transcript = await olga.api.operator.messages.query({ conversationId });
    expect(transcript.filter((m) => m.text === long).map((m) => m.id)).toEqual([note.id]);
  });

  it('refuses settings or credentials that do not fit the kind, and changes nothing', async () => {
    const refused = await t.admin.admin.updateChannel
      .mutate({ id: 'bot', credentials: { token: 'short' }, slaFirstResponseMs: 1000 })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).message).toBe(
      'settings or credentials do not fit the loopback kind — credentials.token: Too small: expected string to have >=8 characters',
    );
    const [listed] = await t.admin.admin.listChannels.query();
    expect(listed).toMatchObject({ slaFirstResponseMs: 15 * 60 * 1000, secrets: { token: '****1234' } });
  });
});
