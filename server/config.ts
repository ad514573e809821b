// Server configuration: defaults, then an optional JSON config file, then TEXTDESK_* environment
// variables, then command-line flags — validated with zod so a bad value names its field.
import fs from 'node:fs';
import { z } from 'zod';
import { CalendarInput } from '../shared/calendar-schemas';
import { Lang } from '../shared/schemas';
import { Medium } from '../shared/sla';

const storableUrl = z.url({ protocol: /^https?$/ });

const BotTexts = z
  .object({
    greeting: z.string().max(2000),
    queuePosition: z.string().max(2000),
    operatorJoined: z.string().max(2000),
    closed: z.string().max(2000),
    askRating: z.string().max(2000),
    thanksForRating: z.string().max(2000),
    callbackPromised: z.string().max(2000),
    callbackClaimed: z.string().max(2000),
    queueUpdate: z.string().max(2000),
    expectedAnswer: z.string().max(2000),
    offHours: z.string().max(2000),
  })
  .partial();

export const ServerConfig = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  data: z.string().min(1).default('./.textdesk'),
  /** `sqlite` (embedded, under `data`) or `postgres` (at `databaseUrl`) for several nodes. */
  store: z.enum(['sqlite', 'postgres']).default('sqlite'),
  databaseUrl: z.string().min(1).optional(),
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'lower-case letters, digits and underscore only')
    .default('public'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long a disconnected operator keeps their dialogs before they go back to the queue. */
  graceMs: z.coerce.number().int().min(0).default(60_000),
  /** A customer writing again within this long after a close reopens the same conversation. */
  reopenWindowMs: z.coerce
    .number()
    .int()
    .min(0)
    .default(24 * 60 * 60 * 1000),
  sessionTtlMs: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 60 * 60 * 1000),
  /** Flood limit per customer contact: sustained messages per second, and burst. */
  contactRatePerSec: z.coerce.number().positive().default(5),
  contactBurst: z.coerce.number().int().positive().default(20),
  /** Conversations the desk starts, per channel: sustained starts per second, and burst (issue 16). */
  outboundRatePerSec: z.coerce.number().positive().default(1),
  outboundBurst: z.coerce.number().int().positive().default(10),
  /** Events and delivered webhook entries older than this are deleted (transcripts are kept). */
  retentionMs: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 60 * 60 * 1000),
  adminPassword: z.string().min(8).optional(),
  /** A file to log every GC pause and group commit of 1 ms or more to (bench/open-loop-tail.ts). */
  stallLog: z.string().min(1).optional(),
  /**
   * Below this much free space on the data directory (SQLite store) new messages and tRPC
   * mutations are refused with 503 / SERVICE_UNAVAILABLE before a commit could fail on a full disk.
   */
  minFreeBytes: z.coerce
    .number()
    .int()
    .min(0)
    .default(64 * 1024 * 1024),
  /**
   * Timeouts of a webhook receiver (server/transport/http-server.ts): a client has this long to
   * send a request's headers, and then its whole request with the body; past either it is
   * answered 408 and disconnected. An idle keep-alive connection is closed after the third.
   */
  headersTimeoutMs: z.coerce.number().int().positive().default(10_000),
  requestTimeoutMs: z.coerce.number().int().positive().default(15_000),
  keepAliveTimeoutMs: z.coerce.number().int().positive().default(5_000),
  bot: z.partialRecord(Lang, BotTexts).default({}),
  /**
   * How often waiting customers hear their place in the queue, per medium (issue 17 §4): an
   * update needs the place to move by `minChange` AND `minIntervalSeconds` to pass; null: never.
   * Media left out keep their defaults (server/domain/queue-position.ts DEFAULT_CADENCE).
   */
  queueUpdates: z
    .partialRecord(
      Medium,
      z
        .object({
          minChange: z.number().int().min(1).max(1000),
          minIntervalSeconds: z.number().int().min(1).max(86_400),
        })
        .strict()
        .nullable(),
    )
    .default({}),
  /**
   * Business-hours calendars (issue 17 §1), written over the stored ones of the same id at every
   * start: the file is the source of truth for the calendars it names.
   */
  calendars: z.array(CalendarInput).max(100).default([]),
  /**
   * The e-mail channels' SMTP listener (server/channels/email/smtp-listener.ts): off unless a
   * port is set (25 as an MX; 0 picks a free one). STARTTLS is offered with a key and certificate.
   */
  smtpPort: z.coerce.number().int().min(0).max(65535).optional(),
  smtpHost: z.string().min(1).default('127.0.0.1'),
  smtpTlsKey: z.string().min(1).optional(),
  smtpTlsCert: z.string().min(1).optional(),
  /** The largest mail the listener takes (552 above it); 25 MiB, as large mail providers allow. */
  mailMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** Attachments: the largest file, and the most bytes of files one message carries. */
  attachmentMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  messageAttachmentsMaxBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  /** How long a file no message refers to is kept (an upload waiting for its message). */
  attachmentGraceMs: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60 * 1000),
  /** How long a download link in an outbound webhook works. */
  downloadLinkTtlMs: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 60 * 60 * 1000),
  /** A call-back request waiting unclaimed longer than this raises an alert on the dashboard. */
  callbackTargetMs: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60 * 1000),
  /**
   * Where call-back requests and their closing are POSTed (callback.requested, callback.closed),
   * signed with `callbackWebhookSecret`, for a telephony system to dial. Off when unset.
   */
  callbackWebhookUrl: storableUrl.optional(),
  /**
   * Where a phone number a provider gives without its country code is read (ISO 3166 alpha-2,
   * e.g. RU), so it can link customers in E.164 (issue 18 §1); unset: such numbers link nothing.
   */
  phoneRegion: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code (ISO 3166 alpha-2), e.g. RU or DE')
    .transform((code) => code.toUpperCase())
    .optional(),
  callbackWebhookSecret: z.string().min(16).optional(),
  /** The address webhook receivers reach this server at, for download links (default: the listening address). */
  publicUrl: storableUrl.optional(),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

const WithStore = ServerConfig.refine((c) => c.attachmentMaxBytes <= c.messageAttachmentsMaxBytes, {
  path: ['attachmentMaxBytes'],
  message: 'must not be larger than messageAttachmentsMaxBytes (a message carries at least one file)',
})
  .refine((c) => c.store !== 'postgres' || c.databaseUrl !== undefined, {
    path: ['databaseUrl'],
    message: 'required when store is postgres (e.g. postgres://user@host/db)',
  })
  .refine((c) => c.headersTimeoutMs <= c.requestTimeoutMs, {
    path: ['headersTimeoutMs'],
    message: 'must not be longer than requestTimeoutMs (the headers are part of the request)',
  })
  .refine((c) => c.callbackWebhookUrl === undefined || c.callbackWebhookSecret !== undefined, {
    path: ['callbackWebhookSecret'],
    message: 'required with callbackWebhookUrl: the receiver checks each call-back webhook with it',
  })
  .refine((c) => (c.smtpTlsKey === undefined) === (c.smtpTlsCert === undefined), {
    path: ['smtpTlsCert'],
    message: 'STARTTLS needs both smtpTlsKey and smtpTlsCert',
  });

const ENV: Record<string, keyof ServerConfig> = {
  TEXTDESK_HOST: 'host',
  TEXTDESK_PORT: 'port',
  TEXTDESK_DATA: 'data',
  TEXTDESK_STORE: 'store',
  TEXTDESK_DATABASE_URL: 'databaseUrl',
  TEXTDESK_DATABASE_SCHEMA: 'databaseSchema',
  TEXTDESK_LOG_LEVEL: 'logLevel',
  TEXTDESK_GRACE_MS: 'graceMs',
  TEXTDESK_REOPEN_WINDOW_MS: 'reopenWindowMs',
  TEXTDESK_CONTACT_RATE: 'contactRatePerSec',
  TEXTDESK_CONTACT_BURST: 'contactBurst',
  TEXTDESK_OUTBOUND_RATE: 'outboundRatePerSec',
  TEXTDESK_OUTBOUND_BURST: 'outboundBurst',
  TEXTDESK_RETENTION_MS: 'retentionMs',
  TEXTDESK_ADMIN_PASSWORD: 'adminPassword',
  TEXTDESK_STALL_LOG: 'stallLog',
  TEXTDESK_MIN_FREE_BYTES: 'minFreeBytes',
  TEXTDESK_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  TEXTDESK_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  TEXTDESK_KEEP_ALIVE_TIMEOUT_MS: 'keepAliveTimeoutMs',
  TEXTDESK_SMTP_PORT: 'smtpPort',
  TEXTDESK_SMTP_HOST: 'smtpHost',
  TEXTDESK_SMTP_TLS_KEY: 'smtpTlsKey',
  TEXTDESK_SMTP_TLS_CERT: 'smtpTlsCert',
  TEXTDESK_MAIL_MAX_BYTES: 'mailMaxBytes',
  TEXTDESK_ATTACHMENT_MAX_BYTES: 'attachmentMaxBytes',
  TEXTDESK_MESSAGE_ATTACHMENTS_MAX_BYTES: 'messageAttachmentsMaxBytes',
  TEXTDESK_ATTACHMENT_GRACE_MS: 'attachmentGraceMs',
  TEXTDESK_DOWNLOAD_LINK_TTL_MS: 'downloadLinkTtlMs',
  TEXTDESK_PUBLIC_URL: 'publicUrl',
  TEXTDESK_CALLBACK_TARGET_MS: 'callbackTargetMs',
  TEXTDESK_CALLBACK_WEBHOOK_URL: 'callbackWebhookUrl',
  TEXTDESK_PHONE_REGION: 'phoneRegion',
  TEXTDESK_CALLBACK_WEBHOOK_SECRET: 'callbackWebhookSecret',
};

export class ConfigError extends Error {}

export function loadConfig(opts: {
  flags?: Partial<Record<keyof ServerConfig, unknown>>;
  env?: NodeJS.ProcessEnv;
  file?: string;
}): ServerConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.TEXTDESK_CONFIG;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    try {
      fromFile = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`config file ${file}: ${(error as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  // An empty variable (VAR= in a compose file) means "not set", not zero.
  for (const [name, key] of Object.entries(ENV))
    if (env[name] !== undefined && env[name] !== '') fromEnv[key] = env[name];
  const flags = Object.fromEntries(Object.entries(opts.flags ?? {}).filter(([, v]) => v !== undefined));
  const result = WithStore.safeParse({ ...fromFile, ...fromEnv, ...flags });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  return result.data;
}
