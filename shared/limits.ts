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
  /** A channel template's name (WhatsApp allows 512) and its parameters. */
  templateName: 512,
  templateParams: 20,
  templateParam: 1_000,
  url: 2_000,
  /** The page a web chat visitor is on: its URL and title (a browser takes longer URLs; nobody reads them). */
  pageUrl: 2_048,
  pageTitle: 200,
  /** One channel credential (a bot token, a mail password). */
  credential: 4_000,
  httpBody: 64 * 1024,
  wsPayload: 256 * 1024,
  /** Unsent bytes one WebSocket may hold before it is cut off (server/transport/socket-cap.ts). */
  wsBufferedBytes: 1024 * 1024,
  listPage: 500,
  /** Messages one transcript request returns at most; clients page back with `before`. */
  transcriptPage: 500,
  /** Files one message carries at most. */
  attachmentsPerMessage: 10,
  fileName: 255,
  /**
   * Base64 of one operator.upload call: a tRPC frame must stay under wsPayload (256 KiB), so a
   * larger file goes up in parts (`append` to the first part's ref).
   */
  uploadBase64: 192 * 1024,
  /** Bytes of a file one operator.attachment call returns (its base64 stays well under wsBufferedBytes). */
  downloadChunk: 128 * 1024,
} as const;
