// The visitor's side of the web chat protocol (README "The web chat channel", frames in
// shared/schemas.ts): one WebSocket, reconnected with backoff; hello with the stored visitor
// token and the last message id seen, so the welcome replays only what was missed; messages keep
// their widget ids until acked, and are resent with the same ids after a reconnect, which the
// server takes once (idempotency), so a message typed offline arrives exactly once.
import type { Notice, UploadedFile } from '../shared/schemas';
import type {
  WebchatClientFrame,
  WebchatFile,
  WebchatMessage,
  WebchatPrechat,
  WebchatServerFrame,
  WidgetTexts,
} from '../shared/webchat-schemas';
import { offlineFormOf } from '../shared/offline-form';
import { currentPage } from './page';
import { Presence } from './presence';

/** `unavailable`: refused again and again before ever connecting (see onclose); tried now and then. */
export type LinkState = 'connecting' | 'online' | 'reconnecting' | 'unavailable';
export type Delivery = 'sending' | 'sent' | 'failed';

export interface ChatEntry {
  /** The widget's id for the visitor's own messages, the server's for the others. */
  key: string;
  /** The server's message id, once known: orders the transcript and spots replays. */
  serverId: string | null;
  text: string;
  author: WebchatMessage['author'];
  createdAt: number;
  /** The visitor's own messages only. */
  delivery?: Delivery;
  error?: string;
  /** Files with signed links (from the server: pushed, replayed, or in the ack of an own message). */
  attachments?: WebchatFile[];
  /** An own message's uploads, by ref, until the server acks it (kept in the outbox). */
  files?: UploadedFile[];
  /** A bot message's kind: drawn as a notice. */
  notice?: Notice;
}

/** The pre-chat form's answers, as the visitor gave them. */
export interface Profile {
  name?: string;
  email?: string;
  consent?: true;
}

export interface Visitor {
  token?: string;
  name?: string;
  email?: string;
  /** The address the site's backend signed (README "One customer across channels"): links the visitor's history. */
  identity?: { email: string; signature: string };
}

/** localStorage, which a sandboxed or privacy-minded page may refuse: then the visit lasts a page. */
export class VisitorStore {
  constructor(private readonly prefix: string) {}
  get(name: string): string | null {
    try {
      return localStorage.getItem(`${this.prefix}:${name}`);
    } catch {
      return null;
    }
  }
  set(name: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(`${this.prefix}:${name}`);
      else localStorage.setItem(`${this.prefix}:${name}`, value);
    } catch {
      // storage refused: nothing to keep
    }
  }
}

const BACKOFF_MS = { first: 500, max: 15_000 };
/**
 * Sockets closed before they opened, in a row, after which a widget that never connected on this
 * page stops its quick retries. A browser hides why an upgrade failed (a 403 for an origin not in
 * the channel's allowedOrigins, a 404 for a wrong data-channel, or a desk that is down all look
 * alike to a page), but a refused origin or channel is refused from the first try and never opens,
 * while a desk that restarts had been reached before. So: a quick backoff while there is hope, then
 * one try a minute (a fixed setting or a desk back up is picked up) and a state the visitor reads.
 */
const REFUSALS_BEFORE_PAUSE = 4;
const PAUSED_RETRY_MS = 60_000;
const newId = () => `w-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export class Conversation {
  entries: ChatEntry[] = [];
  state: LinkState = 'connecting';
  /** The channel's own wording, from the latest welcome. */
  texts: WidgetTexts | undefined;
  /** Typing and read receipts, both ways (./presence.ts). */
  readonly presence = new Presence(
    (frame) => this.sendFrame(frame),
    () => this.onChange([]),
  );
  /** The channel's pre-chat form, from the latest welcome (undefined: none). */
  prechat: WebchatPrechat | undefined;
  /** The server's refusal of the pre-chat answers, shown on the form. */
  profileError: string | undefined;
  /** The queue is closed and takes messages through the leave-a-message form (the latest welcome). */
  offline = false;
  /** Set by the view: the words for an upload tried before the welcome. */
  notConnected = 'not connected';
  /** Whether this socket carried the stored profile: the next ack means the server stored it. */
  private profileSent = false;
  private ws: WebSocket | null = null;
  private attempt = 0;
  /** Sockets in a row that closed before they opened, and whether any opened on this page. */
  private refusals = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The newest server message id received: the next hello's `since`. */
  private lastSeen: string | undefined;
  private visitor: Visitor;

  constructor(
    private readonly url: string,
    private readonly store: VisitorStore,
    private readonly onChange: (added: ChatEntry[]) => void,
    visitor: Visitor,
  ) {
    this.visitor = { ...visitor, token: visitor.token ?? store.get('token') ?? undefined };
    // Messages typed before a reload and never acked go out once the socket is up.
    for (const pending of this.readOutbox()) this.entries.push(pending);
  }

  start(): void {
    this.connect();
  }

  /** Operator and bot messages newer than the last one the visitor saw in an open panel (kept across reloads). */
  unread(): number {
    const read = this.store.get('read') ?? '';
    return this.entries.filter((e) => e.author.type !== 'customer' && e.serverId !== null && e.serverId > read).length;
  }

  /** `seen`: the tab is visible too, so the desk may be told that the visitor read it. */
  markRead(seen = true): void {
    const newest = this.entries.filter((e) => e.serverId !== null).at(-1)?.serverId;
    if (newest && newest > (this.store.get('read') ?? '')) this.store.set('read', newest);
    if (newest && seen) this.presence.read(newest);
  }

  /** A site's logged-in user: another person's transcript, so the old one goes. */
  identify(visitor: Visitor): void {
    const changed = visitor.token !== undefined && visitor.token !== this.visitor.token;
    const signedAnew =
      visitor.identity !== undefined && visitor.identity.signature !== this.visitor.identity?.signature;
    this.visitor = { ...this.visitor, ...visitor };
    if (!changed) {
      // The same visitor, now signed: the server learns it with the next hello.
      if (signedAnew && this.ws?.readyState === WebSocket.OPEN) this.hello();
      return;
    }
    this.store.set('token', visitor.token ?? null);
    this.store.set('read', null);
    this.presence.forget();
    this.entries = [];
    this.lastSeen = undefined;
    this.saveOutbox();
    this.onChange([]);
    this.ws?.close();
  }

  /** Whether to show the pre-chat form: the channel has one and the visitor has neither answered it nor written yet. */
  needsProfile(): boolean {
    return !!this.prechat && this.store.get('profile') === null && this.entries.length === 0;
  }

  /** The leave-a-message form to show instead of the chat: the queue is closed and nothing was written yet. */
  offlineForm(): WebchatPrechat | undefined {
    return this.offline && this.entries.length === 0 ? offlineFormOf(this.prechat) : undefined;
  }

  /** The offline form's answers: the details first, then the message, which waits for opening. */
  leaveMessage(profile: Profile, text: string): void {
    this.setProfile(profile);
    this.send(text);
  }

  /** Keeps the pre-chat answers (sent after each hello until a message carries them into the store). */
  setProfile(profile: Profile): void {
    this.profileError = undefined;
    this.store.set('profile', JSON.stringify({ ...profile, stored: false }));
    if (this.state === 'online') this.sendProfile();
    this.onChange([]);
  }

  /** Uploads one file for the next message; rejects with the server's own words when refused. */
  async upload(file: File): Promise<UploadedFile> {
    const token = this.visitor.token;
    if (!token || this.state !== 'online') throw new Error(this.notConnected);
    const url = `${this.url.replace(/^ws/, 'http')}/files?name=${encodeURIComponent(file.name || 'file')}`;
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: file });
    const body = (await response.json().catch(() => ({}))) as Partial<UploadedFile> & { error?: string };
    if (!response.ok || !body.ref) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
    return body as UploadedFile;
  }

  send(text: string, files: UploadedFile[] = []): void {
    const entry: ChatEntry = {
      key: newId(),
      serverId: null,
      text,
      author: { type: 'customer', name: null },
      createdAt: Date.now(),
      delivery: 'sending',
      ...(files.length && { files }),
    };
    this.entries.push(entry);
    this.saveOutbox();
    this.onChange([entry]);
    this.presence.typed(false);
    if (this.state === 'online') this.transmit(entry);
    // The visitor wants through now: one try at once, not at the next minute.
    else if (this.state === 'unavailable' && !this.ws) this.connect();
  }

  retry(key: string): void {
    const entry = this.entries.find((e) => e.key === key);
    if (!entry || entry.delivery !== 'failed') return;
    entry.delivery = 'sending';
    entry.error = undefined;
    this.saveOutbox();
    this.onChange([]);
    if (this.state === 'online') this.transmit(entry);
  }

  /** The page changed (history navigation): the desk hears the new one with a fresh hello. */
  pageChanged(): void {
    if (this.state === 'online') this.hello();
  }

  private connect(): void {
    clearTimeout(this.timer);
    const ws = new WebSocket(this.url);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = this.everOpened = true;
      this.attempt = 0;
      this.refusals = 0;
      this.hello();
    };
    ws.onmessage = (event) => {
      try {
        this.onFrame(JSON.parse(String(event.data)) as WebchatServerFrame);
      } catch {
        // a frame this widget cannot read is skipped; the next welcome replays what counts
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (!opened) this.refusals++;
      if (!this.everOpened && this.refusals >= REFUSALS_BEFORE_PAUSE) {
        if (this.state !== 'unavailable')
          console.warn(
            `textdesk widget: ${this.url} refused ${this.refusals} connections in a row: is this site in the ` +
              `channel's allowedOrigins, and is data-channel right? Trying again once a minute.`,
          );
        this.setState('unavailable');
        this.timer = setTimeout(() => this.connect(), PAUSED_RETRY_MS);
        return;
      }
      this.setState('reconnecting');
      // Full jitter, so a restarted server is not met by every tab at once.
      const ceiling = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt++);
      this.timer = setTimeout(() => this.connect(), ceiling / 2 + (Math.random() * ceiling) / 2);
    };
  }

  private hello(): void {
    const { token, name, email, identity } = this.visitor;
    const page = currentPage();
    this.ws?.send(
      JSON.stringify({ type: 'hello', visitorToken: token, name, email, identity, since: this.lastSeen, page }),
    );
  }

  private onFrame(frame: WebchatServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        this.visitor.token = frame.visitorToken;
        this.store.set('token', frame.visitorToken);
        this.texts = frame.texts;
        this.prechat = frame.prechat;
        this.offline = frame.offline === true;
        this.profileSent = false;
        const added = frame.history.flatMap((m) => this.take(m));
        this.presence.connected(frame.read);
        this.setState('online');
        this.sendProfile();
        this.onChange(added);
        for (const entry of this.entries) if (entry.delivery === 'sending') this.transmit(entry);
        return;
      }
      case 'ack': {
        const entry = this.entries.find((e) => e.key === frame.id);
        if (!entry) return;
        entry.delivery = 'sent';
        entry.serverId = frame.messageId;
        if (frame.attachments) entry.attachments = frame.attachments;
        if (this.profileSent) this.profileStored();
        this.saveOutbox();
        this.order();
        this.onChange([]);
        return;
      }
      case 'message':
        if (frame.message.author.type !== 'customer') this.presence.operatorStopped();
        this.onChange(this.take(frame.message));
        return;
      case 'typing':
        return this.presence.operatorTyping(frame.name);
      case 'read':
        return this.presence.operatorRead(frame.upTo);
      case 'error': {
        if (frame.id === 'profile') {
          // Refused answers (the channel's form changed, say): the form shows again with the reason.
          this.profileError = frame.error;
          this.store.set('profile', null);
          this.onChange([]);
          return;
        }
        if (frame.id === undefined && this.state !== 'online' && this.visitor.token) {
          // The stored token is not this channel's (its secret changed): start a new visit.
          this.visitor.token = undefined;
          this.store.set('token', null);
          this.lastSeen = undefined;
          this.hello();
          return;
        }
        const entry = this.entries.find((e) => e.key === frame.id);
        if (!entry) return;
        entry.delivery = 'failed';
        entry.error = frame.error;
        this.saveOutbox();
        this.onChange([]);
        return;
      }
    }
  }

  /** Adds a message from the server unless it is already shown (a replay, or an acked message of ours). */
  private take(message: WebchatMessage): ChatEntry[] {
    if (this.lastSeen === undefined || message.id > this.lastSeen) this.lastSeen = message.id;
    if (this.entries.some((e) => e.serverId === message.id)) return [];
    const entry: ChatEntry = { key: message.id, serverId: message.id, ...message };
    if (message.author.type === 'customer') entry.delivery = 'sent';
    this.entries.push(entry);
    this.order();
    return message.author.type === 'customer' ? [] : [entry];
  }

  /** Stored messages in the server's order, then the visitor's unacked ones as typed. */
  private order(): void {
    const stored = this.entries.filter((e) => e.serverId !== null);
    stored.sort((a, b) => (a.serverId! < b.serverId! ? -1 : a.serverId! > b.serverId! ? 1 : 0));
    this.entries = [...stored, ...this.entries.filter((e) => e.serverId === null)];
  }

  private sendFrame(frame: WebchatClientFrame): boolean {
    if (this.state !== 'online' || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private transmit(entry: ChatEntry): void {
    const attachments = entry.files?.map((f) => f.ref);
    this.ws?.send(JSON.stringify({ type: 'message', id: entry.key, text: entry.text, attachments }));
  }

  /** The stored answers not yet known to be in the store, once per socket. */
  private sendProfile(): void {
    const saved = this.readProfile();
    if (!saved || saved.stored || !(this.prechat || this.offline)) return;
    const { name, email, consent } = saved;
    this.ws?.send(JSON.stringify({ type: 'profile', name, email, consent }));
    this.profileSent = true;
  }

  private profileStored(): void {
    const saved = this.readProfile();
    if (saved) this.store.set('profile', JSON.stringify({ ...saved, stored: true }));
    this.profileSent = false;
  }

  private readProfile(): (Profile & { stored?: boolean }) | null {
    try {
      return JSON.parse(this.store.get('profile') ?? 'null') as (Profile & { stored?: boolean }) | null;
    } catch {
      return null;
    }
  }

  private setState(state: LinkState): void {
    this.state = state;
    this.onChange([]);
  }

  private readOutbox(): ChatEntry[] {
    try {
      const saved = JSON.parse(this.store.get('outbox') ?? '[]') as ChatEntry[];
      return Array.isArray(saved) ? saved.filter((e) => typeof e.key === 'string' && typeof e.text === 'string') : [];
    } catch {
      return [];
    }
  }

  private saveOutbox(): void {
    const pending = this.entries.filter((e) => e.serverId === null);
    this.store.set('outbox', pending.length ? JSON.stringify(pending) : null);
  }
}
