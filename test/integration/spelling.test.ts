// Spelling help on the real server over HTTP, on both stores: verdicts from the dictionaries of
// each script, template words and each operator's own dictionary counted as right, bad words
// refused with nothing stored. One set of dictionaries serves every server of this file: loading
// Russian takes seconds.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiClient } from '../../cli/api-client';
import { Dictionaries } from '../../server/spelling/dictionaries';
import { httpApiClient } from '../../cli/api-client';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';
import { codeOf } from '../helpers/trpc-code';

const dictionaries = new Dictionaries(pino({ level: 'silent' }));
afterAll(() => dictionaries.close());

test('before the dictionaries are loaded a check answers ready: false and marks nothing; the first check starts the load', async () => {
  const t = await startTestServer({}, undefined, { dictionaries });
  try {
    await t.admin.admin.createOperator.mutate({ login: 'nina', name: 'Nina', password: 'nina-password', capacity: 1 });
    const nina = await loggedInHttpClient(t.server.url, 'nina', 'nina-password');
    expect(await nina.spelling.check.query({ words: ['превет'] })).toEqual({ ready: false, misspelt: [] });
    expect(await nina.spelling.suggest.query({ word: 'превет' })).toEqual({ ready: false, suggestions: [] });
    await dictionaries.whenReady();
    expect(await nina.spelling.check.query({ words: ['превет'] })).toEqual({ ready: true, misspelt: ['превет'] });
  } finally {
    await t.close();
  }
});

describe.each(['sqlite', 'postgres'] as const)('spelling on %s', (store) => {
  let t: TestServer;
  let olga: ApiClient;
  let ivan: ApiClient;

  beforeAll(async () => {
    await dictionaries.whenReady();
    t = await startTestServer({ store }, undefined, { dictionaries });
    for (const login of ['olga', 'ivan'])
      await t.admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password`, capacity: 1 });
    olga = await loggedInHttpClient(t.server.url, 'olga', 'olga-password');
    ivan = await loggedInHttpClient(t.server.url, 'ivan', 'ivan-password');
  });
  afterAll(() => t.close());

  const misspelt = async (client: ApiClient, words: string[]) =>
    (await client.spelling.check.query({ words })).misspelt;

  test('Cyrillic words are judged by the Russian dictionary and Latin ones by the English', async () => {
    expect(await misspelt(olga, ['Здравствуйте', 'здраствуйте', 'заказ', 'hello', 'helo', 'order'])).toEqual([
      'здраствуйте',
      'helo',
    ]);
  });

  test('a capitalised word is right when its lower case is; abbreviations and mixed scripts are not judged', async () => {
    expect(await misspelt(olga, ['Привет', 'Hello', 'ВТБ', 'SLA', 'Tекст'])).toEqual([]);
  });

  test('suggestions for a misspelt word, best first, at most 8', async () => {
    const { ready, suggestions } = await olga.spelling.suggest.query({ word: 'Здраствуйте' });
    expect(ready).toBe(true);
    expect(suggestions[0]).toBe('Здравствуйте');
    expect((await olga.spelling.suggest.query({ word: 'helo' })).suggestions.length).toBeLessThanOrEqual(8);
  });

  test("a template's brand name is a known word while the template exists", async () => {
    expect(await misspelt(olga, ['Textdeskify'])).toEqual(['Textdeskify']);
    const template = await t.admin.admin.createTemplate.mutate({
      name: 'brand',
      text: 'Спасибо, что выбрали Textdeskify, {{customer.name}}!',
    });
    expect(await misspelt(olga, ['Textdeskify', 'textdeskify'])).toEqual([]);
    await t.admin.admin.deleteTemplate.mutate({ id: template.id });
    expect(await misspelt(olga, ['Textdeskify'])).toEqual(['Textdeskify']);
  });

  test("a word added to an operator's dictionary is right for them alone, survives a restart, and can be removed", async () => {
    expect(await misspelt(olga, ['тикетница'])).toEqual(['тикетница']);
    await olga.spelling.addWord.mutate({ word: 'тикетница' });
    expect(await misspelt(olga, ['тикетница', 'Тикетница'])).toEqual([]);
    expect(await misspelt(ivan, ['тикетница'])).toEqual(['тикетница']);

    await t.restart();
    olga = await loggedInHttpClient(t.server.url, 'olga', 'olga-password');
    ivan = await loggedInHttpClient(t.server.url, 'ivan', 'ivan-password');
    expect(await olga.spelling.words.query()).toEqual({ words: ['тикетница'] });
    expect(await misspelt(olga, ['тикетница'])).toEqual([]);
    expect(await ivan.spelling.words.query()).toEqual({ words: [] });

    await olga.spelling.removeWord.mutate({ word: 'тикетница' });
    expect(await misspelt(olga, ['тикетница'])).toEqual(['тикетница']);
    expect(await olga.spelling.words.query()).toEqual({ words: [] });
  });

  test('bad words are refused with BAD_REQUEST and nothing is stored', async () => {
    const bad = [
      '',
      'два слова',
      'а'.repeat(65),
      'при\u0007вет',
      'abc1',
      'nul\u0000',
      'lone\ud800',
      '-дефис',
      'e-mail,',
    ];
    for (const word of bad) {
      expect(await codeOf(ivan.spelling.addWord.mutate({ word })), JSON.stringify(word)).toBe('BAD_REQUEST');
      expect(await codeOf(ivan.spelling.check.query({ words: [word] })), JSON.stringify(word)).toBe('BAD_REQUEST');
    }
    expect(await codeOf(ivan.spelling.check.query({ words: [] }))).toBe('BAD_REQUEST');
    expect(await codeOf(ivan.spelling.check.query({ words: Array(51).fill('слово') }))).toBe('BAD_REQUEST');
    expect(await ivan.spelling.words.query()).toEqual({ words: [] });
  });

  test('every call needs a valid session, checked at the call', async () => {
    const anonymous = httpApiClient(t.server.url, () => null);
    expect(await codeOf(anonymous.spelling.check.query({ words: ['слово'] }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.spelling.addWord.mutate({ word: 'слово' }))).toBe('UNAUTHORIZED');
    await ivan.auth.logout.mutate();
    expect(await codeOf(ivan.spelling.words.query())).toBe('UNAUTHORIZED');
  });

  test('deleting an operator deletes their words', async () => {
    const { id } = await t.admin.admin.createOperator.mutate({
      login: 'lev',
      name: 'Lev',
      password: 'lev-password',
      capacity: 1,
    });
    const lev = await loggedInHttpClient(t.server.url, 'lev', 'lev-password');
    await lev.spelling.addWord.mutate({ word: 'левослово' });
    await t.admin.admin.deleteOperator.mutate({ id });
    const { store } = t.server.desk.ctx;
    expect(await store.all(store.q.wordsOfOperator, { operator_id: id })).toEqual([]);
  });
});
