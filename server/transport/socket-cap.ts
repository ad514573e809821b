// The per-socket send buffer cap, in one place. Neither ws nor tRPC's ws adapter looks at
// bufferedAmount, so a peer that stops reading makes the server hold everything sent to it (an
// operator fetching a 4.8 MB transcript in a loop took the server from 171 to 632 MiB). Every
// WebSocket the server accepts, on every path, sends through capSendBuffer; a socket that would
// pass the cap is terminated and logged, and its client reconnects and resumes (tRPC feeds by
// lastEventId, the web chat widget from its last message id).
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { LIMITS } from '../../shared/limits';

export const SOCKET_BUFFER_CAP = LIMITS.wsBufferedBytes;

/** More unsent bytes than the cap: the peer has stopped reading (or reads far slower than we send). */
export const backedUp = (ws: WebSocket): boolean => ws.bufferedAmount > SOCKET_BUFFER_CAP;

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  return 0;
}

/**
 * Makes every `ws.send` check the buffer first. A frame always goes out onto an empty buffer, so a
 * reply bigger than the cap (a transcript page) still reaches a client that reads; on top of bytes
 * not yet taken, nothing may pass the cap. So a socket never holds more than the cap or one frame.
 */
export function capSendBuffer(ws: WebSocket, log: Logger, path: string): void {
  const send = ws.send.bind(ws) as (...args: unknown[]) => void;
  ws.send = ((data: unknown, ...rest: unknown[]) => {
    const buffered = ws.bufferedAmount;
    const frameBytes = byteLength(data);
    if (buffered > 0 && buffered + frameBytes > SOCKET_BUFFER_CAP) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CLOSING) {
        log.warn(
          { path, bufferedAmount: buffered, frameBytes, cap: SOCKET_BUFFER_CAP },
          'socket is not reading: terminated at its send buffer cap, the client resumes on reconnect',
        );
        ws.terminate();
      }
      const callback = rest.at(-1);
      if (typeof callback === 'function') callback(new Error('socket terminated at its send buffer cap'));
      return;
    }
    send(data, ...rest);
  }) as WebSocket['send'];
}
