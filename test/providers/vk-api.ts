// VK's API and Callback API on loopback, as documented for API version 5.199 (dev.vk.com/en:
// api/api-requests, api/callback/getting-started, method/messages.send, api/upload/
// photo-in-message, api/upload/document-in-message, reference/errors). Methods are POSTs to
// /method/{name} with form parameters and answer HTTP 200 with `{response}` or
// `{error:{error_code, error_msg}}`. messages.send drops a repeated random_id for the same
// dialog as VK does (answering the first message's id; the window VK keeps them is unverified).
// Upload servers take multipart `photo`/`file` fields. The fixtures below are the documentation's
// examples with our own ids. Helpers POST callback events to a server as VK does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VkSent {
  peerId: number;
  randomId: number;
  message: string;
  attachment: string;
  id: number;
}

/**
 * What the next messages.send calls meet instead of an answer: an HTTP status, a VK error in a
 * 200, the connection dropped before it was read (`drop`), or the message taken and shown but
 * the connection dropped before the answer (`lost`: only random_id keeps the retry from showing it twice).
 */
export type VkFailure = { http: number } | { error: number; msg: string } | 'drop' | 'lost';

export const GROUP_ID = 229_000_017;

export class VkApi {
  readonly sent: VkSent[] = [];
  /** Every messages.send, answered or refused: its dialog and random_id. */
  readonly sendAttempts: Array<{ peerId: number; randomId: number; text: string }> = [];
  readonly tokens = new Set<string>();
  /** Files uploaded and saved, by their attachment name (`photo-229…_1`), with their bytes. */
  readonly saved = new Map<string, Buffer>();
  /** Files the fake serves at /files/{name}, for events' photo and document URLs. */
  readonly files = new Map<string, Buffer>();
  readonly users = new Map<number, { first_name: string; last_name: string }>();
  /** Answers for the next messages.send calls with this text, in order (other messages go through). */
  readonly failSend = new Map<string, VkFailure[]>();
  /** Dialogs that have not allowed the community's messages (error 901). */
  readonly closedDialogs = new Set<number>();
  url = '';
  private nextId = 1;
  private readonly uploads = new Map<string, Buffer>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void this.answer(req, Buffer.concat(chunks), res));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return `${this.url}/method`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const json = (value: unknown): void =>
      void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (req.method === 'GET' && path.startsWith('/files/')) {
      const file = this.files.get(decodeURIComponent(path.slice('/files/'.length)));
      return void (file ? res.writeHead(200).end(file) : res.writeHead(404).end());
    }
    if (req.method === 'POST' && path.startsWith('/upload/')) {
      const form = await new Request(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      }).formData();
      const field = path === '/upload/photo' ? 'photo' : 'file';
      const file = form.get(field);
      if (!(file instanceof Blob)) return json({ error: 'no file' });
      const key = `u${this.uploads.size + 1}`;
      this.uploads.set(key, Buffer.from(await file.arrayBuffer()));
      // The upload server's answer is passed on to the save method as it is.
      return json(
        field === 'photo' ? { server: 852_000, photo: `[{"key":"${key}"}]`, hash: `hash-${key}` } : { file: key },
      );
    }
    if (req.method !== 'POST' || !path.startsWith('/method/')) return void res.writeHead(404).end();
    const params = new URLSearchParams(body.toString('utf8'));
    const method = path.slice('/method/'.length);
    const fail = (code: number, msg: string) =>
      json({ error: { error_code: code, error_msg: msg, request_params: [] } });
    if (!this.tokens.has(params.get('access_token') ?? ''))
      return fail(5, 'User authorization failed: invalid access_token');
    if (params.get('v') !== '5.199') return fail(8, 'Invalid request: v is required');
    switch (method) {
      case 'messages.send':
        return this.send(params, res, json, fail);
      case 'photos.getMessagesUploadServer':
        return json({ response: { upload_url: `${this.url}/upload/photo`, album_id: -3, group_id: GROUP_ID } });
      case 'photos.saveMessagesPhoto': {
        const key = (JSON.parse(params.get('photo') ?? '[]') as Array<{ key: string }>)[0]?.key ?? '';
        if (params.get('hash') !== `hash-${key}`)
          return fail(100, 'One of the parameters specified was missing or invalid');
        const id = this.nextId++;
        this.saved.set(`photo-${GROUP_ID}_${id}`, this.uploads.get(key)!);
        return json({ response: [{ id, album_id: -3, owner_id: -GROUP_ID, sizes: [] }] });
      }
      case 'docs.getMessagesUploadServer':
        return json({ response: { upload_url: `${this.url}/upload/doc` } });
      case 'docs.save': {
        const key = params.get('file') ?? '';
        if (!this.uploads.has(key)) return fail(100, 'One of the parameters specified was missing or invalid');
        const id = this.nextId++;
        this.saved.set(`doc-${GROUP_ID}_${id}`, this.uploads.get(key)!);
        return json({ response: { type: 'doc', doc: { id, owner_id: -GROUP_ID, title: params.get('title') } } });
      }
      case 'users.get': {
        const id = Number(params.get('user_ids'));
        const user = this.users.get(id);
        return json({ response: user ? [{ id, ...user, can_access_closed: true, is_closed: false }] : [] });
      }
      case 'groups.getById':
        // Since 5.194: {groups, profiles}.
        return json({
          response: { groups: [{ id: GROUP_ID, name: 'Магазин', screen_name: 'shop', type: 'page' }], profiles: [] },
        });
      default:
        return fail(3, 'Unknown method passed');
    }
  }

  private send(
    params: URLSearchParams,
    res: http.ServerResponse,
    json: (value: unknown) => void,
    fail: (code: number, msg: string) => void,
  ): void {
    const peerId = Number(params.get('peer_id'));
    const randomId = Number(params.get('random_id'));
    this.sendAttempts.push({ peerId, randomId, text: params.get('message') ?? '' });
    const failure = this.failSend.get(params.get('message') ?? '')?.shift();
    if (failure === 'drop') return void res.socket?.destroy();
    if (failure && typeof failure === 'object' && 'http' in failure)
      return void res.writeHead(failure.http).end('<html>Bad Gateway</html>');
    if (failure && typeof failure === 'object') return fail(failure.error, failure.msg);
    if (!Number.isInteger(randomId) || randomId < -(2 ** 31) || randomId >= 2 ** 31)
      return fail(100, 'One of the parameters specified was missing or invalid: random_id is not int32');
    if (this.closedDialogs.has(peerId)) return fail(901, "Can't send messages for users without permission");
    const repeat = this.sent.find((m) => m.peerId === peerId && m.randomId === randomId);
    if (repeat) return json({ response: repeat.id });
    const id = this.nextId++;
    this.sent.push({
      peerId,
      randomId,
      message: params.get('message') ?? '',
      attachment: params.get('attachment') ?? '',
      id,
    });
    if (failure === 'lost') return void res.socket?.destroy();
    json({ response: id });
  }
}

/** A secret and confirmation code as a community's Callback API page shows them. */
export const CALLBACK_SECRET = 'td-secret-17';
export const CONFIRMATION = '1a2b3c4d';

/** `confirmation`, as documented: `{"type":"confirmation","group_id":…}`. */
export const confirmationEvent = (groupId = GROUP_ID) => ({ type: 'confirmation', group_id: groupId });

/**
 * message_new for API 5.103+, after the documentation's example (dev.vk.com/en/api/
 * community-events/json-schema#message_new) with our ids; `attachments` as VK sends them.
 */
export function messageNewEvent(opts: {
  eventId: string;
  peerId: number;
  id: number;
  text: string;
  attachments?: unknown[];
  secret?: string;
}) {
  return {
    group_id: GROUP_ID,
    type: 'message_new',
    event_id: opts.eventId,
    v: '5.199',
    object: {
      message: {
        date: 1_733_011_200,
        from_id: opts.peerId,
        id: opts.id,
        out: 0,
        version: 10_000_000 + opts.id,
        attachments: opts.attachments ?? [],
        conversation_message_id: opts.id,
        fwd_messages: [],
        important: false,
        is_hidden: false,
        peer_id: opts.peerId,
        random_id: 0,
        text: opts.text,
      },
      client_info: {
        button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback', 'intent_subscribe'],
        keyboard: true,
        inline_keyboard: true,
        carousel: true,
        lang_id: 0,
      },
    },
    secret: opts.secret ?? CALLBACK_SECRET,
  };
}

/** A photo attachment with its sizes (VK lists several; the largest is `w` here). */
export function photoAttachment(url: string, smallUrl: string) {
  return {
    type: 'photo',
    photo: {
      album_id: -3,
      date: 1_733_011_200,
      id: 457_239_017,
      owner_id: 1_700_017,
      access_key: 'f3a1c0ffee',
      sizes: [
        { height: 75, type: 's', width: 56, url: smallUrl },
        { height: 1280, type: 'w', width: 960, url },
        { height: 130, type: 'm', width: 97, url: smallUrl },
      ],
      text: '',
      has_tags: false,
    },
  };
}

/** POSTs a callback as VK does: JSON, and X-Retry-Counter on a re-send. */
export async function postCallback(
  serverUrl: string,
  channelId: string,
  body: unknown,
  retry = 0,
): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${serverUrl}/channels/vk/${channelId}/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(retry > 0 && { 'x-retry-counter': String(retry) }) },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}
