// Size limits enforced at every edge (zod schemas, HTTP bodies, WebSocket frames).
export const LIMITS = {
  messageText: 16_000,
  name: 200,
  login: 64,
  password: 256,
  id: 128,
  skill: 64,
  skills: 32,
  note: 2_000,
  templateText: 8_000,
  url: 2_000,
  /** One channel credential (a bot token, a mail password). */
  credential: 4_000,
  httpBody: 64 * 1024,
  wsPayload: 256 * 1024,
  /** Unsent bytes one WebSocket may hold before it is cut off (server/transport/socket-cap.ts). */
  wsBufferedBytes: 1024 * 1024,
  listPage: 500,
  /** Messages one transcript request returns at most; clients page back with `before`. */
  transcriptPage: 500,
} as const;
