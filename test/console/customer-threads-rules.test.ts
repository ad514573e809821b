// The plain rules behind one customer's threads in the console (cli/console/customer-threads.ts,
// hotlist-groups.ts): the order that keeps a customer's threads together, the default thread and
// the operator's choice, the merged transcript, and which customers fit the hotlist.
import { describe, expect, test } from 'vitest';
import { answeringThread, defaultThread, groupByCustomer, mergeThreads } from '../../cli/console/customer-threads';
import { customerGroups, visibleGroups, worstMark } from '../../cli/console/hotlist-groups';
import type { Message } from '../../shared/schemas';
import { conversation, message, NOW } from './fake-desk';

const anna = (id: string, waitingSince: number | null) => conversation(id, { customerId: 'anna', waitingSince });
const fromCustomer = (conversationId: string, createdAt: number) =>
  message(conversationId, 'hi', { author: { type: 'customer', id: null, name: 'Anna' }, createdAt });

describe('the hotlist order', () => {
  test('a customer stands where their most urgent thread would, their other threads right after it', () => {
    const order = groupByCustomer([anna('a1', 1), conversation('bob'), anna('a2', 3), conversation('carl')]);
    expect(order.map((c) => c.id)).toEqual(['a1', 'a2', 'bob', 'carl']);
  });

  test('entries side by side of one customer make one group', () => {
    const groups = customerGroups([{ customerId: 'a' }, { customerId: 'a' }, { customerId: 'b' }]);
    expect(groups.map((g) => g.length)).toEqual([2, 1]);
  });
});

describe('the thread the answer goes out on', () => {
  const threads = [anna('web', null), anna('mail', null)];
  const transcripts: Record<string, Message[]> = {
    web: [fromCustomer('web', NOW - 60_000)],
    mail: [fromCustomer('mail', NOW - 30_000)],
  };
  const transcript = (id: string) => transcripts[id] ?? [];

  test('by default, where the customer wrote last', () => {
    expect(defaultThread(threads, transcript)?.id).toBe('mail');
  });

  test("the server's wait counts before the messages are loaded", () => {
    expect(defaultThread([anna('web', NOW - 5_000), anna('mail', NOW - 9_000)], () => [])?.id).toBe('web');
  });

  test("the operator's choice holds while the customer has not written since, and not after", () => {
    const choice = { conversationId: 'web', customerWroteAt: NOW - 30_000 };
    expect(answeringThread(threads, transcript, choice)?.id).toBe('web');
    const later: Record<string, Message[]> = {
      ...transcripts,
      web: [...transcripts.web, fromCustomer('web', NOW - 100)],
    };
    expect(answeringThread(threads, (id) => later[id] ?? [], choice)?.id).toBe('web');
    const mailLater: Record<string, Message[]> = {
      ...transcripts,
      mail: [...transcripts.mail, fromCustomer('mail', NOW)],
    };
    expect(answeringThread(threads, (id) => mailLater[id] ?? [], choice)?.id).toBe('mail');
  });

  test('a choice of a thread that has left is no choice', () => {
    const choice = { conversationId: 'gone', customerWroteAt: NOW - 30_000 };
    expect(answeringThread(threads, transcript, choice)?.id).toBe('mail');
  });
});

test('the threads read as one transcript in time order', () => {
  const web = [fromCustomer('web', 1), fromCustomer('web', 5)];
  const mail = [fromCustomer('mail', 3)];
  expect(mergeThreads([web, mail]).map((m) => m.createdAt)).toEqual([1, 3, 5]);
  // One thread is shown as it is, not copied.
  expect(mergeThreads([web])).toBe(web);
});

describe('which customers fit the hotlist', () => {
  test('all of them when they fit', () => {
    expect(visibleGroups([2, 3, 2], 0, 10)).toEqual({ top: 0, end: 3 });
  });

  test('scrolled just enough to show the open customer whole', () => {
    expect(visibleGroups([2, 2, 3, 2], 2, 5)).toEqual({ top: 1, end: 3 });
  });

  test('the open customer is shown even when taller than the pane', () => {
    expect(visibleGroups([2, 6], 1, 4)).toEqual({ top: 1, end: 2 });
  });

  test("a customer's mark is their worst thread's", () => {
    expect(worstMark(['ok', 'breached', 'near'])).toBe('breached');
    expect(worstMark(['none', 'ok'])).toBe('ok');
  });
});
