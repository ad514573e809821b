// Issue 18 §5: knowledge-base articles stored and searched the same way on both stores —
// Russian and English text, prefixes, edits and deletions reaching the index at once, garbage
// queries, and the uses reports count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { codeOf, failureOf } from '../helpers/trpc-code';
import { startTestServer, type TestServer } from '../helpers/server';

const RETURNS = {
  id: 'returns',
  title: 'Возврат товара',
  body: 'Вернуть товар можно в течение 14 дней.\n\nДеньги возвращаются на карту за 3–5 рабочих дней.',
  tags: ['возврат', 'деньги'],
  lang: 'ru' as const,
  url: 'https://shop.example/help/returns',
};
const DELIVERY = {
  id: 'delivery',
  title: 'Delivery times',
  body: 'Couriers deliver within Moscow the next day.\n\nParcels to other regions take a week.',
  tags: ['shipping'],
  lang: 'en' as const,
};
const YO = {
  id: 'yolka',
  title: 'Ёлочные игрушки',
  body: 'Ёлки и игрушки привозим в декабре.',
};

describe.each(['sqlite', 'postgres'] as const)('knowledge base on %s', { timeout: 30_000 }, (store) => {
  let t: TestServer;
  let operator: OperatorSession;
  let conversationId: string;
  const titles = async (query: string) =>
    (await operator.api.operator.kbSearch.query({ query })).map((hit) => hit.id).sort();

  beforeAll(async () => {
    t = await startTestServer({ store });
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    await t.admin.admin.createOperator.mutate({ login: 'anna', name: 'Anna', password: 'anna-password', capacity: 2 });
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
    operator = await OperatorSession.connect(t.server, 'anna', 'anna-password');
    conversationId = (
      await postCustomerMessage(t.server.url, 'site', secret, { id: 'm1', contact: { id: 'c1' }, text: 'where is it' })
    ).body.conversationId;
    await operator.waitFor(isAssigned(conversationId));
    for (const article of [RETURNS, DELIVERY, YO]) await t.admin.admin.kbAdd.mutate(article);
  });

  afterAll(async () => {
    await operator.close();
    await t.close();
  });

  it('stores an article as given and lists it without its body', async () => {
    const article = await operator.api.operator.kbArticle.query({ id: 'returns' });
    expect(article).toMatchObject({ ...RETURNS });
    const listed = await t.admin.admin.kbList.query();
    expect(listed.map((a) => a.id)).toEqual(['delivery', 'returns', 'yolka']);
    expect(listed.find((a) => a.id === 'yolka')).toMatchObject({ lang: null, url: null, tags: [] });
    expect(listed[0]).not.toHaveProperty('body');
  });

  it('finds Russian and English articles by whole words and by prefixes, in any case', async () => {
    expect(await titles('возврат')).toEqual(['returns']);
    expect(await titles('ДЕНЬГ')).toEqual(['returns']);
    expect(await titles('возвр карт')).toEqual(['returns']);
    expect(await titles('courier')).toEqual(['delivery']);
    expect(await titles('parc')).toEqual(['delivery']);
    expect(await titles('shipping')).toEqual(['delivery']);
    // Every word must match: one article holds both.
    expect(await titles('возврат parcels')).toEqual([]);
  });

  it('finds ё by е and е by ё', async () => {
    expect(await titles('елочные')).toEqual(['yolka']);
    expect(await titles('ёлки')).toEqual(['yolka']);
  });

  it('ranks a title match first and returns a snippet of the body', async () => {
    await t.admin.admin.kbAdd.mutate({
      id: 'money-back',
      title: 'Карты и оплата',
      body: 'Если покупатель хочет возврат, смотрите статью о возврате товара.',
    });
    const hits = await operator.api.operator.kbSearch.query({ query: 'возврат' });
    expect(hits.map((h) => h.id)).toEqual(['returns', 'money-back']);
    expect(hits[0]).toMatchObject({ title: 'Возврат товара', url: RETURNS.url, tags: RETURNS.tags, lang: 'ru' });
    expect(hits[1].snippet).toContain('возврат');
    await t.admin.admin.kbDelete.mutate({ id: 'money-back' });
  });

  it('treats search syntax and garbage as plain words, never as an error', async () => {
    for (const query of ['"', '*', 'NEAR(a b)', 'a:* & !b', '()', "'; drop table kb_articles; --", '   ', '']) {
      expect(await operator.api.operator.kbSearch.query({ query })).toEqual([]);
    }
    expect(await titles('"возврат"*')).toEqual(['returns']);
    expect(await codeOf(operator.api.operator.kbSearch.query({ query: 'a\u0000b' }))).toBe('BAD_REQUEST');
  });

  it('keeps the index in step with edits and deletions', async () => {
    await t.admin.admin.kbSet.mutate({ id: 'delivery', body: 'Drones bring everything within an hour.' });
    expect(await titles('couriers')).toEqual([]);
    expect(await titles('drone')).toEqual(['delivery']);
    // Fields not given stay as they were.
    expect(await operator.api.operator.kbArticle.query({ id: 'delivery' })).toMatchObject({
      title: DELIVERY.title,
      tags: DELIVERY.tags,
    });
    await t.admin.admin.kbSet.mutate({ id: 'delivery', body: DELIVERY.body });
    await t.admin.admin.kbAdd.mutate({ id: 'gone', title: 'Скидки', body: 'Скидка 10% по промокоду.' });
    expect(await titles('скидк')).toEqual(['gone']);
    expect(await t.admin.admin.kbDelete.mutate({ id: 'gone' })).toEqual({ id: 'gone', deleted: true });
    expect(await titles('скидк')).toEqual([]);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    expect(await failureOf(t.admin.admin.kbAdd.mutate(RETURNS))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('admin kb set returns'),
    });
    expect(await failureOf(t.admin.admin.kbSet.mutate({ id: 'nope', title: 'X' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('article nope does not exist'),
    });
    expect(await codeOf(t.admin.admin.kbDelete.mutate({ id: 'nope' }))).toBe('NOT_FOUND');
    expect(await codeOf(t.admin.admin.kbAdd.mutate({ ...RETURNS, id: 'Bad Id' }))).toBe('BAD_REQUEST');
    expect(await codeOf(t.admin.admin.kbAdd.mutate({ ...RETURNS, id: 'js', url: 'javascript:alert(1)' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(t.admin.admin.kbAdd.mutate({ ...RETURNS, id: 'blank', body: ' \u200b ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(t.admin.admin.kbAdd.mutate({ ...RETURNS, id: 'tags', tags: ['two words'] }))).toBe(
      'BAD_REQUEST',
    );
    expect((await t.admin.admin.kbList.query()).map((a) => a.id)).toEqual(['delivery', 'returns', 'yolka']);
  });

  it('puts an article idempotently: the same content changes nothing', async () => {
    const article = { ...DELIVERY, id: 'put-me', url: null };
    expect(await t.admin.admin.kbPut.mutate(article)).toEqual({ id: 'put-me', result: 'added' });
    const first = await operator.api.operator.kbArticle.query({ id: 'put-me' });
    expect(await t.admin.admin.kbPut.mutate(article)).toEqual({ id: 'put-me', result: 'unchanged' });
    expect((await operator.api.operator.kbArticle.query({ id: 'put-me' })).updatedAt).toBe(first.updatedAt);
    expect(await t.admin.admin.kbPut.mutate({ ...article, tags: ['new'] })).toEqual({
      id: 'put-me',
      result: 'updated',
    });
    expect(await titles('put')).toEqual([]);
    await t.admin.admin.kbDelete.mutate({ id: 'put-me' });
  });

  it('counts uses per article for the report, most used first', async () => {
    const from = Date.now() - 60_000;
    const use = (articleId: string, kind: 'paragraph' | 'link') =>
      operator.api.operator.kbUsed.mutate({ articleId, conversationId, kind });
    await use('returns', 'paragraph');
    await use('returns', 'link');
    await use('delivery', 'paragraph');
    expect(await codeOf(use('nope', 'paragraph'))).toBe('NOT_FOUND');
    const top = await t.admin.supervisor.kbUsage.query({ from, to: Date.now() + 60_000 });
    expect(top).toEqual([
      { articleId: 'returns', title: 'Возврат товара', uses: 2, operators: 1 },
      { articleId: 'delivery', title: 'Delivery times', uses: 1, operators: 1 },
    ]);
    // A period without uses is empty.
    expect(await t.admin.supervisor.kbUsage.query({ from: 0, to: from })).toEqual([]);
  });
});
