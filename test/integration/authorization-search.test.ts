// Who finds what (issue 18 §3, with the read rule of §2): supervisors search everything; an
// operator finds only the customers they serve now — every conversation of such a customer, old
// ones included, and nothing of anyone else's, whatever the filters say; nobody without a session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import type { ApiClient } from '../../cli/api-client';
import { isAssigned } from '../helpers/operator-session';
import { startSearchDesk, type SearchDesk } from '../helpers/search-desk';
import { codeOf } from '../helpers/trpc-code';

describe.each(['sqlite', 'postgres'] as const)('search rights on %s', { timeout: 30_000 }, (store) => {
  let d: SearchDesk;
  beforeAll(async () => {
    d = await startSearchDesk(store);
  });
  afterAll(() => d.close());

  const found = async (client: ApiClient, text: string, filters: { operatorId?: string } = {}) => [
    ...new Set((await client.operator.search.query({ text, ...filters })).hits.map((h) => h.conversationId)),
  ];

  it('lets a supervisor find every conversation', async () => {
    expect(await found(d.sam.api, 'ord*')).toEqual([d.clara, d.boris]);
    expect(await found(d.sam.api, 'заказ')).toEqual([d.anna]);
    expect(await found(d.sam.api, 'boris@example.com')).toEqual([d.boris]);
  });

  it('lets an operator find the customers they serve now, and nobody else', async () => {
    expect(await found(d.olga.api, 'заказ')).toEqual([d.anna]);
    expect(await found(d.olga.api, 'смирнова')).toEqual([d.anna]);
    // Boris was Olga's, but she serves him no longer; Clara is Pavel's.
    expect(await found(d.olga.api, 'ord*')).toEqual([]);
    expect(await found(d.olga.api, 'boris@example.com')).toEqual([]);
    expect(await found(d.pavel.api, 'ord*')).toEqual([d.clara]);
    expect(await found(d.pavel.api, 'заказ')).toEqual([]);
  });

  it('widens nothing by filters: naming another operator finds none of theirs', async () => {
    const pavelId = d.pavel.operatorId;
    expect(await found(d.olga.api, 'ord*', { operatorId: pavelId })).toEqual([]);
    expect(await found(d.sam.api, 'ord*', { operatorId: pavelId })).toEqual([d.clara]);
  });

  it('refuses a caller without a valid session', async () => {
    expect(await codeOf(httpApiClient(d.t.server.url).operator.search.query({ text: 'заказ' }))).toBe('UNAUTHORIZED');
    expect(
      await codeOf(httpApiClient(d.t.server.url, () => 'forged-token').operator.search.query({ text: 'заказ' })),
    ).toBe('UNAUTHORIZED');
  });

  it('follows who is served now: a returning customer’s history opens to their new operator', async () => {
    // Boris writes again; Olga is away, so Pavel gets him, and with him Boris's earlier words.
    await d.write('site', { id: 'boris' }, 'Any news on the invoice?');
    await d.pavel.waitFor(isAssigned(d.boris));
    expect(await found(d.pavel.api, 'invoice')).toEqual([d.boris]);
    // Olga resolves Anna's dialog: Anna is no longer hers to search.
    await d.olga.api.operator.resolve.mutate({ conversationId: d.anna });
    expect(await found(d.olga.api, 'заказ')).toEqual([]);
    expect(await found(d.sam.api, 'заказ')).toEqual([d.anna]);
  });
});
