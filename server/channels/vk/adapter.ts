// The VK channel (issue 16): one community's messages. Customers' messages come in by the
// Callback API (POST /channels/vk/{channelId}/callback, ./callback.ts); replies go out by
// messages.send through the durable outbox (./send.ts). The Bots Long Poll API is not built.
import { defineAdapter } from '../adapter';
import { callVk } from './api';
import { vkCallbackHandler } from './callback';
import { VkNames } from './inbound';
import { sendVk } from './send';
import { VkCredentials, VkSettings } from './settings';

export const vkAdapter = defineAdapter({
  kind: 'vk',
  settings: VkSettings,
  credentials: VkCredentials,
  // VK's limit for one message's text is 4096 characters: the composer refuses longer.
  // messages.setActivity and markAsRead could show typing and reads: not done yet.
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    maxTextLength: 4096,
    notices: true,
    // Starting a conversation: a community may write only to a peer that wrote to it first.
    startsConversations: 'known-contacts',
  },
  usesOutbox: () => true,
  mount: (host) => ({
    routes: [
      { method: 'POST', path: '/channels/vk/:channelId/callback', handle: vkCallbackHandler(host, new VkNames()) },
    ],
    close: () => undefined,
  }),
  deliver: (channel, delivery, signal, host) => sendVk(channel, delivery, signal, host),
  async probe(channel, signal) {
    const answer = await callVk<
      { groups?: Array<{ id: number; name?: string }> } | Array<{ id: number; name?: string }>
    >(channel, 'groups.getById', { group_id: channel.settings.groupId }, signal);
    if (!answer.ok) return { probed: true, ok: false, detail: answer.error };
    // 5.194 and later answer {groups: […]}; older versions the list itself.
    const groups = Array.isArray(answer.response) ? answer.response : (answer.response.groups ?? []);
    const group = groups.find((g) => g.id === channel.settings.groupId);
    if (!group)
      return { probed: true, ok: false, detail: `the token does not see community ${channel.settings.groupId}` };
    return { probed: true, ok: true, detail: `community ${group.id} (${group.name ?? 'no name'}) answers` };
  },
});
