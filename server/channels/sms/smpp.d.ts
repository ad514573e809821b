// The part of the `smpp` package (0.5.1, farhadi/node-smpp, no types of its own) that textdesk
// uses: lib/smpp.js (Session, Server), lib/pdu.js (PDU) and lib/defs.js (field names).
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** short_message as the package decodes it: its UDH as information elements, its text decoded. */
  export interface DecodedShortMessage {
    udh?: Buffer[];
    message: string | Buffer;
  }

  /** A PDU's header and fields by their SMPP names; TLVs by name too (receipted_message_id …). */
  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  export type ResponseCallback = (pdu: PDU) => void;
  type Command = (
    options?: Record<string, unknown>,
    onResponse?: ResponseCallback,
    onSent?: ResponseCallback,
  ) => boolean;

  export class Session extends EventEmitter {
    socket: Socket;
    /** Writes a PDU; false when the socket is not writable. */
    send(pdu: PDU, onResponse?: ResponseCallback, onSent?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transceiver: Command;
    submit_sm: Command;
    deliver_sm: Command;
    enquire_link: Command;
    unbind: Command;
    generic_nack: Command;
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    /** Sends enquire_link every this many ms once connected. */
    auto_enquire_link_period?: number;
  }

  export function connect(options: ConnectOptions, onConnect?: () => void): Session;

  export class Server extends NetServer {
    sessions: Session[];
  }
  export function createServer(options: Record<string, unknown>, onSession: (session: Session) => void): Server;

  export const PDU: {
    new (command: string, options?: Record<string, unknown>): PDU;
    /** The most bytes a PDU may have; a longer command_length is an error on the session. */
    maxLength: number;
  };

  export const errors: Record<string, number>;
  /** The package's own GSM 03.38 table (unpacked septets); `table` 0 is the default alphabet. */
  export const gsmCoder: { encode(text: string, table: number): Buffer; decode(bytes: Buffer, table: number): string };
  export const ESME_ROK: number;
}
