// What every WebSocket the server accepts gets, whatever its path: its protocol errors logged and
// its send buffer capped. A frame ws refuses (bad UTF-8 in a text frame, over maxPayload,
// reserved bits or opcode, no mask) makes ws send the close code (1007, 1009, 1002) and emit
// 'error' on that socket; without a listener that event would stop the process.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { capSendBuffer } from './socket-cap';

export function acceptSocket(ws: WebSocket, log: Logger, path: string): void {
  ws.on('error', (error) => log.warn({ err: error, path }, 'socket closed for a protocol error'));
  capSendBuffer(ws, log, path);
}
