// One commit policy for every command (issue 11, section 3): a commit that fails with an I/O
// error always stops the server (onFatal); a refused write (ConstraintError) reaches the caller
// only from commands that change memory after their commit, and then memory still equals the
// store. Commands that change memory first must treat every failure as fatal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import type { MemoryOrder } from '../../server/desk/changes';
import type { PreparedQuery } from '../../server/store/prepared';
import type { Queries } from '../../server/store/queries';
import { postCustomerMessage } from '../helpers/customer';
import { startServerOnFailingStore, type Failure, type ServerOnFailingStore } from '../helpers/failing-store';
import { isAssigned, OperatorSession } from '../helpers/operator-session';

interface Fixture {
  t: ServerOnFailingStore;
  olga: OperatorSession;
  secret: string;
  conversationId: string;
  templateId: string;
}

interface CommandPath {
  name: string;
  order: MemoryOrder;
  /** A write only this command's commit carries. */
  write: (q: Queries) => PreparedQuery<object, unknown>;
  /** Runs the command as its caller would; rejects when the caller is told it failed. */
  run: (f: Fixture) => Promise<unknown>;
  /** Disk-first commands: what memory holds, next to what the store holds. */
  memoryAndStore?: (f: Fixture) => Promise<{ memory: unknown; store: unknown }>;
}

const OLGA_PASSWORD = 'olga-password';

async function storedTemplates({ t }: Fixture) {
  const { store } = t;
  return {
    memory: t.server.desk.templates.list().map((tpl) => ({ id: tpl.id, uses: tpl.useCount })),
    store: (await store.all(store.q.listTemplates, {}))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((row) => ({ id: row.id, uses: row.use_count })),
  };
}

const PATHS: CommandPath[] = [
  {
    name: 'admin creates an operator',
    order: 'disk-first',
    write: (q) => q.insertOperator,
    run: ({ t }) =>
      t.admin.admin.createOperator.mutate({ login: 'pavel', name: 'Pavel', password: 'pavel-password', capacity: 1 }),
    memoryAndStore: async ({ t }) => ({
      memory: [...t.server.desk.directory.operators.values()].map((op) => op.login).sort(),
      store: (await t.store.all(t.store.q.listOperators, {})).map((row) => row.login).sort(),
    }),
  },
  {
    name: 'admin updates an operator',
    order: 'memory-first',
    write: (q) => q.updateOperator,
    run: ({ t, olga }) => t.admin.admin.updateOperator.mutate({ id: olga.operatorId, capacity: 3 }),
  },
  {
    name: 'supervisor sets an operator’s status',
    order: 'memory-first',
    write: (q) => q.updateOperator,
    run: ({ t, olga }) => t.admin.supervisor.setOperatorStatus.mutate({ operatorId: olga.operatorId, status: 'away' }),
  },
  {
    name: 'operator sets their own status',
    order: 'memory-first',
    write: (q) => q.updateOperator,
    run: ({ olga }) => olga.api.operator.setStatus.mutate({ status: 'away' }),
  },
  {
    name: 'customer message in',
    order: 'memory-first',
    write: (q) => q.insertMessage,
    run: async ({ t, secret }) => {
      const result = await postCustomerMessage(t.server.url, 'site', secret, {
        id: 'second-message',
        contact: { id: 'anna' },
        text: 'are you there?',
      });
      if (result.status !== 202) throw new Error(`status ${result.status}`);
    },
  },
  {
    name: 'operator reply',
    order: 'memory-first',
    write: (q) => q.insertMessage,
    run: ({ olga, conversationId }) =>
      olga.api.operator.send.mutate({ conversationId, clientId: 'reply-0001', text: 'hello', private: false }),
  },
  {
    name: 'transfer to another queue',
    order: 'memory-first',
    write: (q) => q.saveConversation,
    run: ({ olga, conversationId }) =>
      olga.api.operator.transfer.mutate({ conversationId, to: { queueId: 'billing' } }),
  },
  {
    name: 'resolve',
    order: 'memory-first',
    write: (q) => q.saveConversation,
    run: ({ olga, conversationId }) => olga.api.operator.resolve.mutate({ conversationId }),
  },
  {
    name: 'call-back request',
    order: 'disk-first',
    write: (q) => q.insertMessage,
    run: ({ olga, conversationId }) =>
      olga.api.operator.requestCallback.mutate({ conversationId, phone: '+7 495 123-45-67' }),
  },
  {
    name: 'supervisor claims a call-back',
    order: 'disk-first',
    write: (q) => q.moveCallback,
    run: async ({ t, olga, conversationId }) => {
      const { callbackId } = await olga.api.operator.requestCallback.mutate({ conversationId, phone: '+7 495 1' });
      return t.admin.supervisor.callbacks.claim.mutate({ callbackId });
    },
  },
  {
    name: 'login (session created)',
    order: 'disk-first',
    write: (q) => q.insertSession,
    run: ({ t }) => httpApiClient(t.server.url).auth.login.mutate({ login: 'olga', password: OLGA_PASSWORD }),
  },
  {
    name: 'logout (session ended)',
    order: 'memory-first',
    write: (q) => q.deleteSession,
    run: ({ t, olga }) => httpApiClient(t.server.url, () => olga.token).auth.logout.mutate(),
  },
  {
    name: 'console disconnects (presence)',
    order: 'memory-first',
    write: (q) => q.insertEvent,
    run: ({ t, olga }) => t.server.desk.presence.disconnected(olga.operatorId),
  },
  {
    name: 'housekeeping sweep',
    order: 'disk-first',
    write: (q) => q.deleteEventsBefore,
    run: ({ t }) => t.server.desk.housekeeping.sweep(),
    memoryAndStore: async ({ t }) => ({
      memory: t.server.desk.housekeeping.oldestKeptSeq,
      store: (await t.store.get(t.store.q.firstEventSeq, {}))?.seq,
    }),
  },
  {
    name: 'template created',
    order: 'disk-first',
    write: (q) => q.insertTemplate,
    run: ({ t }) => t.admin.admin.createTemplate.mutate({ name: 'bye', text: 'Goodbye!' }),
    memoryAndStore: storedTemplates,
  },
  {
    name: 'template deleted',
    order: 'disk-first',
    write: (q) => q.deleteTemplate,
    run: ({ t, templateId }) => t.admin.admin.deleteTemplate.mutate({ id: templateId }),
    memoryAndStore: storedTemplates,
  },
  {
    name: 'template used',
    order: 'disk-first',
    write: (q) => q.countTemplateUse,
    run: ({ olga, templateId }) => olga.api.operator.templateUsed.mutate({ id: templateId }),
    memoryAndStore: storedTemplates,
  },
];

let f: Fixture;

beforeEach(async () => {
  const t = await startServerOnFailingStore();
  await t.admin.admin.createQueue.mutate({ id: 'sales', name: 'Sales' });
  await t.admin.admin.createQueue.mutate({ id: 'billing', name: 'Billing' });
  const { secret } = await t.admin.admin.createChannel.mutate({ id: 'site', name: 'Site', queueId: 'sales' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: OLGA_PASSWORD, capacity: 2 });
  const olga = await OperatorSession.connect(t.server, 'olga', OLGA_PASSWORD);
  const first = await postCustomerMessage(t.server.url, 'site', secret, {
    id: 'first-message',
    contact: { id: 'anna' },
    text: 'hello',
  });
  const conversationId = first.body.conversationId as string;
  await olga.waitFor(isAssigned(conversationId));
  const template = await t.admin.admin.createTemplate.mutate({ name: 'hello', text: 'Hello!' });
  f = { t, olga, secret, conversationId, templateId: template.id };
});

afterEach(async () => {
  await f.olga.close();
  await f.t.close();
});

async function failOnce(path: CommandPath, failure: Failure): Promise<Error> {
  const injected = f.t.store.failNextCommitOf(path.write(f.t.store.q), failure);
  await expect(path.run(f)).rejects.toThrow();
  // The command's own commit met the failure (not some other commit, and not none).
  expect(f.t.store.isArmed).toBe(false);
  return injected;
}

describe.each(PATHS)('$name ($order)', (path) => {
  it('an I/O failure of its commit stops the server', async () => {
    const injected = await failOnce(path, 'io');
    expect(f.t.fatal).toEqual([injected]);
    if (path.memoryAndStore) {
      const { memory, store } = await path.memoryAndStore(f);
      expect(memory).toEqual(store);
    }
  });

  if (path.order === 'memory-first') {
    it('a refused write also stops the server: memory was already ahead of the disk', async () => {
      const injected = await failOnce(path, 'constraint');
      expect(f.t.fatal).toEqual([injected]);
    });
  } else {
    it('a refused write reaches the caller, and memory still equals the store', async () => {
      const before = await path.memoryAndStore?.(f);
      await failOnce(path, 'constraint');
      expect(f.t.fatal).toEqual([]);
      if (path.memoryAndStore) {
        const after = await path.memoryAndStore(f);
        expect(after.memory).toEqual(after.store);
        expect(after).toEqual(before);
      }
    });
  }
});

describe('a value the store cannot hold', () => {
  it('is a bad request for a disk-first command, not a clash with an existing row', async () => {
    f.t.store.failNextCommitOf(f.t.store.q.insertQueue, 'data');
    await expect(f.t.admin.admin.createQueue.mutate({ id: 'support', name: 'Support' })).rejects.toMatchObject({
      data: { code: 'BAD_REQUEST' },
      message: expect.stringMatching(/^the store refused a value: invalid byte sequence/),
    });
    expect(f.t.fatal).toEqual([]);
    expect((await f.t.admin.admin.listQueues.query()).map((q) => q.id)).not.toContain('support');
  });
});
