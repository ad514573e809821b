// Issue 13 §3: templates an admin adds or deletes reach running consoles on their live feed, and
// a console that was away gets them replayed with the rest of its events.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OperatorSession } from '../helpers/operator-session';
import { startTestServer, type TestServer } from '../helpers/server';

let t: TestServer;
const sessions: OperatorSession[] = [];

beforeAll(async () => {
  t = await startTestServer();
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  for (const login of ['olga', 'pavel'])
    await t.admin.admin.createOperator.mutate({ login, name: login, password: `${login}-password`, capacity: 3 });
});

afterAll(async () => {
  for (const s of sessions) await s.close();
  await t.close();
});

async function connect(login: string, lastEventId?: string | null) {
  const session = await OperatorSession.connect(t.server, login, `${login}-password`, { lastEventId });
  sessions.push(session);
  return session;
}

test('a template created or deleted while consoles run is pushed to every operator, and replayed', async () => {
  const olga = await connect('olga');
  const pavel = await connect('pavel');
  const before = (await pavel.api.operator.snapshot.query()).lastEventId;
  await pavel.close();

  const template = await t.admin.admin.createTemplate.mutate({ name: 'Hello', text: 'Hello {{customer.name}}!' });
  const changed = await olga.waitFor((e) => e.type === 'template.changed');
  expect(changed).toMatchObject({ type: 'template.changed', template: { id: template.id, name: 'Hello' } });

  await t.admin.admin.deleteTemplate.mutate({ id: template.id });
  expect(await olga.waitFor((e) => e.type === 'template.deleted')).toMatchObject({ templateId: template.id });

  // Pavel's console was away: it resumes from its last event and hears both.
  const back = await connect('pavel', before);
  await back.waitFor((e) => e.type === 'template.deleted');
  expect(back.events.map((e) => e.type).filter((type) => type.startsWith('template.'))).toEqual([
    'template.changed',
    'template.deleted',
  ]);
});
