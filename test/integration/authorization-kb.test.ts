// Rights on the knowledge base (issue 18 §5): every operator reads and searches articles and
// records a use in their own dialog; only admins write articles; the top articles are for
// supervisors; nobody without a session gets anything. A refused call changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiClient, type ApiClient } from '../../cli/api-client';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { codeOf } from '../helpers/trpc-code';
import { loggedInHttpClient, startTestServer, type TestServer } from '../helpers/server';

const ARTICLE = { id: 'returns', title: 'Returns', body: 'Return within 14 days.' };

let t: TestServer;
let owner: OperatorSession;
let other: ApiClient;
let supervisor: ApiClient;
let anonymous: ApiClient;
let conversationId: string;

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
  anonymous = httpApiClient(t.server.url);
  conversationId = (
    await postCustomerMessage(t.server.url, 'site', secret, { id: 'a1', contact: { id: 'c' }, text: 'hello' })
  ).body.conversationId;
  await owner.waitFor(isAssigned(conversationId));
  await t.admin.admin.kbAdd.mutate(ARTICLE);
});

afterAll(async () => {
  await owner.close();
  await t.close();
});

describe('knowledge-base rights', () => {
  it('lets every operator and supervisor search and read articles, and nobody without a session', async () => {
    for (const client of [owner.api, other, supervisor, t.admin]) {
      expect((await client.operator.kbSearch.query({ query: 'return' })).map((h) => h.id)).toEqual(['returns']);
      expect((await client.operator.kbArticle.query({ id: 'returns' })).body).toBe(ARTICLE.body);
    }
    expect(await codeOf(anonymous.operator.kbSearch.query({ query: 'return' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.operator.kbArticle.query({ id: 'returns' }))).toBe('UNAUTHORIZED');
  });

  it('records a use only in a dialog the caller may write in', async () => {
    const use = { articleId: 'returns', conversationId, kind: 'paragraph' as const };
    expect(await codeOf(anonymous.operator.kbUsed.mutate(use))).toBe('UNAUTHORIZED');
    expect(await codeOf(other.operator.kbUsed.mutate(use))).toBe('FORBIDDEN');
    expect(await owner.api.operator.kbUsed.mutate(use)).toEqual({ ok: true });
    expect(await supervisor.operator.kbUsed.mutate(use)).toEqual({ ok: true });
    const [row] = await t.admin.supervisor.kbUsage.query({ from: 0, to: Date.now() + 60_000 });
    // The refused use was not counted.
    expect(row).toMatchObject({ articleId: 'returns', uses: 2, operators: 2 });
  });

  it('lets only admins write or list articles', async () => {
    const changed = { ...ARTICLE, title: 'Changed' };
    for (const client of [owner.api, other, supervisor]) {
      expect(await codeOf(client.admin.kbAdd.mutate({ ...ARTICLE, id: 'new' }))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.kbSet.mutate({ id: 'returns', title: 'Changed' }))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.kbPut.mutate(changed))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.kbDelete.mutate({ id: 'returns' }))).toBe('FORBIDDEN');
      expect(await codeOf(client.admin.kbList.query())).toBe('FORBIDDEN');
    }
    expect(await codeOf(anonymous.admin.kbAdd.mutate({ ...ARTICLE, id: 'new' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.admin.kbSet.mutate({ id: 'returns', title: 'Changed' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.admin.kbPut.mutate(changed))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.admin.kbDelete.mutate({ id: 'returns' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.admin.kbList.query())).toBe('UNAUTHORIZED');
    expect(await t.admin.admin.kbList.query()).toEqual([expect.objectContaining({ id: 'returns', title: 'Returns' })]);
  });

  it('shows the top articles to supervisors and admins only', async () => {
    const period = { from: 0, to: Date.now() + 60_000 };
    expect(await codeOf(owner.api.supervisor.kbUsage.query(period))).toBe('FORBIDDEN');
    expect(await codeOf(anonymous.supervisor.kbUsage.query(period))).toBe('UNAUTHORIZED');
    expect((await supervisor.supervisor.kbUsage.query(period)).map((r) => r.articleId)).toEqual(['returns']);
  });
});
