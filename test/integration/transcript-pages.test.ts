// Transcripts are read in pages of at most LIMITS.transcriptPage messages: a page before a given
// message, in order, never overlapping, on both stores; a bigger page is refused; and the
// clients' reader (cli/transcript-pages.ts) reassembles a long transcript from the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTranscript } from '../../cli/transcript-pages';
import { LIMITS } from '../../shared/limits';
import { postCustomerMessage } from '../helpers/customer';
import { startTestServer, type TestServer } from '../helpers/server';

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let conversationId: string;
  let other: string;
  const texts = ['m1', 'm2', 'm3', 'm4', 'm5'];

  beforeAll(async () => {
    t = await startTestServer({ store, contactBurst: 100 });
    await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'sales' });
    for (const text of texts) {
      const posted = await postCustomerMessage(t.server.url, 'site', secret, {
        id: text,
        contact: { id: 'anna' },
        text,
      });
      conversationId = posted.body.conversationId;
    }
    const elsewhere = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'b1',
      contact: { id: 'boris' },
      text: 'b1',
    });
    other = elsewhere.body.conversationId;
  });

  afterAll(() => t.close());

  const customerTexts = (messages: { text: string; author: { type: string } }[]) =>
    messages.filter((m) => m.author.type === 'customer').map((m) => m.text);

  it('pages back with before, oldest first within a page, without overlap', async () => {
    const all = await t.admin.operator.messages.query({ conversationId, limit: 100 });
    expect(customerTexts(all)).toEqual(texts);
    const newest = await t.admin.operator.messages.query({ conversationId, limit: 2 });
    expect(newest).toEqual(all.slice(-2));
    const earlier = await t.admin.operator.messages.query({ conversationId, limit: 2, before: newest[0].id });
    expect(earlier).toEqual(all.slice(-4, -2));
    const first = await t.admin.operator.messages.query({ conversationId, limit: 100, before: all[1].id });
    expect(first).toEqual([all[0]]);
  });

  it('gives nothing before a message of another conversation', async () => {
    const theirs = await t.admin.operator.messages.query({ conversationId: other, limit: 1 });
    expect(await t.admin.operator.messages.query({ conversationId, limit: 10, before: theirs[0].id })).toEqual([]);
  });

  it('refuses a page bigger than the limit', async () => {
    await expect(
      t.admin.operator.messages.query({ conversationId, limit: LIMITS.transcriptPage + 1 }),
    ).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });

  it("the clients' reader reassembles the transcript from pages", async () => {
    const all = await t.admin.operator.messages.query({ conversationId, limit: 100 });
    const asked: { limit: number; before?: string }[] = [];
    // Pages of two stand in for pages of LIMITS.transcriptPage.
    const read = await fetchTranscript(
      (page) => {
        asked.push(page);
        return t.admin.operator.messages.query({ conversationId, ...page, limit: Math.min(page.limit, 2) });
      },
      100,
      2,
    );
    expect(read).toEqual(all);
    // Full pages, then the short (maybe empty) one that shows the start was reached.
    expect(asked.length).toBe(Math.floor(all.length / 2) + 1);
    expect(asked.every((page) => page.limit <= 2)).toBe(true);
    expect(await fetchTranscript((page) => t.admin.operator.messages.query({ conversationId, ...page }), 3)).toEqual(
      all.slice(-3),
    );
  });
});
