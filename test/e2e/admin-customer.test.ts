// `textdesk admin customer find|show|merge|unmerge` (issue 18 §1): the real binary against a
// real server, through the tRPC client only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const admin = (...args: string[]) =>
  runCli(['admin', '--url', t.server.url, ...args], { TEXTDESK_PASSWORD: ADMIN_PASSWORD });

/** A customer of the generic channel named `name`, by its id. */
async function customerNamed(secret: string, name: string): Promise<string> {
  const posted = await postCustomerMessage(t.server.url, 'site', secret, {
    id: `${name}-1`,
    contact: { id: name, name },
    text: 'hello',
  });
  const card = await t.admin.operator.customer.query({ conversationId: posted.body.conversationId });
  return card.customer.id;
}

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
});
afterAll(() => t.close());

describe('textdesk admin customer', () => {
  it('finds two customers, merges one into the other, shows it, and unmerges it', async () => {
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'general' });
    const into = await customerNamed(secret, 'Zoya Ivanova');
    const from = await customerNamed(secret, 'Zoya I.');

    const found = await admin('--json', 'customer', 'find', 'Zoya');
    expect(found.code).toBe(0);
    expect((JSON.parse(found.stdout) as { id: string }[]).map((c) => c.id).sort()).toEqual([into, from].sort());

    const merged = await admin('--json', 'customer', 'merge', '--into', into, '--from', from);
    expect(merged.code).toBe(0);
    const merge = JSON.parse(merged.stdout) as { id: string; mergedByName: string; moved: { conversations: number } };
    expect(merge).toMatchObject({ mergedByName: 'Administrator', moved: { conversations: 1 } });

    // For people: the customer, then its sections, each a table.
    const shown = await admin('customer', 'show', '--id', into);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Zoya Ivanova');
    expect(shown.stdout).toMatch(new RegExp(`merges\\nid\\s+intoCustomerId.*\\n${merge.id}\\s+${into}\\s+${from}`));
    expect(shown.stdout.match(/^\S+\s+site\s+assigned|^\S+\s+site\s+queued/gm)).toHaveLength(2);

    const twice = await admin('customer', 'merge', '--into', into, '--from', from);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`customer ${from} was merged into ${into}`);

    const undone = await admin('--json', 'customer', 'unmerge', '--merge', merge.id);
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({ id: merge.id, unmergedByName: 'Administrator' });
    const after = JSON.parse((await admin('--json', 'customer', 'show', '--id', from)).stdout);
    expect(after).toMatchObject({ mergedInto: null, conversations: [{ channelId: 'site' }] });
  });
});
