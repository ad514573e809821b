// An SMS channel's settings (`admin channel add --adapter sms --setting …`) and credentials: the
// SMSC (an operator's or an SMS aggregator's SMPP 3.4 server) textdesk binds to as a transceiver.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';

const byte = z.coerce.number().int().min(0).max(255);

export const SmsSettings = z
  .object({
    host: z.string().min(1).max(255),
    port: z.coerce.number().int().min(1).max(65535).default(2775),
    /** bind's system_type, when the SMSC asks for one (SMPP caps it at 12 characters). */
    systemType: z.string().max(12).optional(),
    /** The sender: a number (+79001234567) or an alphanumeric name the SMSC has registered (≤ 11). */
    sourceAddr: z.string().min(1).max(20),
    /** TON and NPI of sourceAddr: 1/1 for an international number, 5/0 for an alphanumeric name. */
    sourceTon: byte.default(1),
    sourceNpi: byte.default(1),
    /** submit_sm a second the SMSC allows this bind (its window or throttle). */
    throughputPerSec: z.coerce.number().min(0.1).max(1000).default(10),
    /** Seconds between enquire_link keep-alives. */
    enquireLinkSec: z.coerce.number().int().min(5).max(600).default(30),
    /**
     * How the SMSC writes message ids (Kannel's msg-id-type): `same` when the receipt quotes the id
     * submit_sm_resp gave; `hex-decimal` when the resp is hex and the receipt decimal;
     * `decimal-hex` the other way round. Ids are kept in decimal when they differ.
     */
    messageIds: z.enum(['same', 'hex-decimal', 'decimal-hex']).default('same'),
  })
  .strict();
export type SmsSettings = z.infer<typeof SmsSettings>;

export const SmsCredentials = z
  .object({
    /** bind's system_id and password (SMPP caps them at 15 and 8 characters). */
    systemId: z.string().min(1).max(15),
    password: z.string().min(1).max(Math.min(8, LIMITS.credential)),
  })
  .strict();
export type SmsCredentials = z.infer<typeof SmsCredentials>;
