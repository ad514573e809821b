// A fake SMSC on loopback: a real SMPP server built with the `smpp` package's createServer,
// speaking SMPP v3.4 (Issue 1.2, 1999: bind_transceiver §4.1.5, submit_sm §4.4, deliver_sm §4.6,
// enquire_link §4.11, command_status §5.1.3) with delivery receipts in the text format of 8x8's
// SMPP documentation (developer.8x8.com, "Delivery receipts": `id:… sub:001 dlvrd:001 submit
// date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…`, esm_class 0x04), plus the
// receipted_message_id and message_state TLVs on request.
//
// It checks the bind's system_id and password, answers submit_sm with a message_id (then a
// receipt per part), puts concatenated parts back together by their UDH and checks them, sends a
// customer's SMS (deliver_sm) to the bound session and reports the answer, and on demand
// throttles (ESME_RTHROTTLED), refuses binds, drops connections and writes garbage.
import type { AddressInfo, Socket } from 'node:net';
import smpp, { type DecodedShortMessage, type PDU, type Session } from 'smpp';

export interface SubmittedPart {
  at: number;
  destination: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** short_message as it came on the wire: UDH (if any) and payload. */
  bytes: Buffer;
  messageId: string;
}

export interface ReassembledSms {
  destination: string;
  dataCoding: number;
  text: string;
  parts: SubmittedPart[];
}

export type ReceiptStyle = 'text' | 'tlv';

export class FakeSmsc {
  systemId = 'textdesk';
  password = 'secret12';
  /** Answers ESME_RBINDFAIL to binds while set (the SMSC is "down" at the application level). */
  refuseBinds = false;
  /** Answers ESME_RTHROTTLED to the next this many submit_sm. */
  throttleNext = 0;
  /** The receipt each accepted part gets; null: none. */
  receiptStat: string | null = 'DELIVRD';
  receiptStyle: ReceiptStyle = 'text';
  /** `hex`: submit_sm_resp gives the id in hex, the receipt in decimal (Kannel's msg-id-type 1). */
  idFormat: 'decimal' | 'hex' = 'decimal';
  readonly bindAttempts: { at: number; systemId: string; ok: boolean }[] = [];
  readonly parts: SubmittedPart[] = [];
  readonly messages: ReassembledSms[] = [];
  readonly errors: string[] = [];
  private nextId = 7_000_000;
  private readonly bound = new Set<Session>();
  private readonly pending = new Map<string, SubmittedPart[]>();
  private waiters: Array<() => void> = [];
  private server = this.create();
  port = 0;

  private create() {
    return smpp.createServer({}, (session) => this.session(session));
  }

  async start(port = 0): Promise<number> {
    if (!this.server.listening) {
      this.server = this.create();
      await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', () => resolve()));
    }
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stops listening and cuts every connection: the SMSC is gone. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.server.sessions) session.destroy();
    this.bound.clear();
    await closed;
  }

  /** Cuts the bound connections, staying up: the client should bind again. */
  dropConnections(): void {
    for (const session of this.bound) session.destroy();
    this.bound.clear();
  }

  get boundSessions(): number {
    return this.bound.size;
  }

  /** Resolves once `until` holds, checked after each thing the fake sees. */
  async waitFor(until: () => boolean, ms = 10_000): Promise<void> {
    if (until()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the SMSC did not see it in time')), ms);
      const check = () => {
        if (!until()) return this.waiters.push(check);
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private session(session: Session): void {
    session.on('error', (error: Error) => this.errors.push(error.message));
    session.on('close', () => {
      this.bound.delete(session);
      this.notify();
    });
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok = !this.refuseBinds && pdu.system_id === this.systemId && pdu.password === this.password;
      this.bindAttempts.push({ at: Date.now(), systemId: String(pdu.system_id), ok });
      if (!ok) {
        const status = this.refuseBinds ? smpp.errors.ESME_RBINDFAIL : smpp.errors.ESME_RINVPASWD;
        session.send(pdu.response({ command_status: status }));
      } else {
        session.send(pdu.response({ system_id: 'fake-smsc' }));
        this.bound.add(session);
      }
      this.notify();
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      this.bound.delete(session);
      session.send(pdu.response(), () => session.close());
    });
    session.on('submit_sm', (pdu: PDU) => this.submitted(session, pdu));
  }

  private submitted(session: Session, pdu: PDU): void {
    if (!this.bound.has(session)) {
      session.send(pdu.response({ command_status: smpp.errors.ESME_RINVBNDSTS }));
      return;
    }
    if (this.throttleNext > 0) {
      this.throttleNext--;
      session.send(pdu.response({ command_status: smpp.errors.ESME_RTHROTTLED }));
      this.notify();
      return;
    }
    const number = this.nextId++;
    const part: SubmittedPart = {
      at: Date.now(),
      destination: String(pdu.destination_addr),
      dataCoding: Number(pdu.data_coding),
      esmClass: Number(pdu.esm_class),
      registeredDelivery: Number(pdu.registered_delivery),
      bytes: wireBytes(pdu),
      messageId: String(number),
    };
    this.parts.push(part);
    const respId = this.idFormat === 'hex' ? number.toString(16).toUpperCase() : String(number);
    session.send(pdu.response({ message_id: respId }), () => {
      if (this.receiptStat) this.receipt(session, part, this.receiptStat);
    });
    this.reassemble(part);
    this.notify();
  }

  /** Sends a delivery receipt for a part to the bound session. */
  sendReceipt(part: SubmittedPart, stat: string): void {
    for (const session of this.bound) this.receipt(session, part, stat);
  }

  /** Sends a delivery receipt for a part (ids in decimal, as 8x8 writes them). */
  private receipt(session: Session, part: SubmittedPart, stat: string): void {
    const states: Record<string, number> = { DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, REJECTD: 8 };
    const date = '2612010000';
    const text = `id:${part.messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${date} done date:${date} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '011'} text:`;
    session.deliver_sm({
      source_addr: part.destination,
      destination_addr: 'Shop',
      esm_class: 0x04,
      data_coding: 0,
      short_message: text,
      ...(this.receiptStyle === 'tlv' && { receipted_message_id: part.messageId, message_state: states[stat] ?? 7 }),
    });
  }

  private reassemble(part: SubmittedPart): void {
    if (!(part.esmClass & 0x40)) {
      this.messages.push({
        destination: part.destination,
        dataCoding: part.dataCoding,
        text: decode(part.dataCoding, part.bytes),
        parts: [part],
      });
      return;
    }
    const [udhl, iei, iedl, ref, total, seq] = part.bytes;
    if (udhl !== 5 || iei !== 0 || iedl !== 3 || seq < 1 || seq > total)
      throw new Error(`bad concatenation UDH ${part.bytes.subarray(0, 6).toString('hex')}`);
    const key = `${part.destination}:${ref}:${total}`;
    const got = [...(this.pending.get(key) ?? []), part];
    this.pending.set(key, got);
    if (got.length < total) return;
    this.pending.delete(key);
    const ordered = [...got].sort((a, b) => a.bytes[5] - b.bytes[5]);
    const payload = Buffer.concat(ordered.map((p) => p.bytes.subarray(6)));
    this.messages.push({
      destination: part.destination,
      dataCoding: part.dataCoding,
      text: decode(part.dataCoding, payload),
      parts: ordered,
    });
  }

  /**
   * A customer's SMS to the bound session: one deliver_sm, or parts with the 8-bit reference UDH
   * when `parts` is given (the text cut into that many pieces of equal length). Resolves with the
   * command_status of each deliver_sm_resp. `drop`: cut the connection right after sending.
   */
  async mo(
    from: string,
    text: string,
    opts: { dataCoding?: 0 | 8; parts?: number; ref?: number; only?: number[]; drop?: boolean; ton?: number } = {},
  ): Promise<number[]> {
    const session = [...this.bound][0];
    if (!session) throw new Error('no bound session');
    const dataCoding = opts.dataCoding ?? 8;
    const payload = encode(dataCoding, text);
    const count = opts.parts ?? 1;
    const unit = dataCoding === 8 ? 2 : 1;
    const size = Math.ceil(payload.length / unit / count) * unit;
    const statuses: Promise<number>[] = [];
    for (let i = 0; i < count; i++) {
      if (opts.only && !opts.only.includes(i + 1)) continue;
      const piece = payload.subarray(i * size, (i + 1) * size);
      const udh = count > 1 ? Buffer.from([5, 0, 3, opts.ref ?? 42, count, i + 1]) : Buffer.alloc(0);
      statuses.push(
        new Promise<number>((resolve) => {
          session.deliver_sm(
            {
              source_addr_ton: opts.ton ?? 1,
              source_addr_npi: 1,
              source_addr: from,
              destination_addr: 'Shop',
              esm_class: count > 1 ? 0x40 : 0,
              data_coding: dataCoding,
              short_message: Buffer.concat([udh, piece]),
            },
            (resp) => resolve(resp.command_status),
          );
          if (opts.drop) {
            // Written out first, then the link is cut: the client gets the SMS, its answer is lost.
            session.socket.end();
            this.bound.delete(session);
            resolve(-1);
          }
        }),
      );
    }
    return Promise.all(statuses);
  }

  /** Calls `listener` with the next PDU of this command the client sends on a bound connection. */
  onceFromClient(command: string, listener: (pdu: PDU) => void): void {
    for (const session of this.bound) session.once(command, listener);
  }

  /** A receipt (esm_class 0x04) with this text, to every bound connection. */
  rawReceipt(text: string): void {
    for (const session of this.bound)
      session.deliver_sm({
        source_addr: '79001234567',
        destination_addr: 'Shop',
        esm_class: 0x04,
        data_coding: 0,
        short_message: text,
      });
  }

  /** Raw bytes on every bound connection: a malformed PDU, an unknown command. */
  writeRaw(bytes: Buffer): void {
    for (const session of this.bound) (session.socket as Socket).write(bytes);
  }
}

/** short_message's bytes: the package hands it decoded ({udh, message}); this writes it back. */
function wireBytes(pdu: PDU): Buffer {
  const sm = pdu.short_message as DecodedShortMessage | Buffer;
  if (Buffer.isBuffer(sm)) return sm;
  const ies = sm.udh ?? [];
  const udh = ies.length
    ? Buffer.concat([Buffer.from([ies.reduce((n, ie) => n + ie.length, 0)]), ...ies])
    : Buffer.alloc(0);
  const message = Buffer.isBuffer(sm.message) ? sm.message : encode(Number(pdu.data_coding), sm.message);
  return Buffer.concat([udh, message]);
}

function encode(dataCoding: number, text: string): Buffer {
  if (dataCoding === 8) return Buffer.from(text, 'utf16le').swap16();
  return smpp.gsmCoder.encode(text, 0);
}

function decode(dataCoding: number, bytes: Buffer): string {
  if (dataCoding === 8) {
    if (bytes.length % 2) throw new Error('a UCS-2 payload of odd length');
    return Buffer.from(bytes).swap16().toString('utf16le');
  }
  return smpp.gsmCoder.decode(bytes, 0);
}
