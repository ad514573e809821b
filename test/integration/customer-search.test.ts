// /new's customer search (issue 16) on both stores: operator.searchCustomers finds customers by
// part of a name (Cyrillic in any case, which SQLite's LIKE does not fold), an e-mail or a phone
// typed with other separators than stored; at most `limit` answers; every operator may search
// (starting a conversation needs it), nobody without a session may, and a too-short or
// oversized query is refused with what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let olga: OperatorSession;

  beforeAll(async () => {
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    // Capacity 0: the conversations wait in the queue; the customers are what is searched.
    await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password', capacity: 0 });
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
    const people = [
      { id: 'c1', name: 'Иван Петров', email: 'ivan@example.ru', phone: '+7 900 123-45-67' },
      { id: 'c2', name: 'Иванна Котова', phone: '+7 911 000-00-01' },
      { id: 'c3', name: 'Пётр Иванов', email: 'petr@shop.ru' },
      { id: 'c4', email: 'anna.ivanova@mail.ru' },
      { id: 'c5', name: '100%_Sure Ltd' },
      ...Array.from({ length: 25 }, (_, i) => ({ id: `bulk-${i}`, name: `Ivanov ${i}` })),
    ];
    for (const contact of people)
      expect(
        (await postCustomerMessage(t.server.url, 'site', secret, { id: `m-${contact.id}`, contact, text: 'hi' }))
          .status,
      ).toBe(202);
    olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  });

  afterAll(async () => {
    await olga.close();
    await t.close();
  });

  const names = async (query: string, limit?: number) =>
    (await olga.api.operator.searchCustomers.query({ query, limit })).map((c) => c.name ?? c.email);

  it('finds by part of a Cyrillic name in any case, best match first', async () => {
    expect(await names('иван')).toEqual(['Иван Петров', 'Иванна Котова', 'Пётр Иванов']);
    expect(await names('ИВ ПЕТ')).toEqual(['Иван Петров']);
  });

  it('finds by a phone typed with other separators, and by e-mail', async () => {
    const [found] = await olga.api.operator.searchCustomers.query({ query: '900 1234567' });
    expect(found).toEqual({
      id: expect.any(String),
      name: 'Иван Петров',
      email: 'ivan@example.ru',
      phone: '+7 900 123-45-67',
    });
    expect(await names('anna.iv')).toEqual(['anna.ivanova@mail.ru']);
  });

  it('takes % and _ as themselves, not as wildcards', async () => {
    expect(await names('0%_s')).toEqual(['100%_Sure Ltd']);
    expect(await names('%%')).toEqual([]);
  });

  it('answers at most the limit: 10 unless asked, 20 at most', async () => {
    expect(await names('ivanov')).toHaveLength(10);
    expect(await names('ivanov', 20)).toHaveLength(20);
    expect(await codeOf(olga.api.operator.searchCustomers.query({ query: 'ivanov', limit: 21 }))).toBe('BAD_REQUEST');
  });

  it('refuses a query too short or too long, saying what to type', async () => {
    await expect(olga.api.operator.searchCustomers.query({ query: ' и ' })).rejects.toThrow(/at least 2 characters/);
    expect(await codeOf(olga.api.operator.searchCustomers.query({ query: 'x'.repeat(101) }))).toBe('BAD_REQUEST');
  });

  it('is for operators with a session only', async () => {
    expect(await codeOf(httpApiClient(t.server.url).operator.searchCustomers.query({ query: 'иван' }))).toBe(
      'UNAUTHORIZED',
    );
  });
});
