// What `npm start` gives a newcomer, minus the console: the demo server with its simulated
// customers writing in and its simulated colleague answering them, all over the real channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskEventEnvelope } from '../../shared/schemas';
import { startDemo, type DemoEnvironment } from '../../cli/demo/demo-command';
import { DEMO_COLLEAGUE } from '../../cli/demo/seed';
import { OperatorSession } from '../helpers/operator-session';

let demo: DemoEnvironment;
let supervisor: OperatorSession;

beforeAll(async () => {
  demo = await startDemo({ port: 0, customerIntervalMs: 300 });
  supervisor = await OperatorSession.connect(demo, 'admin', 'demo-admin-password', { subscribe: 'supervisor' });
});
afterAll(async () => {
  await supervisor?.close();
  await demo?.stop();
});

describe('the demo', () => {
  it('has customers writing in and the simulated colleague answering them', async () => {
    const fromCustomer = await supervisor.waitFor(
      (e) => e.type === 'message.created' && e.message.author.type === 'customer',
    );
    const colleagueAnswer = (e: DeskEventEnvelope) =>
      e.type === 'message.created' &&
      e.message.author.type === 'operator' &&
      e.message.author.name === DEMO_COLLEAGUE.name;
    // The colleague thinks for 3–7 s before its first answer.
    const answer = await supervisor.waitFor(colleagueAnswer);
    expect(fromCustomer.type === 'message.created' && fromCustomer.message.text.length).toBeGreaterThan(0);
    expect(answer.type === 'message.created' && answer.message.text).toMatch(/\S/);
  }, 20_000);
});
