// `textdesk admin kb` (issue 18 §5) as an admin uses it: the real binary against a real server.
// A folder of markdown files imported twice gives the same articles, the second time unchanged;
// a folder with a bad file is refused whole.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const admin = (...args: string[]) =>
  runCli(['admin', '--url', t.server.url, '--json', ...args], { TEXTDESK_PASSWORD: ADMIN_PASSWORD });

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'textdesk-kb-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const RETURNS_MD = `---
title: Возврат товара
tags: [возврат, деньги]
lang: ru
url: https://shop.example/help/returns
---
Вернуть товар можно в течение **14 дней**.

Деньги приходят на карту за 3–5 дней.
`;
const DELIVERY_MD = `# Delivery times

Couriers deliver within Moscow the next day.
`;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('textdesk admin kb', () => {
  it('imports a folder of markdown files, and a second import changes nothing', async () => {
    const dir = folder({ 'returns.md': RETURNS_MD, 'Delivery Times.md': DELIVERY_MD, 'notes.txt': 'not an article' });
    const first = await admin('kb', 'import', dir);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual([
      { id: 'delivery-times', result: 'added', file: 'Delivery Times.md' },
      { id: 'returns', result: 'added', file: 'returns.md' },
    ]);
    const returns = await t.admin.operator.kbArticle.query({ id: 'returns' });
    expect(returns).toMatchObject({
      title: 'Возврат товара',
      body: 'Вернуть товар можно в течение **14 дней**.\n\nДеньги приходят на карту за 3–5 дней.',
      tags: ['возврат', 'деньги'],
      lang: 'ru',
      url: 'https://shop.example/help/returns',
    });
    // The heading became the title and is not repeated in the text.
    expect(await t.admin.operator.kbArticle.query({ id: 'delivery-times' })).toMatchObject({
      title: 'Delivery times',
      body: 'Couriers deliver within Moscow the next day.',
      tags: [],
      lang: null,
      url: null,
    });

    const again = await admin('kb', 'import', dir);
    expect(JSON.parse(again.stdout).map((r: { result: string }) => r.result)).toEqual(['unchanged', 'unchanged']);
    expect((await t.admin.operator.kbArticle.query({ id: 'returns' })).updatedAt).toBe(returns.updatedAt);

    writeFileSync(join(dir, 'returns.md'), RETURNS_MD.replace('14 дней', '30 дней'));
    const edited = await admin('kb', 'import', dir);
    expect(JSON.parse(edited.stdout).map((r: { result: string }) => r.result)).toEqual(['unchanged', 'updated']);
    expect((await t.admin.operator.kbArticle.query({ id: 'returns' })).body).toContain('30 дней');
  });

  it('refuses a folder with a bad file whole, naming the file and what is wrong', async () => {
    const dir = folder({
      'good.md': '# Good\n\nFine text.',
      'untitled.md': 'Text without any title.',
      'bad-url.md': '---\ntitle: Bad\nurl: ftp://example.com\n---\nText.',
    });
    const result = await admin('kb', 'import', dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing imported');
    expect(result.stderr).toContain('untitled.md: no title');
    expect(result.stderr).toContain('bad-url.md:');
    expect(result.stderr).toContain('http(s) URL');
    expect((await t.admin.admin.kbList.query()).map((a) => a.id)).not.toContain('good');
  });

  it('adds, changes, lists and deletes an article from options', async () => {
    const added = await admin(
      'kb',
      'add',
      '--id',
      'promo',
      '--title',
      'Promo codes',
      '--body',
      'One code per order.',
      '--tags',
      'promo,discount',
      '--lang',
      'en',
    );
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toMatchObject({ id: 'promo', title: 'Promo codes', tags: ['promo', 'discount'] });
    const twice = await admin('kb', 'add', '--id', 'promo', '--title', 'Again', '--body', 'x');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('article promo exists');

    const set = await admin('kb', 'set', '--id', 'promo', '--link', 'https://shop.example/promo', '--lang', 'none');
    expect(JSON.parse(set.stdout)).toMatchObject({
      title: 'Promo codes',
      url: 'https://shop.example/promo',
      lang: null,
    });
    const listed = JSON.parse((await admin('kb', 'list')).stdout) as Array<{ id: string }>;
    expect(listed.map((a) => a.id)).toEqual(['delivery-times', 'promo', 'returns']);

    expect(JSON.parse((await admin('kb', 'delete', '--id', 'promo')).stdout)).toEqual({ id: 'promo', deleted: true });
    expect((await t.admin.admin.kbList.query()).map((a) => a.id)).not.toContain('promo');
  });

  it('reports the articles used most in the period (textdesk report --articles)', async () => {
    await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
    const { conversationId } = (
      await postCustomerMessage(t.server.url, 'site', secret, { id: 'm1', contact: { id: 'c1' }, text: 'refund?' })
    ).body;
    for (const articleId of ['returns', 'returns', 'delivery-times'])
      await t.admin.operator.kbUsed.mutate({ articleId, conversationId, kind: 'paragraph' });
    const today = new Date().toISOString().slice(0, 10);
    const report = await runCli(
      ['report', '--url', t.server.url, '--from', today, '--to', today, '--utc', '--articles', '5'],
      { TEXTDESK_PASSWORD: ADMIN_PASSWORD },
    );
    expect(report.stderr).toBe('');
    expect(report.stdout).toBe(
      'article_id,title,uses,operators\r\nreturns,Возврат товара,2,1\r\ndelivery-times,Delivery times,1,1\r\n',
    );
  });
});
