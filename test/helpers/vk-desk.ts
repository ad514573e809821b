// A desk with one VK community channel against the fake of VK API 5.199
// (test/providers/vk-api.ts): the server, the fake with the community's token, Olga online, and
// the channel `vk` added as an admin adds it.
import type { ServerConfig } from '../../server/config';
import { CALLBACK_SECRET, CONFIRMATION, GROUP_ID, VkApi } from '../providers/vk-api';
import { startChannelDesk, type ChannelDesk } from './channel-desk';

export interface VkDesk extends ChannelDesk {
  vk: VkApi;
}

export async function startVkDesk(store: ServerConfig['store']): Promise<VkDesk> {
  const vk = new VkApi();
  const apiUrl = await vk.start();
  vk.tokens.add('vk1.a.community-token');
  const desk = await startChannelDesk({
    server: { store },
    channel: () => ({
      id: 'vk',
      name: 'VK',
      queueId: 'general',
      adapter: 'vk',
      medium: 'messenger',
      settings: { apiUrl, groupId: GROUP_ID, confirmation: CONFIRMATION },
      credentials: { accessToken: 'vk1.a.community-token', secret: CALLBACK_SECRET },
    }),
    stopFake: () => vk.close(),
  });
  return Object.assign(desk, { vk });
}
