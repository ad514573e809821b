// Issue 12 §2: the desk's one text rule at every edge, on both stores. A NUL in a message used to
// stop a PostgreSQL server (exit 70), and the sender's retry stopped it again after the restart;
// a NUL in an id was a 500. Now whatever breaks the rule is a 400 (an error frame over web chat)
// naming the field, nothing is stored, the server goes on, and a retry gets the same answer.
import { once } from 'node:events';
import fs from 'node:fs';
import { TRPCClientError } from '@trpc/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { WebSocket } from 'ws';
import type { AppRouter } from '../../server/api/router';
import { WebchatServerFrame } from '../../shared/webchat-schemas';
import { isBlank, isStorable, TEXT_RULE_MESSAGES } from '../../shared/text-rules';
import { postCustomerMessage } from '../helpers/customer';
import { hostileText, KEPT_AS_SENT, UNSTORABLE } from '../helpers/hostile-text';
import { dropSchema, freshSchemaName } from '../helpers/postgres-schema';
import { POSTGRES_URL_KEY } from '../helpers/postgres-url';
import { ADMIN_PASSWORD, loggedInHttpClient, startTestServer, tempDataDir, type TestServer } from '../helpers/server';
import { ServerProcess } from '../helpers/server-process';
import { WebchatVisitor } from '../helpers/webchat-visitor';

const { nul, loneSurrogate, blank } = TEXT_RULE_MESSAGES;

// The crash and the poison message as they were met: the real binary on PostgreSQL, where a
// failed commit used to exit 70 and the sender's retry stopped the restarted server again.
describe('a real server process on PostgreSQL', () => {
  test('answers NUL in every field, over HTTP and web chat, with errors, and keeps running', async () => {
    const url = inject(POSTGRES_URL_KEY);
    const schema = freshSchemaName();
    const dataDir = tempDataDir();
    const server = await ServerProcess.start({
      dataDir,
      env: {
        TEXTDESK_STORE: 'postgres',
        TEXTDESK_DATABASE_URL: url,
        TEXTDESK_DATABASE_SCHEMA: schema,
        TEXTDESK_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
    });
    try {
      const admin = await loggedInHttpClient(server.url, 'admin', ADMIN_PASSWORD);
      await admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
      const { secret } = await admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'general' });
      await admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
      const poisoned = [
        { id: 'p-1', contact: { id: 'c-1' }, text: 'a\0b' },
        { id: 'p-2', contact: { id: 'c-2', name: 'Ann\0' }, text: 'hello' },
        { id: 'p\0', contact: { id: 'c-3' }, text: 'hello' },
        { id: 'p-4', contact: { id: 'c\0' }, text: 'hello' },
      ];
      for (const message of [...poisoned, ...poisoned]) {
        expect((await postCustomerMessage(server.url, 'api', secret, message)).status).toBe(400);
      }
      const visitor = await WebchatVisitor.open(server.wsUrl, 'widget');
      await visitor.hello();
      visitor.sendRaw({ type: 'message', id: 'w-1', text: 'a\0b' });
      await visitor.waitFor((f) => f.type === 'error' && f.error === `invalid frame: text ${nul}`);
      visitor.close();

      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const accepted = await postCustomerMessage(server.url, 'api', secret, {
        id: 'fine',
        contact: { id: 'c-1' },
        text: 'hello',
      });
      expect(accepted.status).toBe(202);
    } finally {
      // Still running until told to stop: SIGTERM ends it cleanly, not exit 70 from a fatal commit.
      expect(await server.kill('SIGTERM')).toEqual({ code: 0, signal: null });
      await dropSchema(url, schema);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(['sqlite', 'postgres'] as const)('the text rule on %s', (storeKind) => {
  let t: TestServer;
  let secret: string;
  let sequence = 0;
  const visitors: WebchatVisitor[] = [];
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer(storeKind === 'postgres' ? { store: 'postgres' } : {});
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'api', name: 'API', queueId: 'general' }));
    await t.admin.admin.createChannel.mutate({ id: 'widget', name: 'Widget', queueId: 'general', adapter: 'webchat' });
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    for (const ws of sockets) ws.terminate();
    await t.close();
  });

  type Contact = { id: string; name?: string; email?: string; phone?: string };

  /** A fresh message from a fresh contact (so the flood limit never answers instead), `name` its name. */
  function fresh(overrides: { id?: string; contact?: Contact; text?: string } = {}, name?: string) {
    sequence += 1;
    const contact: Contact = name === undefined ? { id: `c-${sequence}` } : { id: `c-${sequence}`, name };
    return { id: `m-${sequence}`, contact, text: 'hello', ...overrides };
  }

  /** What a refused request must leave as it was: the event log, the store's and memory's conversations. */
  async function deskState() {
    const { store } = t.server.desk.ctx;
    return {
      lastSeq: (await store.get(store.q.lastEventSeq, {}))?.seq ?? 0,
      storedOpen: (await store.all(store.q.openConversations, {})).length,
      inMemory: t.server.desk.book.all().length,
    };
  }

  async function healthz(): Promise<number> {
    return (await fetch(`${t.server.url}/healthz`)).status;
  }

  async function postRaw(body: Buffer, contentType?: string) {
    const response = await fetch(`${t.server.url}/channels/api/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error: string } };
  }

  async function storedMessage(externalId: string) {
    const { store } = t.server.desk.ctx;
    return store.get(store.q.messageByExternalId, { channel_id: 'api', external_id: externalId });
  }

  describe('the generic channel', () => {
    test.each([
      ['NUL in the text', { text: 'a\0b' }, 'text', nul],
      ['NUL in the contact’s name', { contact: { id: 'c-nul-name', name: 'Ann\0' } }, 'contact.name', nul],
      ['NUL in the contact’s e-mail', { contact: { id: 'c-nul-mail', email: 'a\0@b' } }, 'contact.email', nul],
      ['NUL in the contact’s phone', { contact: { id: 'c-nul-phone', phone: '+1\0' } }, 'contact.phone', nul],
      ['NUL in the message id', { id: 'm\0' }, 'id', nul],
      ['NUL in the contact id', { contact: { id: 'c\0' } }, 'contact.id', nul],
      ['a lone surrogate in the text', { text: 'x\ud83dy' }, 'text', loneSurrogate],
      ['a lone surrogate in the name', { contact: { id: 'c-ls-name', name: '\ude00' } }, 'contact.name', loneSurrogate],
      ['text of only whitespace', { text: ' \n\t\u00a0' }, 'text', blank],
      ['text of only invisible characters', { text: '\u200b\ufeff' }, 'text', blank],
    ])('%s: 400 naming the field, every time, nothing stored', async (_name, overrides, field, why) => {
      const before = await deskState();
      const message = fresh(overrides);
      // The sender retries what it was refused: the same answer, never a crash (no poison message).
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await postCustomerMessage(t.server.url, 'api', secret, message);
        expect(answer.status).toBe(400);
        expect(answer.body.fields).toEqual({ [field]: why });
      }
      expect(await deskState()).toEqual(before);
      expect(await healthz()).toBe(200);
    });

    test.each([
      ['no content type', undefined],
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
      ['JSON in another charset', 'application/json; charset=iso-8859-1'],
    ])('a body sent as %s is refused with 415 before it is read', async (_name, contentType) => {
      const before = await deskState();
      const answer = await postRaw(Buffer.from(JSON.stringify(fresh())), contentType);
      expect(answer.status).toBe(415);
      expect(answer.body.error).toMatch(/Content-Type: application\/json/);
      expect(await deskState()).toEqual(before);
    });

    test.each([
      ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
      ['Application/JSON with a quoted charset', 'Application/JSON; charset="UTF-8"'],
    ])('JSON sent as %s is taken', async (_name, contentType) => {
      expect((await postRaw(Buffer.from(JSON.stringify(fresh())), contentType)).status).toBe(202);
    });

    test.each([
      ['a Latin-1 byte', Buffer.from([0xe9])],
      ['a truncated sequence', Buffer.from([0xd0])],
      ['an encoded surrogate (CESU-8)', Buffer.from([0xed, 0xa0, 0xbd])],
      ['an overlong NUL', Buffer.from([0xc0, 0x80])],
    ])('a body with %s is refused as invalid UTF-8, not stored as U+FFFD', async (_name, bytes) => {
      const before = await deskState();
      const message = fresh();
      const [head, tail] = JSON.stringify({ ...message, text: 'café·' }).split('·');
      const answer = await postRaw(Buffer.concat([Buffer.from(head), bytes, Buffer.from(tail)]), 'application/json');
      expect(answer).toEqual({ status: 400, body: { error: expect.stringMatching(/not valid UTF-8/) } });
      expect(await deskState()).toEqual(before);
      expect(await storedMessage(message.id)).toBeUndefined();
      expect(await healthz()).toBe(200);
    });

    test.each(KEPT_AS_SENT)('%s is stored exactly as sent, in the text and the name', async (_name, text) => {
      const message = fresh({ text }, text);
      expect((await postCustomerMessage(t.server.url, 'api', secret, message)).status).toBe(202);
      const stored = await storedMessage(message.id);
      expect(stored?.text).toBe(text);
      expect(stored?.author_name).toBe(text);
    });

    test.each(UNSTORABLE)('%s is refused in the text and in the name', async (_name, text) => {
      const message = fresh({ text }, text);
      const answer = await postCustomerMessage(t.server.url, 'api', secret, message);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body.fields).sort()).toEqual(['contact.name', 'text']);
    });

    test('fuzz: hostile text is taken exactly or refused with 400, never a 5xx or a crash', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, async (text, name) => {
          const message = fresh({ text }, name);
          const answer = await postCustomerMessage(t.server.url, 'api', secret, message);
          const acceptable = isStorable(text) && !isBlank(text) && isStorable(name);
          expect(answer.status).toBe(acceptable ? 202 : 400);
          if (acceptable) {
            const stored = await storedMessage(message.id);
            expect([stored?.text, stored?.author_name]).toEqual([text, name]);
          }
        }),
        { numRuns: 60 },
      );
      expect(await healthz()).toBe(200);
    });
  });

  describe('web chat', () => {
    async function visitor(): Promise<WebchatVisitor> {
      const v = await WebchatVisitor.open(t.server.wsUrl, 'widget');
      visitors.push(v);
      return v;
    }

    /** Sends a frame and resolves with the next ack or error (an invalid frame's id may itself be invalid). */
    async function answerTo(v: WebchatVisitor, frame: unknown) {
      const from = v.frames.length;
      v.sendRaw(frame);
      return v.waitFor((f) => v.frames.indexOf(f) >= from && (f.type === 'ack' || f.type === 'error'));
    }

    test.each([
      ['NUL in the text', { type: 'message', id: 'w-1', text: 'a\0b' }, `text ${nul}`],
      ['a lone surrogate in the text', { type: 'message', id: 'w-2', text: '\ud83d' }, `text ${loneSurrogate}`],
      ['text of only whitespace', { type: 'message', id: 'w-3', text: '  \u200b ' }, `text ${blank}`],
      ['NUL in the message id', { type: 'message', id: 'w\0', text: 'hi' }, `id ${nul}`],
    ])('%s: an error frame naming the field, nothing stored', async (_name, frame, why) => {
      const v = await visitor();
      expect(await v.hello({ name: 'Guest' })).toMatchObject({ type: 'welcome' });
      const before = await deskState();
      for (let attempt = 0; attempt < 2; attempt++) {
        // The refused message's id comes back when it is itself sound, so the widget can mark that message.
        const ownId = /^[\w.:-]{1,64}$/.test(frame.id) ? { id: frame.id } : {};
        expect(await answerTo(v, frame)).toEqual({ type: 'error', ...ownId, error: `invalid frame: ${why}` });
      }
      expect(await deskState()).toEqual(before);
      expect(await answerTo(v, { type: 'message', id: 'w-ok', text: 'still here' })).toMatchObject({ type: 'ack' });
    });

    test('NUL in the visitor’s name is refused at hello', async () => {
      const v = await visitor();
      expect(await answerTo(v, { type: 'hello', name: 'Guest\0' })).toEqual({
        type: 'error',
        error: `invalid frame: name ${nul}`,
      });
    });

    // Text frames with bad UTF-8 are the WebSocket layer's (issue 12 §1, protocol-errors.test.ts).
    test('a binary frame that is not UTF-8 gets an error frame, not a name with U+FFFD', async () => {
      const ws = new WebSocket(`${t.server.wsUrl}/channels/webchat/widget`);
      sockets.push(ws);
      await once(ws, 'open');
      const answer = once(ws, 'message');
      const hello = Buffer.concat([Buffer.from('{"type":"hello","name":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
      ws.send(hello, { binary: true });
      const [data] = (await answer) as [Buffer];
      expect(WebchatServerFrame.parse(JSON.parse(data.toString()))).toEqual({
        type: 'error',
        error: 'frame is not valid UTF-8: send JSON text',
      });
    });
  });

  describe('operators and admins', () => {
    async function refusal(call: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
      try {
        await call;
      } catch (error) {
        const data = (error as TRPCClientError<AppRouter>).data;
        return { code: data?.code ?? '', fields: Object.keys(data?.zodError?.fieldErrors ?? {}) };
      }
      return { code: 'OK', fields: [] };
    }

    test('an operator’s message with NUL is a bad request naming the text', async () => {
      const call = t.admin.operator.send.mutate({ conversationId: 'c-any', clientId: 'client-nul-1', text: 'a\0b' });
      expect(await refusal(call)).toEqual({ code: 'BAD_REQUEST', fields: ['text'] });
    });

    test('a template with NUL or a lone surrogate is refused, and none is stored', async () => {
      const before = await t.admin.admin.listTemplates.query();
      expect(await refusal(t.admin.admin.createTemplate.mutate({ name: 'Hi', text: 'Hello\0' }))).toEqual({
        code: 'BAD_REQUEST',
        fields: ['text'],
      });
      expect(await refusal(t.admin.admin.createTemplate.mutate({ name: '\ud800', text: 'Hello' }))).toEqual({
        code: 'BAD_REQUEST',
        fields: ['name'],
      });
      expect(await t.admin.admin.listTemplates.query()).toEqual(before);
      expect(await healthz()).toBe(200);
    });

    test('a queue named with NUL is refused', async () => {
      expect(await refusal(t.admin.admin.createQueue.mutate({ id: 'q-nul', name: 'Sales\0' }))).toEqual({
        code: 'BAD_REQUEST',
        fields: ['name'],
      });
    });
  });
});
