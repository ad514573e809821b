// The authorization matrix, with no gap: every procedure the API has — including any added later —
// is called by a visitor with no session, an operator and a supervisor, over HTTP and (for
// subscriptions) an open WebSocket, and must refuse exactly the callers its namespace promises:
// operator.* and spelling.* need a session, supervisor.* a supervisor, admin.* an admin. The few
// procedures outside those rules are listed by name, so a new one cannot slip through unclassified.
import { createTRPCUntypedClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/api/router';
import { startTestServer, type TestServer } from '../helpers/server';

type Caller = 'anonymous' | 'operator' | 'supervisor';
type Least = 'public' | 'session' | 'supervisor' | 'admin';
type Kind = 'query' | 'mutation' | 'subscription';

const BY_NAMESPACE: Record<string, Least> = {
  operator: 'session',
  spelling: 'session',
  supervisor: 'supervisor',
  admin: 'admin',
};
/** Procedures whose rule is not their namespace's. */
const EXCEPTIONS: Record<string, Least> = {
  'auth.login': 'public',
  'auth.logout': 'session',
  'auth.me': 'session',
  // Quality review (issue 18 §4) keeps its procedures together: supervisors review, everyone
  // reads their own reviews, admins change the scorecard.
  'reviews.queue': 'supervisor',
  'reviews.criteria': 'supervisor',
  'reviews.submit': 'supervisor',
  'reviews.ofConversation': 'supervisor',
  'reviews.ofOperator': 'supervisor',
  'reviews.mine': 'session',
  'reviews.setCriterion': 'admin',
  'reviews.deleteCriterion': 'admin',
};
/** Calls that would change the caller's own state if allowed; refused callers are still checked. */
const NOT_CALLED_WHEN_ALLOWED = new Set(['auth.logout']);

const RANK: Record<Caller, number> = { anonymous: 0, operator: 1, supervisor: 2 };
const NEEDED: Record<Least, number> = { public: 0, session: 1, supervisor: 2, admin: 3 };

const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures,
)
  .map(([path, procedure]) => ({ path, kind: (procedure as { _def: { type: Kind } })._def.type }))
  .sort((a, b) => a.path.localeCompare(b.path));

function leastOf(path: string): Least | undefined {
  return EXCEPTIONS[path] ?? BY_NAMESPACE[path.split('.')[0]];
}

let t: TestServer;
const tokens: Record<Caller, string | null> = { anonymous: null, operator: null, supervisor: null };
const sockets: Array<ReturnType<typeof createWSClient>> = [];

/** What calling `path` with no input ended with: a tRPC error code, or OK. */
async function outcome(caller: Caller, path: string, kind: Kind): Promise<string> {
  const token = tokens[caller];
  if (kind === 'subscription') {
    const socket = createWSClient({
      url: t.server.wsUrl,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: () => (token ? { token } : {}),
    });
    sockets.push(socket);
    const client = createTRPCUntypedClient({ links: [wsLink({ client: socket })] });
    return new Promise<string>((resolve) => {
      const subscription = client.subscription(path, undefined, {
        onStarted: () => (subscription.unsubscribe(), resolve('OK')),
        onData: () => (subscription.unsubscribe(), resolve('OK')),
        onError: (error) => resolve(error instanceof TRPCClientError ? String(error.data?.code) : 'ERROR'),
      });
    });
  }
  const client = createTRPCUntypedClient({
    links: [
      httpLink({ url: `${t.server.url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
    ],
  });
  try {
    await (kind === 'query' ? client.query(path, undefined) : client.mutation(path, undefined));
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCClientError) return String(error.data?.code);
    throw error;
  }
}

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  for (const [login, role] of [
    ['oper', 'operator'],
    ['super', 'supervisor'],
  ] as const) {
    await t.admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password`, role, capacity: 0 });
    tokens[role] = (await t.admin.auth.login.mutate({ login, password: `${login}-password` })).token;
  }
});

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await t.close();
});

describe('the authorization matrix', () => {
  it('knows the rule of every procedure', () => {
    expect(procedures.length).toBeGreaterThan(50);
    expect(procedures.filter((p) => leastOf(p.path) === undefined).map((p) => p.path)).toEqual([]);
  });

  it.each(procedures)('$path ($kind) refuses exactly the callers below its rule', async ({ path, kind }) => {
    const least = leastOf(path);
    if (!least) throw new Error(`${path} has no rule: add its namespace or the procedure to the table`);
    for (const caller of ['anonymous', 'operator', 'supervisor'] as const) {
      const allowed = RANK[caller] >= NEEDED[least];
      if (allowed && NOT_CALLED_WHEN_ALLOWED.has(path)) continue;
      const code = await outcome(caller, path, kind);
      const expected = allowed ? 'allowed' : caller === 'anonymous' ? 'UNAUTHORIZED' : 'FORBIDDEN';
      const got = code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? code : 'allowed';
      expect({ caller, got }).toEqual({ caller, got: expected });
    }
  });
});
