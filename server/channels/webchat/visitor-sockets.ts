// The web chat channel: the site's widget talks to textdesk over a WebSocket at
// /channels/webchat/{channelId}. A visitor says hello (with the token from an earlier visit, or
// one the site minted for a logged-in user) and gets their recent transcript; each message is
// acknowledged only once committed; operator and bot messages are pushed to every open tab.
// Nothing is lost while a visitor is away: the transcript is the store, replayed from `since`.
// Frames follow the desk's text rule (shared/text-rules.ts); a frame that breaks it gets an error.
import { isUtf8 } from 'node:buffer';
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { LIMITS } from '../../../shared/limits';
import { type Attachment, type Message, type VisitorPage } from '../../../shared/schemas';
import { offlineFormOf } from '../../../shared/offline-form';
import {
  WebchatClientFrame,
  type WebchatFile,
  type WebchatMessage,
  type WebchatPrechat,
  type WebchatServerFrame,
  type WidgetTexts,
} from '../../../shared/webchat-schemas';
import { DeskError } from '../../desk/errors';
import { systemClock } from '../../domain/clock';
import { RateLimiter } from '../../domain/rate-limit';
import type { CustomerSignal } from '../../events/bus';
import type { InboundContact } from '../../desk/inbound';
import type { ChannelRecord } from '../../desk/mappers';
import { sameSecret } from '../../desk/secrets';
import { guarded } from '../../transport/guard';
import { acceptSocket } from '../../transport/sockets';
import type { ChannelHost } from '../adapter';
import { originAllowed } from './origins';
import { verifiedIdentity } from './identity';
import { prechatAsks, profileDetails } from './prechat';

const PATH = /^\/channels\/webchat\/([^/?#]+)/;

export type WebchatDeps = Pick<
  ChannelHost,
  | 'channel'
  | 'receive'
  | 'history'
  | 'notePage'
  | 'offlineForm'
  | 'log'
  | 'files'
  | 'customerTyping'
  | 'customerRead'
  | 'operatorReadUpTo'
>;

/**
 * Typing and read frames a visitor may send: the widget sends "typing" at most every 2.5 s and
 * "read" only when it moves on, so a burst past these is a script. It is ignored, not answered:
 * an error frame per flooded frame would be a flood back.
 */
const TYPING_FRAMES = { perSec: 1, burst: 4 };
const READ_FRAMES = { perSec: 2, burst: 10 };

/** Whose uploads a visitor's message may carry: that visitor's, on that channel. */
export const visitorOwner = (channelId: string, contactId: string) => `webchat:${channelId}:${contactId}`;

export interface WidgetSettings {
  allowedOrigins: readonly string[];
  texts?: WidgetTexts;
  prechat?: WebchatPrechat;
}

/** `{contactId}.{HMAC}`: a site can mint one for its logged-in user with the channel secret. */
export function visitorToken(contactId: string, secret: string): string {
  return `${contactId}.${createHmac('sha256', secret).update(contactId).digest('base64url')}`;
}

export function contactOf(token: string, secret: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const contactId = token.slice(0, dot);
  return sameSecret(token, visitorToken(contactId, secret)) ? contactId : null;
}

/** Files with a freshly signed link each, for the widget to show or download. */
const signed = (attachments: Attachment[] | undefined, files: WebchatDeps['files']): WebchatFile[] | undefined =>
  attachments?.length ? attachments.map((file) => ({ ...file, url: files.downloadLink(file).url })) : undefined;

const toWire = (m: Message, files: WebchatDeps['files']): WebchatMessage => {
  const attachments = signed(m.attachments, files);
  return {
    id: m.id,
    text: m.text,
    author: { type: m.author.type, name: m.author.name },
    createdAt: m.createdAt,
    ...(attachments && { attachments }),
    ...(m.notice && { notice: m.notice }),
  };
};

export class VisitorSockets {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.wsPayload,
    perMessageDeflate: false,
  });
  private readonly tabs = new Map<string, Set<WebSocket>>();
  /**
   * Pushes held back from a socket while a message it sent is being stored: the desk's replies to
   * that message (the greeting, "operator joined") are committed with it and published before
   * receive() returns, yet the widget must hear the ack of its own message first.
   */
  private readonly held = new Map<WebSocket, { pending: number; messages: Message[] }>();
  private readonly typingFrames = new RateLimiter(systemClock, TYPING_FRAMES.perSec, TYPING_FRAMES.burst);
  private readonly readFrames = new RateLimiter(systemClock, READ_FRAMES.perSec, READ_FRAMES.burst);

  constructor(
    private readonly deps: WebchatDeps,
    /** The channel's widget settings: allowed origins (none: every origin) and the widget's wording. */
    private readonly settings: (channel: ChannelRecord) => WidgetSettings = () => ({ allowedOrigins: [] }),
  ) {}

  /** Takes the upgrade if the path is a web chat channel's; false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    const channel = this.deps.channel(safeDecode(match[1]) ?? '');
    if (!channel) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    if (!originAllowed(this.settings(channel).allowedOrigins, req.headers.origin)) {
      const body = `origin ${(req.headers.origin ?? '').slice(0, 200)} is not allowed on this channel: add it to its allowedOrigins setting`;
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      acceptSocket(ws, this.deps.log, '/channels/webchat');
      this.serve(ws, channel);
    });
    return true;
  }

  /** Delivers an operator's or the bot's message to every open tab of the visitor. */
  push(channelId: string, contactId: string, message: Message): void {
    const tabs = this.tabs.get(`${channelId}\u0000${contactId}`);
    if (!tabs) return;
    for (const ws of tabs) {
      const held = this.held.get(ws);
      if (held) held.messages.push(message);
      else send(ws, { type: 'message', message: toWire(message, this.deps.files) });
    }
  }

  /** "The operator types" or "has read up to", to every open tab of the visitor; nobody hears it later. */
  signal(channelId: string, contactId: string, signal: CustomerSignal): void {
    const frame: WebchatServerFrame =
      signal.type === 'typing' ? { type: 'typing', name: signal.name } : { type: 'read', upTo: signal.upTo };
    for (const ws of this.tabs.get(`${channelId}\u0000${contactId}`) ?? []) send(ws, frame);
  }

  /**
   * The visitor's own new message, to their other open tabs, so every tab shows the whole
   * conversation live (a tab opened later gets it in its welcome). The time is the ack's, close to
   * the commit's; a tab that reloads reads the stored one.
   */
  private echoToOtherTabs(tabKey: string, from: WebSocket, message: Omit<WebchatMessage, 'createdAt'>): void {
    for (const tab of this.tabs.get(tabKey) ?? []) {
      if (tab !== from) send(tab, { type: 'message', message: { ...message, createdAt: Date.now() } });
    }
  }

  private holdPushes(ws: WebSocket): void {
    const held = this.held.get(ws) ?? { pending: 0, messages: [] };
    held.pending++;
    this.held.set(ws, held);
  }

  /** After the ack (or error) of one message: sends what was held once no message of the socket is in flight. */
  private releasePushes(ws: WebSocket): void {
    const held = this.held.get(ws);
    if (!held || --held.pending > 0) return;
    this.held.delete(ws);
    for (const message of held.messages) send(ws, { type: 'message', message: toWire(message, this.deps.files) });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private serve(ws: WebSocket, channel: ChannelRecord): void {
    const { log } = this.deps;
    let contact: InboundContact | null = null;
    let tabKey: string | null = null;
    // This tab's page (from its latest hello): each message carries it to the conversation.
    let page: VisitorPage | undefined;
    // A socket is one tab of one visitor at a time: a second hello moves it, and leaves no entry
    // behind (issue 12 §5: each repeated hello kept its key and set until the process ended).
    const leave = () => {
      if (!tabKey) return;
      const tabs = this.tabs.get(tabKey);
      tabs?.delete(ws);
      if (tabs?.size === 0) this.tabs.delete(tabKey);
      tabKey = null;
    };
    ws.on('close', guarded(log, 'web chat close failed', leave));
    const onFrame = async (data: RawData, isBinary: boolean): Promise<void> => {
      // ws checks the UTF-8 of text frames itself (a violation closes the socket), not of binary ones.
      if (isBinary && !isUtf8(data as Buffer)) {
        return send(ws, { type: 'error', error: 'frame is not valid UTF-8: send JSON text' });
      }
      let frame: WebchatClientFrame;
      try {
        const raw: unknown = JSON.parse(data.toString());
        const parsed = WebchatClientFrame.safeParse(raw);
        if (!parsed.success) {
          const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'frame'} ${i.message}`).join('; ');
          // The refused message's own id, when it has a sound one, so the widget marks that message failed.
          const { id, type } = (raw ?? {}) as { id?: unknown; type?: unknown };
          // A refused profile answers as "profile", so the widget shows it on its form.
          const ownId =
            type === 'profile' ? { id: 'profile' } : typeof id === 'string' && /^[\w.:-]{1,64}$/.test(id) ? { id } : {};
          return send(ws, { type: 'error', ...ownId, error: `invalid frame: ${fields}` });
        }
        frame = parsed.data;
      } catch {
        return send(ws, { type: 'error', error: 'frame is not valid JSON' });
      }
      if (frame.type === 'hello') {
        const contactId = frame.visitorToken
          ? contactOf(frame.visitorToken, channel.secret)
          : `v-${randomBytes(12).toString('base64url')}`;
        if (!contactId)
          return send(ws, {
            type: 'error',
            error: 'visitor token does not match this channel: start a new visit without it',
          });
        const signed = frame.identity ? verifiedIdentity(frame.identity, channel.secret) : null;
        if (signed && 'error' in signed) return send(ws, { type: 'error', error: signed.error });
        leave();
        const settings = this.settings(channel);
        contact = {
          id: contactId,
          name: frame.name,
          email: signed ? signed.identity.value : frame.email,
          ...(signed && { identities: [signed.identity] }),
        };
        tabKey = `${channel.id}\u0000${contactId}`;
        const tabs = this.tabs.get(tabKey) ?? new Set();
        tabs.add(ws);
        this.tabs.set(tabKey, tabs);
        page = frame.page ?? page;
        if (frame.page) await this.deps.notePage(channel, contactId, frame.page);
        const history = await this.deps.history(channel, contactId, frame.since);
        const read = await this.deps.operatorReadUpTo(channel, contactId);
        return send(ws, {
          type: 'welcome',
          visitorToken: visitorToken(contactId, channel.secret),
          contactId,
          history: history.map((m) => toWire(m, this.deps.files)),
          texts: settings.texts,
          ...(prechatAsks(settings.prechat) && { prechat: settings.prechat }),
          ...(read !== null && { read }),
          ...(this.deps.offlineForm?.(channel) && { offline: true as const }),
        });
      }
      if (frame.type === 'profile') {
        if (!contact) return send(ws, { type: 'error', id: 'profile', error: 'say hello first' });
        const { prechat } = this.settings(channel);
        // A closed queue's offline form asks for name and e-mail whatever the pre-chat form says.
        const form = this.deps.offlineForm?.(channel) ? offlineFormOf(prechat) : prechat;
        const profile = profileDetails(form, frame, Date.now());
        if ('error' in profile) return send(ws, { type: 'error', id: 'profile', error: profile.error });
        // Kept on the socket and stored with the next message, when the customer exists.
        contact = { ...contact, ...profile.details };
        return;
      }
      if (!contact)
        return send(ws, { type: 'error', ...(frame.type === 'message' && { id: frame.id }), error: 'say hello first' });
      if (frame.type === 'typing') {
        // "Stopped" is not counted: after a burst it must still hide the mark (the desk passes it on
        // only right after "typing", so a flood of it goes nowhere).
        if (!frame.active || this.typingFrames.take(visitorOwner(channel.id, contact.id)))
          this.deps.customerTyping(channel, contact.id, frame.active);
        return;
      }
      if (frame.type === 'read') {
        if (!this.readFrames.take(visitorOwner(channel.id, contact.id))) return;
        try {
          return await this.deps.customerRead(channel, contact.id, frame.upTo);
        } catch (error) {
          if (error instanceof DeskError) return send(ws, { type: 'error', error: error.message });
          throw error;
        }
      }
      this.holdPushes(ws);
      try {
        // Refs are checked against this visitor on this channel: another visitor's upload is refused.
        const attachments = frame.attachments?.length
          ? await this.deps.files.resolve(visitorOwner(channel.id, contact.id), frame.attachments)
          : undefined;
        // The widget's ids are unique per visitor only, so the idempotency key carries the visitor.
        const from = contact;
        const result = await this.deps.receive(channel, {
          externalId: `${from.id}:${frame.id}`,
          contact: from,
          text: frame.text,
          attachments,
          page,
        });
        const files = signed(attachments, this.deps.files);
        send(ws, { type: 'ack', id: frame.id, ...result, ...(files && { attachments: files }) });
        // The pre-chat answers are stored now: later messages need not carry them to the store.
        if (!result.duplicate && contact === from && (from.givenEmail || from.consent))
          contact = { id: from.id, name: from.name, email: from.email, identities: from.identities };
        if (!result.duplicate && tabKey)
          this.echoToOtherTabs(tabKey, ws, {
            id: result.messageId,
            text: frame.text,
            author: { type: 'customer', name: from.name ?? null },
            ...(files && { attachments: files }),
          });
      } catch (error) {
        // A visitor hears that the message was not taken and to send it again, not about the server's disk.
        if (error instanceof DeskError && error.code === 'SERVICE_UNAVAILABLE')
          return send(ws, {
            type: 'error',
            id: frame.id,
            error: 'the message was not stored: the desk cannot take messages right now, send it again later',
          });
        if (error instanceof DeskError) return send(ws, { type: 'error', id: frame.id, error: error.message });
        this.deps.log.error({ err: error }, 'web chat message failed');
        send(ws, { type: 'error', id: frame.id, error: 'internal error: the message was not stored, send it again' });
      } finally {
        this.releasePushes(ws);
      }
    };
    ws.on(
      'message',
      guarded(log, 'web chat frame failed', onFrame, () =>
        send(ws, { type: 'error', error: 'internal error: send the frame again' }),
      ),
    );
  }
}

function send(ws: WebSocket, frame: WebchatServerFrame): void {
  // Over the per-socket buffer cap the send terminates the socket (acceptSocket); the widget
  // reconnects and replays from its last message id.
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.send(JSON.stringify(frame));
}

/** The path's channel id, or null when its percent-escapes are malformed (decodeURIComponent throws). */
function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
