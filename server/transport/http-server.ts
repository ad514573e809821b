// The HTTP server every route and WebSocket upgrade comes in through, with the timeouts of a
// webhook receiver: a client gets seconds, not Node's default five minutes, to send its headers
// and its body; past that it is answered 408 and disconnected (issue 12 §5: a body that never
// finished was held 330 s). A request Node cannot parse is answered 400 and its socket destroyed.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { sendJson } from '../channels/http-json';
import type { ServerConfig } from '../config';
import { guarded } from './guard';

export type HttpTimeouts = Pick<ServerConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

export function createHttpServer(
  timeouts: HttpTimeouts,
  log: Logger,
  onRequest: (req: http.IncomingMessage, res: http.ServerResponse) => unknown,
): http.Server {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default), so a 10 s timeout
      // would take up to 40 s: check four times per shortest timeout, at most once a second.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 4)),
      ),
    },
    guarded(log, 'HTTP request failed', onRequest, (_error, _req, res) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: 'internal error: nothing was done, retry' });
    }),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, log));
  return server;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** What Node's own handler does, plus a log line: 408 for a timeout, 431 for huge headers, else 400. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, log: Logger): void {
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  // A peer that reset or went away gets no answer (there is nobody to read it), nor a warning.
  const gone = error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable;
  if (gone) log.debug({ err: error }, 'HTTP client went away');
  else log.warn({ err: error, status }, 'HTTP client error: answered and closed');
  // As Node does: answer only if no response to this request has started, then destroy at once.
  const response = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (!gone && !response?.headersSent) {
    socket.write(`HTTP/1.1 ${status} ${REASON[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}
