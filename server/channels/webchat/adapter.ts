// The web chat channel: the site's widget over a WebSocket (./visitor-sockets.ts).
// Operator and bot messages are pushed to the visitor's open tabs as they commit, not sent
// through the outbox: the transcript is the store, and a widget that was away (or lost a push
// with its socket) replays it from its last message id on the next hello. An outbox would add
// two writes per message and a delay, and still could not know that a tab showed the message.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';
import { WebchatPrechat, WidgetTexts } from '../../../shared/webchat-schemas';
import type { ChannelRecord } from '../../desk/mappers';
import { defineAdapter } from '../adapter';
import { AllowedOrigins } from './origins';
import { webchatUploadHandler } from './uploads';
import { VisitorSockets } from './visitor-sockets';
import { widgetRoute } from './widget-script';

const WebchatSettings = z
  .object({
    allowedOrigins: AllowedOrigins.optional(),
    /** `--setting widgetTexts={"ru":{"title":"…"}}` arrives as JSON text. */
    widgetTexts: z.preprocess((v) => (typeof v === 'string' ? parseJson(v) : v), WidgetTexts).optional(),
    /** The pre-chat form: `--setting 'prechat={"name":"required","email":"optional","consent":{"text":"…"}}'`. */
    prechat: z.preprocess((v) => (typeof v === 'string' ? parseJson(v) : v), WebchatPrechat).optional(),
  })
  .strict();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const webchatAdapter = defineAdapter({
  kind: 'webchat',
  settings: WebchatSettings,
  credentials: z.object({}).strict(),
  capabilities: {
    attachments: true,
    html: false,
    edits: false,
    maxTextLength: LIMITS.messageText,
    notices: true,
    typing: true,
    readReceipts: true,
    // Starting a conversation: the visitor must be on the page to read it.
    startsConversations: false,
  },
  usesOutbox: () => false,
  mount(host) {
    const widgetSettings = (channel: ChannelRecord) => {
      const settings = WebchatSettings.parse(channel.settings);
      return { allowedOrigins: settings.allowedOrigins ?? [], texts: settings.widgetTexts, prechat: settings.prechat };
    };
    const sockets = new VisitorSockets(host, widgetSettings);
    const upload = webchatUploadHandler(host, (channel) => widgetSettings(channel).allowedOrigins);
    const stopPushes = host.onOutbound((channelId, contactId, message) => sockets.push(channelId, contactId, message));
    const stopSignals = host.onSignal((channelId, contactId, signal) => sockets.signal(channelId, contactId, signal));
    return {
      routes: [
        // The widget uploads from the site's origin: a CORS preflight, then the POST.
        { method: 'OPTIONS', path: '/channels/webchat/:channelId/files', handle: upload },
        { method: 'POST', path: '/channels/webchat/:channelId/files', handle: upload },
        // One script for every web chat channel: the tag's data-channel names the channel.
        widgetRoute,
      ],
      upgrade: (req, socket, head) => sockets.handleUpgrade(req, socket, head),
      close() {
        stopPushes();
        stopSignals();
        sockets.close();
      },
    };
  },
  probe: async () => ({
    probed: false,
    ok: true,
    detail: 'nothing to probe: web chat pushes to the visitors’ open tabs, there is no provider to ask',
  }),
});
