// POST /channels/vk/{channelId}/callback: VK's Callback API. `confirmation` is answered with the
// configured string; every other event must carry the channel's secret and community id, or it
// is refused and nothing is stored. A message is committed before VK gets its `ok`: nothing is
// acknowledged that a crash could lose, and VK's re-send of an event answered late (it re-sends
// until it reads `ok`) finds the message stored and changes nothing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from '../../desk/secrets';
import type { ChannelHost } from '../adapter';
import { BodyTooLarge, parseJsonBytes, readBody, UnreadableBody } from '../http-json';
import { refusalOf, sendText } from '../provider-answers';
import { VkEvent, VkMessageNew } from './events';
import { takeVkMessage, type VkNames } from './inbound';
import { VkCredentials, VkSettings } from './settings';

/** An event is a message and its attachments' descriptions, never the files: 256 KiB is plenty. */
export const VK_BODY_LIMIT = 256 * 1024;

export function vkCallbackHandler(host: ChannelHost, names: VkNames) {
  /** Events being taken in, by channel and event_id: a re-send meanwhile waits for the first. */
  const inFlight = new Map<string, Promise<void>>();
  return async (req: IncomingMessage, res: ServerResponse, params: { channelId?: string }): Promise<void> => {
    const channel = host.channel(params.channelId ?? '');
    if (!channel) return sendText(res, 404, `channel ${params.channelId} does not exist`);
    const settings = VkSettings.parse(channel.settings);
    const credentials = VkCredentials.parse(channel.credentials);
    let event: VkEvent;
    try {
      const parsed = VkEvent.safeParse(parseJsonBytes(await readBody(req, VK_BODY_LIMIT)));
      if (!parsed.success) return sendText(res, 400, 'not a Callback API event: {type, group_id, …} expected');
      event = parsed.data;
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendText(res, 413, `body is larger than ${VK_BODY_LIMIT} bytes`);
      }
      if (error instanceof UnreadableBody) return sendText(res, 400, error.message);
      throw error;
    }
    if (event.group_id !== settings.groupId)
      return sendText(res, 403, `this channel is community ${settings.groupId}, not ${event.group_id}`);
    if (event.type === 'confirmation') return sendText(res, 200, settings.confirmation);
    if (event.secret === undefined || !sameSecret(event.secret, credentials.secret))
      return sendText(res, 401, 'secret does not match the channel’s Callback API secret');
    // Other events (message_reply, message_typing_state, group_join…) are not the desk's: taken, ignored.
    if (event.type !== 'message_new') return sendText(res, 200, 'ok');
    const message = VkMessageNew.safeParse(event.object);
    if (!message.success) {
      const fields = message.error.issues.map((i) => i.path.join('.')).join(', ');
      return sendText(res, 400, `message_new does not fit API 5.103+: ${fields}`);
    }
    const key = `${channel.id}\u0000${event.event_id ?? ''}`;
    try {
      let work = event.event_id ? inFlight.get(key) : undefined;
      if (!work) {
        work = takeVkMessage(host, channel, { settings, credentials }, message.data, names);
        if (event.event_id) inFlight.set(key, work);
      }
      await work.finally(() => inFlight.delete(key));
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return sendText(res, refusal.status, refusal.text, refusal.headers);
    }
    sendText(res, 200, 'ok');
  };
}
