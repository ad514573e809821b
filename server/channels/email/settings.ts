// An e-mail channel's settings (`admin channel add --kind email --setting …`) and credentials.
// The channel's address receives mail (on the SMTP listener, or in an IMAP mailbox) and sends
// replies through the relay.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits';

const host = z.string().min(1).max(255);
const port = z.coerce.number().int().min(1).max(65535);
/** `--setting imapSecure=false` arrives as text. */
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const EmailSettings = z
  .object({
    /** support@shop.ru: mail to it (or to support+…@shop.ru) comes in here; replies come from it. */
    address: z.email().max(254).toLowerCase(),
    /** "Olga via Shop": the name replies are signed with. */
    company: z.string().min(1).max(LIMITS.name),
    relayHost: host,
    relayPort: port.default(587),
    relaySecure: flag.default(false),
    relayUser: z.string().min(1).max(LIMITS.name).optional(),
    /** Read a mailbox hosted elsewhere, instead of (or besides) taking mail on the SMTP listener. */
    imapHost: host.optional(),
    /** The IMAP settings below apply only with imapHost; their defaults are in mailboxes.ts. */
    imapPort: port.optional(),
    imapSecure: flag.optional(),
    imapUser: z.string().min(1).max(LIMITS.name).optional(),
    imapMailbox: z.string().min(1).max(LIMITS.name).optional(),
    /** Move imported mail here; without it, imported mail is marked seen. */
    imapMoveTo: z.string().min(1).max(LIMITS.name).optional(),
    imapPollSeconds: z.coerce.number().int().min(5).max(3600).optional(),
  })
  .strict()
  .refine((s) => (s.imapHost === undefined) === (s.imapUser === undefined), {
    path: ['imapUser'],
    message: 'imapHost and imapUser go together',
  });
export type EmailSettings = z.infer<typeof EmailSettings>;

export const EmailCredentials = z
  .object({
    relayPassword: z.string().min(1).max(LIMITS.credential).optional(),
    imapPassword: z.string().min(1).max(LIMITS.credential).optional(),
  })
  .strict();
export type EmailCredentials = z.infer<typeof EmailCredentials>;
