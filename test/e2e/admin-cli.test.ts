// `textdesk admin` as a script uses it: the real binary against a real server, --json output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCustomerMessage } from '../helpers/customer';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';

let t: TestServer;
const admin = (...args: string[]) =>
  runCli(['admin', '--url', t.server.url, '--json', ...args], { TEXTDESK_PASSWORD: ADMIN_PASSWORD });

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('textdesk admin', () => {
  it('sets up a queue, an operator and a channel that accepts messages', async () => {
    const queue = await admin(
      'queue',
      'add',
      '--id',
      'support',
      '--name',
      'Support',
      '--skills',
      'ru,en',
      '--priority',
      '5',
    );
    expect(queue.code).toBe(0);
    expect(JSON.parse(queue.stdout)).toEqual({ id: 'support', name: 'Support', skills: ['ru', 'en'], priority: 5 });

    const operator = await admin(
      'operator',
      'add',
      '--login',
      'anna',
      '--name',
      'Анна',
      '--password',
      'anna-password',
      '--skills',
      'ru,en',
      '--capacity',
      '2.5',
    );
    expect(operator.code).toBe(0);
    expect(JSON.parse(operator.stdout)).toMatchObject({
      login: 'anna',
      name: 'Анна',
      skills: ['ru', 'en'],
      capacity: 2.5,
      role: 'operator',
    });

    const channel = await admin(
      'channel',
      'add',
      '--id',
      'site',
      '--name',
      'Site',
      '--queue',
      'support',
      '--medium',
      'email',
    );
    expect(channel.code).toBe(0);
    const created = JSON.parse(channel.stdout);
    expect(created.channel).toMatchObject({
      id: 'site',
      medium: 'email',
      weight: 0.5,
      slaFirstResponseMs: 4 * 60 * 60 * 1000,
    });
    const posted = await postCustomerMessage(t.server.url, 'site', created.secret, {
      id: 'cli-1',
      contact: { id: 'c' },
      text: 'hello',
    });
    expect(posted.status).toBe(202);

    const list = await admin('operator', 'list');
    expect(JSON.parse(list.stdout).map((o: { login: string }) => o.login)).toEqual(['admin', 'anna']);
  });

  // A dozen runs of the binary: more than the default 30 s when the machine is busy.
  it('changes and deletes queues, and deletes operators (issue 11, §6)', async () => {
    expect((await admin('queue', 'add', '--id', 'spare', '--name', 'Spare')).code).toBe(0);
    const set = await admin('queue', 'set', '--id', 'spare', '--name', 'Reserve', '--skills', 'en', '--priority', '3');
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ id: 'spare', name: 'Reserve', skills: ['en'], priority: 3 });
    const nothing = await admin('queue', 'set', '--id', 'spare');
    expect(nothing).toMatchObject({
      code: 1,
      stderr:
        'textdesk admin: nothing to change: give --name, --skills, --priority, --calendar, --off-hours or --reply-within\n',
    });

    await admin('queue', 'add', '--id', 'mail', '--name', 'Mail');
    await admin('channel', 'add', '--id', 'inbox', '--name', 'Inbox', '--queue', 'mail', '--medium', 'email');
    const inUse = await admin('queue', 'delete', '--id', 'mail');
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toBe(
      'textdesk admin: queue mail cannot be deleted: channel inbox sends conversations to it\n',
    );
    expect((await admin('queue', 'delete', '--id', 'spare')).code).toBe(0);
    const queues = JSON.parse((await admin('queue', 'list')).stdout).map((q: { id: string }) => q.id);
    expect(queues).toContain('mail');
    expect(queues).not.toContain('spare');

    await admin('operator', 'add', '--login', 'boris', '--name', 'Boris', '--password', 'boris-password');
    // Without --json, for people: what was deleted and how many dialogs went back to the queue.
    const deleted = await runCli(['admin', '--url', t.server.url, 'operator', 'delete', '--login', 'boris'], {
      TEXTDESK_PASSWORD: ADMIN_PASSWORD,
    });
    expect(deleted).toMatchObject({ code: 0, stdout: 'login  name   requeued\nboris  Boris  0\n' });
    const again = await admin('operator', 'delete', '--login', 'boris');
    expect(again).toMatchObject({ code: 1, stderr: 'textdesk admin: no operator with login "boris"\n' });
  }, 120_000);

  // Several runs of the binary, as the admin-cli suite above.
  it('changes, lists, probes and deletes channels (issue 14 §1)', async () => {
    const hook = new WebhookReceiver();
    const url = await hook.start();
    try {
      await admin('queue', 'add', '--id', 'chat', '--name', 'Chat');
      const added = JSON.parse(
        (await admin('channel', 'add', '--id', 'shop', '--name', 'Shop', '--queue', 'chat')).stdout,
      );
      const set = await admin('channel', 'set', '--id', 'shop', '--webhook', url, '--sla-first', '30000');
      expect(set.code).toBe(0);
      expect(JSON.parse(set.stdout)).toMatchObject({
        id: 'shop',
        settings: { webhookUrl: url },
        slaFirstResponseMs: 30_000,
      });

      const listed = await admin('channel', 'list');
      expect(listed.stdout).not.toContain(added.secret);
      expect(JSON.parse(listed.stdout).find((c: { id: string }) => c.id === 'shop').secrets).toEqual({
        signing: `****${added.secret.slice(-4)}`,
      });

      const probed = await admin('channel', 'test', '--id', 'shop');
      expect(probed.code).toBe(0);
      expect(JSON.parse(probed.stdout)).toMatchObject({ probed: true, ok: true, status: 200 });
      hook.status = 500;
      const refused = await runCli(['admin', '--url', t.server.url, 'channel', 'test', '--id', 'shop'], {
        TEXTDESK_PASSWORD: ADMIN_PASSWORD,
      });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^shop +api +true +false +500 +webhook answered 500$/m);

      const posted = await postCustomerMessage(t.server.url, 'shop', added.secret, {
        id: 'shop-1',
        contact: { id: 'c' },
        text: 'hello',
      });
      const inUse = await admin('channel', 'delete', '--id', 'shop');
      expect(inUse).toMatchObject({
        code: 1,
        stderr:
          'textdesk admin: channel shop cannot be deleted: 1 open conversation came through it (1 waiting, 0 assigned): resolve it first\n',
      });
      await t.admin.operator.resolve.mutate({ conversationId: posted.body.conversationId });
      expect((await admin('channel', 'delete', '--id', 'shop')).code).toBe(0);
      const nothing = await admin('channel', 'set', '--id', 'shop', '--name', 'X');
      expect(nothing).toMatchObject({ code: 1, stderr: 'textdesk admin: channel shop does not exist\n' });
    } finally {
      await hook.close();
    }
  }, 120_000);

  it('adds a calendar from options, attaches it to a queue, and lists it (issue 17 §1)', async () => {
    const added = await admin(
      'calendar',
      'add',
      '--id',
      'msk',
      '--name',
      'Moscow',
      '--zone',
      'Europe/Moscow',
      '--week',
      'mon-fri=09:00-13:00,14:00-18:00',
      '--week',
      'sat=10:00-14:00',
      '--closed',
      '2026-01-01',
      '--hours',
      '2026-12-31=09:00-14:00',
    );
    expect(added.stderr).toBe('');
    expect(JSON.parse(added.stdout)).toMatchObject({
      id: 'msk',
      week: { mon: ['09:00-13:00', '14:00-18:00'], fri: ['09:00-13:00', '14:00-18:00'], sat: ['10:00-14:00'] },
      exceptions: [
        { date: '2026-01-01', hours: [] },
        { date: '2026-12-31', hours: ['09:00-14:00'] },
      ],
    });
    const queue = await admin(
      'queue',
      'add',
      '--id',
      'mailq',
      '--name',
      'Mail',
      '--calendar',
      'msk',
      '--off-hours',
      'route',
    );
    expect(JSON.parse(queue.stdout)).toMatchObject({ calendarId: 'msk', offHours: 'route' });
    const listed = await admin('calendar', 'list');
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: 'msk', queueIds: ['mailq'] })]);
    const overlap = await admin(
      'calendar',
      'set',
      '--id',
      'msk',
      '--name',
      'M',
      '--zone',
      'Europe/Moscow',
      '--week',
      'mon=09:00-13:00,12:00-18:00',
    );
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain('mon: intervals 09:00-13:00, 12:00-18:00 overlap');
    const badDay = await admin(
      'calendar',
      'add',
      '--id',
      'x',
      '--name',
      'X',
      '--zone',
      'UTC',
      '--week',
      'funday=09:00-10:00',
    );
    expect(badDay.code).toBe(1);
    expect(badDay.stderr).toContain('"funday" is not a day or range of days');
  });

  it('fails with exit code 1 and a message naming the problem', async () => {
    const missingQueue = await admin('channel', 'add', '--id', 'x', '--name', 'X', '--queue', 'nope');
    expect(missingQueue.code).toBe(1);
    expect(missingQueue.stderr).toContain('queue nope does not exist');
    const badInput = await admin('queue', 'add', '--id', 'Bad Id', '--name', 'X');
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toMatch(/invalid input — id:/);
    const wrongPassword = await runCli(['admin', '--url', t.server.url, 'queue', 'list'], {
      TEXTDESK_PASSWORD: 'wrong-password',
    });
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toContain('login or password is wrong');
  });
});
