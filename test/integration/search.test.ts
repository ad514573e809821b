// Search (issue 18 §3) on both stores, through the real server and client: Cyrillic and Latin in
// any case, ё as е, prefixes, customers by name or e-mail, every filter, snippets, newest first,
// text an engine would take as syntax, and a message findable as soon as its send is acknowledged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit, SearchInput } from '../../shared/search-schemas';
import { startSearchDesk, type SearchDesk } from '../helpers/search-desk';
import { codeOf } from '../helpers/trpc-code';

const marked = (hit: SearchHit) =>
  hit.snippet
    .filter((p) => p.match)
    .map((p) => p.text)
    .join(' ');

describe.each(['sqlite', 'postgres'] as const)('search on %s', { timeout: 30_000 }, (store) => {
  let d: SearchDesk;
  beforeAll(async () => {
    d = await startSearchDesk(store);
  });
  afterAll(() => d.close());

  const find = async (text: string, filters: Omit<SearchInput, 'text'> = {}) =>
    (await d.sam.api.operator.search.query({ text, ...filters })).hits;
  const texts = async (text: string, filters: Omit<SearchInput, 'text'> = {}) =>
    (await find(text, filters)).map((h) => h.snippet.map((p) => p.text).join(''));

  it('finds Cyrillic words in any case, newest first, with the match marked', async () => {
    const hits = await find('заказ');
    expect(hits.map((h) => [h.conversationId, h.author])).toEqual([
      [d.anna, 'operator'],
      [d.anna, 'customer'],
    ]);
    expect(hits.map(marked)).toEqual(['заказ', 'ЗАКАЗ']);
    expect(hits[1]).toMatchObject({
      customer: { id: expect.any(String), name: 'Анна Смирнова' },
      channel: { id: 'site', name: 'Site', kind: 'api' },
      queueId: 'general',
      operator: { name: 'Ольга' },
      status: 'assigned',
    });
    expect(await texts('ЗАКАЗ №1542')).toEqual(['Здравствуйте, мой ЗАКАЗ №1542 не пришёл, где ёлка?']);
  });

  it('takes ё and е as one letter, either way', async () => {
    for (const word of ['елка', 'ёлка', 'ЕЛКА', 'пришел', 'пришёл'])
      expect(
        (await find(word)).map((h) => h.conversationId),
        word,
      ).toEqual([d.anna]);
  });

  it('finds Latin words in any case, every word required', async () => {
    expect((await find('INVOICE')).map((h) => h.conversationId)).toEqual([d.boris]);
    expect((await find('invoice wrong')).map((h) => h.conversationId)).toEqual([d.boris]);
    expect(await find('invoice refund')).toEqual([]);
  });

  it('finds by prefix with *, and whole words without it', async () => {
    expect((await find('прив*')).map((h) => h.conversationId)).toEqual([d.clara]);
    expect(await find('прив')).toEqual([]);
    expect((await find('ord*')).map((h) => h.conversationId)).toEqual([d.clara, d.boris]);
    expect(marked((await find('ord*'))[0])).toBe('order');
  });

  it('finds customers by name or e-mail, as their conversations', async () => {
    const [anna] = await find('смирнова');
    expect(anna).toMatchObject({ conversationId: d.anna, messageId: null, author: null });
    expect(marked(anna)).toBe('Смирнова');
    const [boris] = await find('boris@example.com');
    expect(boris).toMatchObject({ conversationId: d.boris, messageId: null });
  });

  it('takes quotes, operators, NUL and other syntax as plain text, never as the engine’s', async () => {
    for (const garbage of ['"', '*', 'NEAR(', '\0', "'", '\\', '(&|!:*)', 'AND OR NOT', '""*', '\u202e', 'a:*|b'])
      expect(await codeOf(find(garbage)), garbage).toBe('OK');
    expect((await find('"заказ')).map((h) => h.author)).toEqual(['operator', 'customer']);
    expect((await find('заказ" OR "invoice')).length).toBe(0);
    expect((await find('ЗАКАЗ\0')).length).toBe(2);
    expect(await find('NEAR(заказ invoice)')).toEqual([]);
  });

  it('narrows by channel, queue, operator, outcome, tag and CSAT', async () => {
    const conversations = async (filters: Omit<SearchInput, 'text'>) =>
      // Both Boris's and Clara's messages say "order".
      [...new Set((await find('ord*', filters)).map((h) => h.conversationId))];
    expect(await conversations({ channelId: 'shop' })).toEqual([d.clara]);
    expect(await conversations({ queueId: 'general' })).toEqual([d.boris]);
    const pavel = (await find('refund'))[0].operator?.id;
    expect(await conversations({ operatorId: pavel })).toEqual([d.clara]);
    expect(await conversations({ outcome: 'sold' })).toEqual([d.boris]);
    expect(await conversations({ tag: 'billing' })).toEqual([d.boris]);
    expect(await conversations({ tag: 'other' })).toEqual([]);
    expect(await conversations({ csatMax: 2 })).toEqual([d.boris]);
    expect(await conversations({ csatMin: 3 })).toEqual([]);
  });

  it('narrows by the time a message was written', async () => {
    const [reply, question] = await find('заказ');
    expect((await find('заказ', { from: reply.at })).map((h) => h.messageId)).toEqual([reply.messageId]);
    expect((await find('заказ', { to: question.at })).map((h) => h.messageId)).toEqual([question.messageId]);
    expect(await find('заказ', { from: Date.now() + 60_000 })).toEqual([]);
    expect((await find('заказ', { from: d.startedAt, to: Date.now() })).length).toBe(2);
  });

  it('answers at most `limit` hits', async () => {
    expect(await find('заказ', { limit: 1 })).toHaveLength(1);
  });

  it('refuses bad filters with what is wrong', async () => {
    expect(await codeOf(find('заказ', { from: 10, to: 5 }))).toBe('BAD_REQUEST');
    expect(await codeOf(find('заказ', { csatMin: 4, csatMax: 2 }))).toBe('BAD_REQUEST');
    expect(await codeOf(find('заказ', { csatMin: 6 }))).toBe('BAD_REQUEST');
    expect(await codeOf(find(''))).toBe('BAD_REQUEST');
    expect(await codeOf(find('x'.repeat(201)))).toBe('BAD_REQUEST');
  });

  it('finds a message as soon as its send is acknowledged', async () => {
    await d.write('site', { id: 'dmitry', name: 'Dmitry' }, 'Срочно: квитанция потерялась');
    expect((await find('квитанция')).map((h) => h.customer.name)).toEqual(['Dmitry']);
  });
});
