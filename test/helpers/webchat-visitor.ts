// A site visitor's chat widget as tests see it: a real WebSocket to the web chat channel.
import { WebSocket } from 'ws';
import { WebchatServerFrame } from '../../shared/webchat-schemas';

export class WebchatVisitor {
  readonly frames: WebchatServerFrame[] = [];
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(WebchatServerFrame.parse(JSON.parse(data.toString())));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(wsUrl: string, channelId: string): Promise<WebchatVisitor> {
    const ws = new WebSocket(`${wsUrl}/channels/webchat/${channelId}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new WebchatVisitor(ws);
  }

  sendRaw(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  async hello(opts: { visitorToken?: string; name?: string; since?: string } = {}) {
    this.sendRaw({ type: 'hello', ...opts });
    return this.waitFor(
      (f): f is Extract<WebchatServerFrame, { type: 'welcome' }> => f.type === 'welcome' || f.type === 'error',
    );
  }

  /** Sends a message and resolves with the answer to it (frames received before do not count). */
  async say(id: string, text: string) {
    const from = this.frames.length;
    this.sendRaw({ type: 'message', id, text });
    return this.waitFor(
      (f) => this.frames.indexOf(f) >= from && (f.type === 'ack' || f.type === 'error') && f.id === id,
    );
  }

  async waitFor<T extends WebchatServerFrame>(predicate: (f: WebchatServerFrame) => f is T): Promise<T>;
  async waitFor(predicate: (f: WebchatServerFrame) => boolean): Promise<WebchatServerFrame>;
  async waitFor(predicate: (f: WebchatServerFrame) => boolean): Promise<WebchatServerFrame> {
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): void {
    this.ws.close();
  }
}
