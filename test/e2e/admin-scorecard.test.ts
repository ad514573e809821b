// `textdesk admin scorecard` (issue 18 §4) as a script uses it: the real binary, --json output.
// Each run of the binary costs seconds here, so one test walks the whole life of a criterion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const admin = (...args: string[]) =>
  runCli(['admin', '--url', t.server.url, '--json', 'scorecard', ...args], { TEXTDESK_PASSWORD: ADMIN_PASSWORD });

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('textdesk admin scorecard', () => {
  it('lists the starting criteria, adds one, refuses a bad weight, deletes one', async () => {
    const ids = async () => (JSON.parse((await admin('list')).stdout) as { id: string }[]).map((c) => c.id);
    expect(await ids()).toEqual(['greeting', 'correct-answer', 'spelling-tone', 'resolution']);
    const added = await admin('set', '--id', 'empathy', '--label', 'Empathy', '--weight', '2');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ id: 'empathy', label: 'Empathy', weight: 2, position: 50 });
    const refused = await admin('set', '--id', 'speed', '--label', 'Speed', '--weight', '11');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/weight/);
    expect((await admin('delete', '--id', 'greeting')).code).toBe(0);
    expect(await ids()).toEqual(['correct-answer', 'spelling-tone', 'resolution', 'empathy']);
  });
});
