// Sets up what a load run needs on the server, under names unique to the run so it can share a
// server with real work: a queue with a skill only the run's operators have (so no real operator
// takes a simulated conversation, and no simulated operator a real one), an HTTP API channel
// (its webhook pointing at the load process) and a web chat channel, and the operators.
import { randomBytes } from 'node:crypto';
import { httpApiClient } from '../api-client';

export interface Provisioned {
  runId: string;
  queueId: string;
  api: { channelId: string; secret: string } | null;
  webchat: { channelId: string } | null;
  operators: { login: string; password: string }[];
}

export interface ProvisionOptions {
  url: string;
  admin: { login: string; password: string };
  operators: number;
  capacity: number;
  api: boolean;
  webchat: boolean;
  /** Where the API channel POSTs operator messages. */
  webhookUrl: string | null;
  /** Operator accounts created at once (each costs the server a scrypt hash). */
  concurrency?: number;
}

export async function provision(opts: ProvisionOptions): Promise<Provisioned> {
  const runId = `ld${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  let token: string | null = null;
  const admin = httpApiClient(opts.url, () => token);
  token = (await admin.auth.login.mutate(opts.admin)).token;
  const skill = runId;
  const queueId = `${runId}-q`;
  await admin.admin.createQueue.mutate({ id: queueId, name: `load test ${runId}`, skills: [skill] });
  let api: Provisioned['api'] = null;
  if (opts.api) {
    const { secret } = await admin.admin.createChannel.mutate({
      id: `${runId}-api`,
      name: `load test ${runId} (api)`,
      adapter: 'api',
      medium: 'chat',
      queueId,
      settings: { webhookUrl: opts.webhookUrl },
    });
    api = { channelId: `${runId}-api`, secret };
  }
  let webchat: Provisioned['webchat'] = null;
  if (opts.webchat) {
    await admin.admin.createChannel.mutate({
      id: `${runId}-web`,
      name: `load test ${runId} (web chat)`,
      adapter: 'webchat',
      medium: 'chat',
      queueId,
    });
    webchat = { channelId: `${runId}-web` };
  }
  const operators = Array.from({ length: opts.operators }, (_, i) => ({
    login: `${runId}-op${i}`,
    password: randomBytes(9).toString('base64url'),
  }));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < operators.length) {
      const op = operators[next++];
      await admin.admin.createOperator.mutate({
        ...op,
        name: `Load ${op.login}`,
        skills: [skill],
        capacity: opts.capacity,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  return { runId, queueId, api, webchat, operators };
}
