// A report by operator after an operator was deleted (textdesk admin operator delete): the
// conversations she handled still carry her id, and the report, and its CSV from the real
// `textdesk report`, name her as she was named, not by that id (review: names were looked up
// among the operators there now only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { isAssigned, OperatorSession } from '../helpers/operator-session';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

const HOUR = 3_600_000;

describe.each(['sqlite', 'postgres'] as const)('on %s', (store) => {
  let t: TestServer;
  let anna: OperatorSession | undefined;

  beforeEach(async () => {
    t = await startTestServer({ store });
  });

  afterEach(async () => {
    await anna?.close();
    await t.close();
  });

  it('a report by operator names a deleted operator by her name', async () => {
    const from = Date.now() - HOUR;
    await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
    const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'sales' });
    const created = await t.admin.admin.createOperator.mutate({
      login: 'anna',
      name: 'Anna Petrova',
      password: 'anna-password',
    });
    anna = await OperatorSession.connect(t.server, 'anna', 'anna-password');
    const posted = await postCustomerMessage(t.server.url, 'site', secret, {
      id: 'msg-1',
      contact: { id: 'carl' },
      text: 'hello',
    });
    expect(posted.status).toBe(202);
    const conversationId = posted.body.conversationId as string;
    await anna.waitFor(isAssigned(conversationId));
    await anna.api.operator.resolve.mutate({ conversationId, outcome: 'solved' });
    await t.admin.admin.deleteOperator.mutate({ id: created.id });

    const to = Date.now() + HOUR;
    const report = await t.admin.supervisor.report.query({ from, to, by: 'operator' });
    expect(report.rows.map((r) => [r.key, r.name, r.conversations])).toEqual([[created.id, 'Anna Petrova', 1]]);

    const csv = await runCli(
      [
        'report',
        '--url',
        t.server.url,
        '--user',
        'admin',
        '--from',
        new Date(from).toISOString(),
        '--to',
        new Date(to).toISOString(),
        '--by',
        'operator',
      ],
      { TEXTDESK_PASSWORD: ADMIN_PASSWORD },
    );
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    const [, row] = csv.stdout.split('\r\n');
    expect(row.split(',').slice(0, 3)).toEqual([created.id, 'Anna Petrova', '1']);
  });
});
