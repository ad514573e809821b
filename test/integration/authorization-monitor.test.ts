// Rights of live monitoring (issue 18 §4): only supervisors (and admins) follow a dialog live,
// whisper or take over; an operator, even the dialog's own, is refused and changes nothing; a
// supervisor demoted while following loses the follow on the open socket, and every call after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

let t: TestServer;
let owner: OperatorSession;
let other: ApiClient;
let supervisor: ApiClient;
let conversationId: string;

/** How a follow subscription began: 'OK' with its first item, or the error code it ended with. */
function followOutcome(client: ApiClient, id: string): Promise<string> {
  return new Promise((resolve) => {
    const subscription = client.supervisor.follow.subscribe(
      { conversationId: id },
      {
        onData: () => {
          subscription.unsubscribe();
          resolve('OK');
        },
        onError: (error) => resolve(error.data?.code ?? 'UNKNOWN'),
      },
    );
  });
}

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'owner', name: 'Owner', password: 'owner-password', capacity: 1 });
  await t.admin.admin.createOperator.mutate({ login: 'other', name: 'Other', password: 'other-password', capacity: 0 });
  await t.admin.admin.createOperator.mutate({
    login: 'sup',
    name: 'Sup',
    password: 'sup-password',
    role: 'supervisor',
    capacity: 0,
  });
  const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
  owner = await OperatorSession.connect(t.server, 'owner', 'owner-password');
  other = await loggedInHttpClient(t.server.url, 'other', 'other-password');
  supervisor = await loggedInHttpClient(t.server.url, 'sup', 'sup-password');
  conversationId = (
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'a1', contact: { id: 'c' }, text: 'help' })
  ).body.conversationId;
  await owner.waitFor(isAssigned(conversationId));
});

afterAll(async () => {
  await owner.close();
  await t.close();
});

describe('rights of live monitoring', () => {
  it('refuses operators, the dialog’s own included, and anonymous callers; nothing changes', async () => {
    const anonymous = httpApiClient(t.server.url);
    for (const [client, code] of [
      [other, 'FORBIDDEN'],
      [owner.api, 'FORBIDDEN'],
      [anonymous, 'UNAUTHORIZED'],
    ] as const) {
      expect(
        await codeOf(client.supervisor.whisper.mutate({ conversationId, clientId: 'intruder-01', text: 'hi' })),
      ).toBe(code);
      expect(await codeOf(client.supervisor.takeOver.mutate({ conversationId }))).toBe(code);
    }
    // Subscriptions go over the WebSocket: an operator's socket is refused the follow.
    expect(await followOutcome(owner.api, conversationId)).toBe('FORBIDDEN');
    const transcript = await owner.api.operator.messages.query({ conversationId });
    expect(transcript.some((m) => m.whisper)).toBe(false);
    expect((await owner.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([conversationId]);
  });

  it('refuses bad input with the field named, and stores nothing', async () => {
    expect(
      await codeOf(supervisor.supervisor.whisper.mutate({ conversationId, clientId: 'blank-0001', text: '  ' })),
    ).toBe('BAD_REQUEST');
    expect(
      await codeOf(
        supervisor.supervisor.whisper.mutate({ conversationId, clientId: 'long-00001', text: 'x'.repeat(2_001) }),
      ),
    ).toBe('BAD_REQUEST');
    expect(await codeOf(supervisor.supervisor.takeOver.mutate({ conversationId: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(supervisor.supervisor.takeOver.mutate({ conversationId: 'missing' }))).toBe('NOT_FOUND');
    expect((await owner.api.operator.messages.query({ conversationId })).some((m) => m.whisper)).toBe(false);
  });

  it('allows a supervisor to follow and whisper', async () => {
    const sup = await OperatorSession.connect(t.server, 'sup', 'sup-password', { subscribe: false });
    try {
      expect(await followOutcome(sup.api, conversationId)).toBe('OK');
      const whisper = await sup.api.supervisor.whisper.mutate({ conversationId, clientId: 'allowed-01', text: 'ok' });
      expect(whisper.whisper).toBe(true);
    } finally {
      await sup.close();
    }
  });

  it('ends a demoted supervisor’s follow on the open socket, and refuses their calls after', async () => {
    const { id } = (await t.admin.admin.listOperators.query()).find((o) => o.login === 'sup')!;
    const sup = await OperatorSession.connect(t.server, 'sup', 'sup-password', { subscribe: false });
    try {
      const ended = new Promise<string>((resolve) => {
        let started = false;
        sup.api.supervisor.follow.subscribe(
          { conversationId },
          {
            onData: () => {
              if (started) return;
              started = true;
              void t.admin.admin.updateOperator.mutate({ id, role: 'operator' });
            },
            onError: (error) => resolve(error.data?.code ?? 'UNKNOWN'),
          },
        );
      });
      expect(await ended).toBe('FORBIDDEN');
      expect(
        await codeOf(sup.api.supervisor.whisper.mutate({ conversationId, clientId: 'demoted-01', text: 'late' })),
      ).toBe('FORBIDDEN');
      expect(await codeOf(sup.api.supervisor.takeOver.mutate({ conversationId }))).toBe('FORBIDDEN');
      expect((await owner.api.operator.snapshot.query()).conversations.map((c) => c.id)).toEqual([conversationId]);
    } finally {
      await t.admin.admin.updateOperator.mutate({ id, role: 'supervisor' });
      await sup.close();
    }
  });

  it('lets a supervisor take the dialog over, after which its operator no longer may act on it', async () => {
    expect((await supervisor.supervisor.takeOver.mutate({ conversationId })).operatorId).not.toBe(owner.operatorId);
    expect(
      await codeOf(owner.api.operator.send.mutate({ conversationId, clientId: 'after-take', text: 'still mine?' })),
    ).toBe('FORBIDDEN');
  });
});
