// The client the console holds while it logs in behind its first frame (console-client.ts,
// pendingClient): "connecting" until the login gives the real client, queries waiting for it,
// feeds starting once it comes unless stopped before, a failed login failing every query.
import { describe, expect, it, vi } from 'vitest';
import { pendingClient, type ConnectionState, type ConsoleClient } from '../../cli/console/console-client';
import { FakeDesk } from './fake-desk';

function login() {
  let give: (client: ConsoleClient) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const promise = new Promise<ConsoleClient>((resolve, reject) => {
    give = resolve;
    fail = reject;
  });
  return { promise, give, fail };
}

/** One turn of the event loop: whatever was ready to settle has settled. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('pendingClient', () => {
  it('is "connecting" and holds queries and feeds until the login gives the client', async () => {
    const pending = login();
    const client = pendingClient(pending.promise);
    const states: ConnectionState[] = [];
    client.onConnection((state) => states.push(state));
    client.events('7', () => undefined);
    let answered = false;
    const snapshot = client.snapshot().then((value) => {
      answered = true;
      return value;
    });
    await settled();
    expect(client.connection()).toBe('connecting');
    expect(answered).toBe(false);

    const desk = new FakeDesk();
    pending.give(desk);
    await expect(snapshot).resolves.toMatchObject({ lastEventId: '100', operator: desk.operator });
    expect(desk.subscriptions).toEqual(['7']);
    // The fake is online from the start: a listener hears the state it finds, then the changes.
    expect(client.connection()).toBe('online');
    desk.setConnection('reconnecting');
    expect(states).toEqual(['online', 'reconnecting']);
  });

  it('fails every query with the login error, and starts no feed', async () => {
    const pending = login();
    const client = pendingClient(pending.promise);
    const onEvent = vi.fn();
    client.events(null, onEvent);
    const queries = [client.snapshot(), client.templates(), client.setStatus('away')];
    pending.fail(new Error('login or password is wrong'));
    for (const query of queries) await expect(query).rejects.toThrow('login or password is wrong');
    expect(client.connection()).toBe('connecting');
    await expect(client.close()).resolves.toBeUndefined();
  });

  it('does not start a feed stopped before the login, and closes a client that comes after close()', async () => {
    const pending = login();
    const client = pendingClient(pending.promise);
    const stop = client.events('3', () => undefined);
    stop();
    await client.close();
    const desk = new FakeDesk();
    const close = vi.spyOn(desk, 'close');
    pending.give(desk);
    await settled();
    expect(desk.subscriptions).toEqual([]);
    expect(close).toHaveBeenCalledOnce();
  });
});
