// A loopback proxy in front of a real server that can hold logins (POST /trpc/auth.login): while
// holding, each login waits at the proxy until the test lets it through, so the test sees what a
// client does while the server is "still checking the password". Every other request, and the
// WebSocket upgrade, passes straight through to the server.
import http from 'node:http';
import net from 'node:net';

export class HeldLoginProxy {
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: false });
  private readonly sockets = new Set<net.Socket>();
  private readonly waiting: Array<() => void> = [];
  private readonly arrivals = new Set<() => void>();
  private holding = true;
  /** Logins that have reached the proxy, and of those, how many the server has answered. */
  logins = 0;
  answered = 0;
  url = '';

  constructor(private readonly port: number) {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      this.tunnel(req, socket, head),
    );
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
    return this.url;
  }

  /** From now on, logins wait for release(). */
  hold(): void {
    this.holding = true;
  }

  /** Lets the waiting logins through, and those that come later. */
  release(): void {
    this.holding = false;
    for (const go of this.waiting.splice(0)) go();
  }

  /** Resolves once `count` logins in all have reached the proxy. */
  async loginsArrived(count: number): Promise<void> {
    while (this.logins < count) await new Promise<void>((resolve) => this.arrivals.add(resolve));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const isLogin = req.method === 'POST' && (req.url ?? '').startsWith('/trpc/auth.login');
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const send = () => {
        const upstream = http.request(
          {
            host: '127.0.0.1',
            port: this.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: this.agent,
          },
          (answer) => {
            if (isLogin) this.answered++;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(body));
      };
      if (!isLogin) return send();
      this.logins++;
      for (const wake of [...this.arrivals]) {
        this.arrivals.delete(wake);
        wake();
      }
      if (this.holding) this.waiting.push(send);
      else send();
    });
  }

  private tunnel(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const upstream = net.connect(this.port, '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    for (const end of [socket, upstream]) {
      this.sockets.add(end);
      end.on('error', () => {
        socket.destroy();
        upstream.destroy();
      });
      end.on('close', () => {
        this.sockets.delete(end);
        socket.destroy();
        upstream.destroy();
      });
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
