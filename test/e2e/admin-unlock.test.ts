// `textdesk admin operator unlock LOGIN` (issue 12, §4): a login held by the throttle after
// failed passwords may try again at once.
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { httpApiClient } from '../../cli/api-client';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createOperator.mutate({ login: 'gleb', name: 'Gleb', password: 'gleb-password' });
});
afterAll(() => t.close());

async function codeOfLogin(password: string): Promise<string> {
  try {
    await httpApiClient(t.server.url).auth.login.mutate({ login: 'gleb', password });
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCClientError) return error.data?.code;
    throw error;
  }
}

it('unlocks a throttled login', async () => {
  for (let i = 0; i < 5; i += 1) expect(await codeOfLogin('wrong-password')).toBe('UNAUTHORIZED');
  expect(await codeOfLogin('gleb-password')).toBe('TOO_MANY_REQUESTS');

  const unlocked = await runCli(['admin', '--url', t.server.url, 'operator', 'unlock', 'gleb'], {
    TEXTDESK_PASSWORD: ADMIN_PASSWORD,
  });

  expect(unlocked).toMatchObject({ code: 0, stdout: 'login  unlocked\ngleb   true\n' });
  expect(await codeOfLogin('gleb-password')).toBe('OK');
});
