// One SMPP 3.4 transceiver bind to an SMSC, kept up: bind_transceiver on connect, enquire_link
// every few seconds (a link the SMSC stopped answering is dropped: a silent peer looks bound
// forever otherwise), and after a drop, a refused bind or garbage on the wire, a new connection
// after a jittered backoff that doubles up to a cap. submit_sm waits its turn under the
// channel's throughput, and fails at once (transient) while there is no bind.
import smpp, { type PDU, type Session } from 'smpp';
import type { Logger } from 'pino';
import { statusName } from './smpp-status';

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
/** submit_sm_resp or bind_transceiver_resp slower than this counts as lost. */
const RESPONSE_TIMEOUT_MS = 15_000;
const UNBIND_WAIT_MS = 2_000;

export interface SmscSessionOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType?: string;
  enquireLinkSec: number;
  throughputPerSec: number;
  /**
   * A deliver_sm from the SMSC. `answer` writes deliver_sm_resp with that status and says whether
   * it was written (false: the connection is gone, and the SMSC will deliver it again).
   */
  onDeliver(pdu: PDU, answer: (status: number) => boolean): void;
  /** Each time a bind is accepted: what failed while the link was down may go now. */
  onBound(): void;
  log: Logger;
}

export class NotBound extends Error {}

/** Jittered exponential backoff: half to all of min(cap, base·2^attempt). */
export function rebindDelayMs(attempt: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling * (0.5 + random() / 2));
}

export class SmscSession {
  private session: Session | null = null;
  private bound = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private keepAlive: NodeJS.Timeout | null = null;
  private nextSlot = 0;
  private readonly onUnbound = new Set<(error: Error) => void>();
  private readonly boundWaiters = new Set<() => void>();
  /** Why the last bind failed or the link dropped, for probes and errors. */
  lastError: string | null = null;

  constructor(private readonly opts: SmscSessionOptions) {}

  get isBound(): boolean {
    return this.bound;
  }

  start(): void {
    this.connect();
  }

  /** Resolves true once bound, false after `ms` without a bind. */
  waitBound(ms: number): Promise<boolean> {
    if (this.bound) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.boundWaiters.delete(onBound);
        resolve(ok);
      };
      const onBound = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      timer.unref();
      this.boundWaiters.add(onBound);
    });
  }

  /**
   * Sends one submit_sm once the throughput allows, and resolves with its submit_sm_resp
   * (whatever its command_status). Rejects with NotBound without a bind or when it drops.
   */
  async submit(fields: Record<string, unknown>, signal: AbortSignal): Promise<PDU> {
    await this.slot(signal);
    const session = this.session;
    if (!this.bound || !session) throw new NotBound(this.lastError ?? 'not bound to the SMSC');
    return new Promise<PDU>((resolve, reject) => {
      const finish = (error: Error | null, pdu?: PDU) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.onUnbound.delete(onDrop);
        if (error) reject(error);
        else resolve(pdu!);
      };
      const onDrop = (error: Error) => finish(error);
      const onAbort = () => finish(new NotBound('no submit_sm_resp before the delivery timed out'));
      const timer = setTimeout(() => finish(new NotBound('no submit_sm_resp in time')), RESPONSE_TIMEOUT_MS);
      timer.unref();
      this.onUnbound.add(onDrop);
      signal.addEventListener('abort', onAbort, { once: true });
      const written = session.submit_sm(fields, (resp) => finish(null, resp));
      if (!written) finish(new NotBound('the SMSC connection is closing'));
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const session = this.session;
    if (!session) return;
    if (this.bound) {
      // An unbind tells the SMSC to stop delivering to this bind; it gets a moment to answer.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, UNBIND_WAIT_MS);
        if (!session.unbind({}, () => (clearTimeout(timer), resolve()))) resolve();
      });
    }
    await new Promise<void>((resolve) => {
      if (session.socket.destroyed) return resolve();
      session.destroy(() => resolve());
    });
  }

  /** The next moment a submit may go: even spacing, so no second ever carries more than the rate. */
  private async slot(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / this.opts.throughputPerSec;
    if (at <= now) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), at - now);
      const onAbort = () => (clearTimeout(timer), reject(new NotBound('timed out waiting for the throughput')));
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port, log } = this.opts;
    const session = smpp.connect({ host, port });
    this.session = session;
    session.on('connect', () => this.bind(session));
    // Garbage on the wire leaves the package's reader stuck: the connection is dropped and made anew.
    session.on('error', (error: Error) => {
      this.lastError = error.message;
      log.warn({ err: error }, 'SMSC connection error');
      session.destroy();
    });
    session.on('close', () => this.dropped(session));
    session.on('pdu', (pdu: PDU) => {
      // The package emits from its socket reader: a throw here would end the process.
      try {
        this.request(session, pdu);
      } catch (error) {
        log.error({ err: error, command: pdu.command }, 'an SMSC request could not be handled');
      }
    });
  }

  private bind(session: Session): void {
    const { systemId, password, systemType } = this.opts;
    const timer = setTimeout(() => {
      this.lastError = 'no bind_transceiver_resp in time';
      session.destroy();
    }, RESPONSE_TIMEOUT_MS);
    timer.unref();
    session.bind_transceiver({ system_id: systemId, password, system_type: systemType ?? '' }, (resp) => {
      clearTimeout(timer);
      if (resp.command_status !== 0) {
        this.lastError = `bind refused: ${statusName(resp.command_status)}`;
        this.opts.log.warn({ status: statusName(resp.command_status) }, 'SMSC refused the bind');
        session.destroy();
        return;
      }
      this.bound = true;
      this.attempt = 0;
      this.lastError = null;
      this.opts.log.info('bound to the SMSC as a transceiver');
      for (const waiter of [...this.boundWaiters]) waiter();
      this.opts.onBound();
      this.keepAlive = setInterval(() => this.enquire(session), this.opts.enquireLinkSec * 1000);
      this.keepAlive.unref();
    });
  }

  private enquire(session: Session): void {
    const timer = setTimeout(() => {
      this.lastError = 'enquire_link unanswered';
      session.destroy();
    }, RESPONSE_TIMEOUT_MS);
    timer.unref();
    if (!session.enquire_link({}, () => clearTimeout(timer))) clearTimeout(timer);
  }

  /** The SMSC's own requests: deliveries, its keep-alive, its unbind, and anything else refused. */
  private request(session: Session, pdu: PDU): void {
    if (pdu.isResponse()) return;
    switch (pdu.command) {
      case 'deliver_sm':
        this.opts.onDeliver(pdu, (status) => session.send(pdu.response({ command_status: status })));
        return;
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        session.send(pdu.response(), () => session.close());
        return;
      case 'alert_notification':
        return; // has no response
      default:
        // 'unknown' answers generic_nack; a known command textdesk does not take, its resp with an error.
        session.send(pdu.response({ command_status: smpp.errors.ESME_RINVCMDID }));
    }
  }

  private dropped(session: Session): void {
    if (this.session !== session) return;
    this.session = null;
    this.bound = false;
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    const error = new NotBound(this.lastError ?? 'the SMSC connection closed');
    for (const fail of [...this.onUnbound]) fail(error);
    if (this.stopped) return;
    const delay = rebindDelayMs(this.attempt++);
    this.opts.log.info({ delayMs: delay, reason: this.lastError }, 'SMSC connection lost; binding again');
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.retryTimer.unref();
  }
}
