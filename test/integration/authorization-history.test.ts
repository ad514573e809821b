// Who may read a customer's history (issue 18 §2): an operator, every conversation of a customer
// they are serving now, and none once that dialog is resolved or transferred; a supervisor,
// everything. Every procedure that reads a conversation is checked (messages, attachment, the
// contact card), and the card's paging, on both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

describe.each(['sqlite', 'postgres'] as const)('reading the history on %s', { timeout: 60_000 }, (store) => {
  let t: TestServer;
  let anna: OperatorSession;
  let boris: OperatorSession;
  let supervisor: ApiClient;
  let secret: string;
  let counter = 0;
  /** Xenia's conversations, oldest first, as they are made below. */
  const xenia: string[] = [];
  let yuri: string;

  const write = async (contact: string, text: string) =>
    (await postCustomerMessage(t.server.url, 'site', secret, { id: `m${++counter}`, contact: { id: contact }, text }))
      .body.conversationId;

  /** Every procedure that reads a conversation, as `who` calls it: the error code, or OK. */
  const reads = async (who: ApiClient, conversationId: string) => {
    const [firstMessage] = await supervisor.operator.messages.query({ conversationId, limit: 1 });
    return {
      messages: await codeOf(who.operator.messages.query({ conversationId })),
      customer: await codeOf(who.operator.customer.query({ conversationId })),
      // The message has no file: one allowed to read hears NOT_FOUND, one refused FORBIDDEN.
      attachment: await codeOf(
        who.operator.attachment.query({ conversationId, messageId: firstMessage.id, index: 0, offset: 0 }),
      ),
    };
  };
  const ALLOWED = { messages: 'OK', customer: 'OK', attachment: 'NOT_FOUND' };
  const REFUSED = { messages: 'FORBIDDEN', customer: 'FORBIDDEN', attachment: 'FORBIDDEN' };

  beforeAll(async () => {
    // No reopening: each visit after a resolve is a conversation of its own.
    t = await startTestServer({ store, reopenWindowMs: 0 });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'anna', name: 'Anna', password: 'anna-password', capacity: 2 });
    await t.admin.admin.createOperator.mutate({
      login: 'boris',
      name: 'Boris',
      password: 'boris-password',
      capacity: 0,
    });
    await t.admin.admin.createOperator.mutate({
      login: 'sup',
      name: 'Sup',
      password: 'sup-password',
      role: 'supervisor',
      capacity: 0,
    });
    ({ secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' }));
    anna = await OperatorSession.connect(t.server, 'anna', 'anna-password');
    boris = await OperatorSession.connect(t.server, 'boris', 'boris-password');
    supervisor = await loggedInHttpClient(t.server.url, 'sup', 'sup-password');
    // Xenia's first two conversations, each answered and resolved by Anna; then a third, open.
    for (const text of ['first visit', 'second visit', 'third visit']) {
      const id = await write('xenia', text);
      await anna.waitFor(isAssigned(id));
      xenia.push(id);
      if (text !== 'third visit') await anna.api.operator.resolve.mutate({ conversationId: id, outcome: 'solved' });
    }
    yuri = await write('yuri', 'someone else');
    await anna.waitFor(isAssigned(yuri));
  });

  afterAll(async () => {
    await anna?.close();
    await boris?.close();
    await t?.close();
  });

  it('lets an operator read every conversation of a customer they are serving, and no other', async () => {
    expect(await reads(anna.api, xenia[0])).toEqual(ALLOWED);
    expect(await reads(anna.api, xenia[1])).toEqual(ALLOWED);
    const [first] = await anna.api.operator.messages.query({ conversationId: xenia[0] });
    expect(first.text).toBe('first visit');
    // Boris serves neither customer.
    for (const id of [...xenia, yuri]) expect(await reads(boris.api, id)).toEqual(REFUSED);
    // An id that does not exist reads as refused to an operator: existence is not told.
    expect(await codeOf(anna.api.operator.messages.query({ conversationId: 'no-such-conversation' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(supervisor.operator.messages.query({ conversationId: 'no-such-conversation' }))).toBe(
      'NOT_FOUND',
    );
  });

  it('lists the customer’s conversations newest first, with outcome and operator, a page at a time', async () => {
    const card = await anna.api.operator.customer.query({ conversationId: xenia[2] });
    expect(card.conversations.map((c) => c.id)).toEqual([xenia[2], xenia[1], xenia[0]]);
    expect(card.conversations.map((c) => [c.status, c.outcome, c.operatorName])).toEqual([
      ['assigned', null, 'Anna'],
      ['resolved', 'solved', 'Anna'],
      ['resolved', 'solved', 'Anna'],
    ]);
    expect(card.more).toBe(false);
    const pages: string[][] = [];
    let before: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await anna.api.operator.customer.query({ conversationId: xenia[2], limit: 1, before });
      pages.push(page.conversations.map((c) => c.id));
      const last = page.conversations.at(-1);
      if (!page.more || !last) break;
      before = { createdAt: last.createdAt, id: last.id };
    }
    expect(pages).toEqual([[xenia[2]], [xenia[1]], [xenia[0]]]);
    for (const limit of [0, 51])
      expect(await codeOf(anna.api.operator.customer.query({ conversationId: xenia[2], limit }))).toBe('BAD_REQUEST');
  });

  it('lets a supervisor read everything', async () => {
    for (const id of [...xenia, yuri]) expect(await reads(supervisor, id)).toEqual(ALLOWED);
  });

  it('refuses the history again once the operator transfers the dialog, and gives it to the new holder', async () => {
    await t.admin.admin.updateOperator.mutate({ id: boris.operatorId, capacity: 1 });
    await anna.api.operator.transfer.mutate({ conversationId: xenia[2], to: { operatorId: boris.operatorId } });
    await boris.waitFor(isAssigned(xenia[2]));
    for (const id of xenia) expect(await reads(anna.api, id)).toEqual(REFUSED);
    for (const id of xenia) expect(await reads(boris.api, id)).toEqual(ALLOWED);
    // Anna still serves Yuri: his history stays hers.
    expect(await reads(anna.api, yuri)).toEqual(ALLOWED);
  });

  it('refuses the history again once the dialog is resolved', async () => {
    await boris.api.operator.resolve.mutate({ conversationId: xenia[2] });
    for (const id of xenia) expect(await reads(boris.api, id)).toEqual(REFUSED);
    await anna.api.operator.resolve.mutate({ conversationId: yuri });
    expect(await reads(anna.api, yuri)).toEqual(REFUSED);
  });
});
