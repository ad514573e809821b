// A WebSocket client with no library between the test and the wire: the HTTP upgrade done by hand
// over node:net, then frames built byte by byte (RFC 6455 §5.2), so a test can send exactly the
// malformed frame it means to — bad UTF-8, reserved bits, a reserved opcode, no mask, a length
// over the server's limit — and read the close code the server answers with.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface FrameSpec {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  /** RSV1..RSV3 as the three bits 0b100, 0b010, 0b001. */
  rsv?: number;
  /** Clients must mask (RFC 6455 §5.3); false builds the unmasked frame a server must refuse. */
  masked?: boolean;
  /** The length the header declares, when it should differ from the payload's (a frame cut short). */
  declaredLength?: number;
}

/** One frame's bytes, as a client would put them on the wire. */
export function buildFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const length = spec.declaredLength ?? payload.length;
  const masked = spec.masked ?? true;
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | (spec.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126) {
    head.push(maskBit | length);
  } else if (length < 0x10000) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export interface RawClose {
  /** The status code of the server's close frame; null if the connection ended without one. */
  code: number | null;
  reason: string;
}

export class RawWebSocket {
  readonly frames: ServerFrame[] = [];
  /** Resolves when the TCP connection is gone, with the close frame the server sent, if any. */
  readonly closed: Promise<RawClose>;
  private pending: Buffer = Buffer.alloc(0);
  private closeFrame: RawClose | null = null;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly socket: net.Socket,
    rest: Buffer,
  ) {
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        resolve(this.closeFrame ?? { code: null, reason: '' });
        this.wake();
      });
    });
    // A reset after the server's close is how a terminated socket ends; the close code is what matters.
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => this.take(chunk));
    if (rest.length > 0) this.take(rest);
  }

  /** Opens `path` on the server at `baseUrl` (http://host:port) with a hand-written upgrade request. */
  static connect(baseUrl: string, path: string): Promise<RawWebSocket> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        socket.off('error', reject);
        const status = head.subarray(0, end).toString('latin1').split('\r\n')[0];
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          socket.destroy();
          return reject(new Error(`upgrade of ${path} refused: ${status}`));
        }
        resolve(new RawWebSocket(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.once('connect', () =>
        socket.write(
          [
            `GET ${path} HTTP/1.1`,
            `Host: ${hostname}:${port}`,
            'Upgrade: websocket',
            'Connection: Upgrade',
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
            'Sec-WebSocket-Version: 13',
            '',
            '',
          ].join('\r\n'),
        ),
      );
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  sendText(text: string): void {
    this.write(buildFrame({ opcode: OPCODE.text, payload: text }));
  }

  /** Text frames received so far, decoded. */
  texts(): string[] {
    return this.frames.filter((f) => f.opcode === OPCODE.text).map((f) => f.payload.toString('utf8'));
  }

  /** Waits for a text frame that `predicate` accepts; rejects if the connection ends first. */
  async waitForText(predicate: (text: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.texts().find(predicate);
      if (found !== undefined) return found;
      if (this.socket.destroyed) throw new Error('connection closed before the expected frame');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private take(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const frame = this.parseOne();
      if (!frame) break;
      this.frames.push(frame);
      if (frame.opcode === OPCODE.close) {
        this.closeFrame = {
          code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null,
          reason: frame.payload.subarray(2).toString('utf8'),
        };
      }
    }
    this.wake();
  }

  /** One complete server frame off the front of what has arrived (servers never mask). */
  private parseOne(): ServerFrame | null {
    const buf = this.pending;
    if (buf.length < 2) return null;
    let length = buf[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buf.length < 4) return null;
      length = buf.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buf.length < 10) return null;
      length = Number(buf.readBigUInt64BE(2));
      offset = 10;
    }
    if (buf.length < offset + length) return null;
    this.pending = buf.subarray(offset + length);
    return { opcode: buf[0] & 0x0f, payload: Buffer.from(buf.subarray(offset, offset + length)) };
  }
}
