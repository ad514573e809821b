// A desk with one VK community channel against the fake of VK API 5.199
// (test/providers/vk-api.ts): the server, the fake with the community's token, Olga online, and
// the channel `vk` added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { CALLBACK_SECRET, CONFIRMATION, GROUP_ID, VkApi } from '../providers/vk-api';
import { OperatorSession } from './operator-session';
import { startTestServer, type TestServer } from './server';

export interface VkDesk {
  t: TestServer;
  vk: VkApi;
  /** Olga's session; a test that reconnects her sets the new one here, for close() to end. */
  olga: OperatorSession;
  close(): Promise<void>;
}

export async function startVkDesk(store: ServerConfig['store']): Promise<VkDesk> {
  const vk = new VkApi();
  const apiUrl = await vk.start();
  vk.tokens.add('vk1.a.community-token');
  const t = await startTestServer({ store });
  await t.admin.admin.createQueue.mutate({ id: 'general', name: 'General' });
  await t.admin.admin.createOperator.mutate({ login: 'olga', name: 'Olga', password: 'olga-password' });
  await t.admin.admin.createChannel.mutate({
    id: 'vk',
    name: 'VK',
    queueId: 'general',
    adapter: 'vk',
    medium: 'messenger',
    settings: { apiUrl, groupId: GROUP_ID, confirmation: CONFIRMATION },
    credentials: { accessToken: 'vk1.a.community-token', secret: CALLBACK_SECRET },
  });
  const olga = await OperatorSession.connect(t.server, 'olga', 'olga-password');
  const desk: VkDesk = {
    t,
    vk,
    olga,
    async close() {
      await desk.olga.close();
      await t.close();
      await vk.close();
    },
  };
  return desk;
}
