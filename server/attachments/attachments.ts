// Attachments on every channel (issue 14 §3): files are checked (limits, type from the bytes),
// stored content-addressed (a FileStore), listed in the files table, and referred to by
// messages. Files sent ahead of their message (web chat, operators) are uploads, known by a
// random ref and their owner. Download links are signed with a key every node shares.
import { randomBytes } from 'node:crypto';
import type { Attachment, UploadedFile, UploadProgress } from '../../shared/schemas';
import { LIMITS } from '../../shared/limits';
import type { Clock } from '../domain/clock';
import { DeskError } from '../desk/errors';
import type { Store } from '../store/store';
import { downloadQuery } from './download-url';
import { sha256 } from './file-blobs';
import type { FileStore } from './file-store';
import { checkFile } from './file-kind';

export interface AttachmentLimits {
  /** The largest single file, in bytes. */
  maxFileBytes: number;
  /** The most bytes of files one message carries. */
  maxMessageBytes: number;
  /**
   * How long a file no message refers to is kept (an upload waiting for its message); an
   * upload's ref is accepted for half of it, so a ref accepted is never swept under a message.
   */
  graceMs: number;
  /** How long a download link in a webhook stays valid. */
  linkTtlMs: number;
}

/** A file refused before anything was stored; `reason` says which rule, for the HTTP status. */
export class AttachmentRefused extends DeskError {
  constructor(
    readonly reason: 'size' | 'type' | 'count' | 'ref',
    message: string,
  ) {
    super(reason === 'ref' ? 'FORBIDDEN' : 'BAD_REQUEST', message);
  }
}

export interface IncomingFile {
  name: string;
  bytes: Buffer;
}

/** An operator's upload in parts, assembled in memory until its last part. */
interface PartialUpload {
  owner: string;
  name: string;
  parts: Buffer[];
  size: number;
  touchedAt: number;
}

const SIGNING_KEY = 'download-links';
const PARTIAL_TTL_MS = 5 * 60 * 1000;
const PARTIALS_PER_OWNER = 4;

/**
 * A customer's file name as it may be shown and sent on: no directory part, no control or
 * format characters (escape sequences, bidi overrides), at most LIMITS.fileName characters with
 * the extension kept; "file" when nothing is left.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  let clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '.' || clean === '..') clean = '';
  if (clean.length > LIMITS.fileName) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, LIMITS.fileName - ext.length) + ext;
  }
  return clean || 'file';
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;

export class Attachments {
  private readonly partials = new Map<string, PartialUpload>();
  private publicUrl = '';

  private constructor(
    private readonly store: Store,
    private readonly blobs: FileStore,
    readonly limits: AttachmentLimits,
    private readonly clock: Clock,
    private readonly signingKey: Buffer,
  ) {}

  /** Loads the download-link key, generating it on the first start; all nodes keep the first one written. */
  static async open(store: Store, blobs: FileStore, limits: AttachmentLimits, clock: Clock): Promise<Attachments> {
    await store.commit([
      { query: store.q.addServerKey, args: { name: SIGNING_KEY, value: randomBytes(32).toString('base64') } },
    ]);
    const key = (await store.get(store.q.serverKey, { name: SIGNING_KEY }))!.value;
    return new Attachments(store, blobs, limits, clock, Buffer.from(key, 'base64'));
  }

  /** The address download links start with: the configured public URL, or the server's own once listening. */
  setPublicUrl(url: string): void {
    this.publicUrl = url.replace(/\/+$/, '');
  }

  get key(): Buffer {
    return this.signingKey;
  }

  /**
   * Checks every file of one message and only then stores them all: a message with one refused
   * file stores none. Throws AttachmentRefused naming the file and the rule.
   */
  async intake(files: IncomingFile[]): Promise<Attachment[]> {
    const checked = await this.check(files);
    return this.save(checked);
  }

  private async check(files: IncomingFile[]): Promise<Array<Attachment & { bytes: Buffer }>> {
    const { maxFileBytes, maxMessageBytes } = this.limits;
    if (files.length > LIMITS.attachmentsPerMessage)
      throw new AttachmentRefused(
        'count',
        `a message carries at most ${LIMITS.attachmentsPerMessage} files (this one has ${files.length})`,
      );
    let total = 0;
    const checked = [];
    for (const file of files) {
      const name = safeFileName(file.name);
      if (file.bytes.length > maxFileBytes)
        throw new AttachmentRefused(
          'size',
          `file "${name}" is ${mib(file.bytes.length)}: files may be at most ${mib(maxFileBytes)}`,
        );
      total += file.bytes.length;
      if (total > maxMessageBytes)
        throw new AttachmentRefused(
          'size',
          `the files of one message may be at most ${mib(maxMessageBytes)} together: send "${name}" in another message`,
        );
      const verdict = await checkFile(file.bytes, name);
      if (!verdict.ok) throw new AttachmentRefused('type', `file "${name}" is refused: ${verdict.reason}`);
      checked.push({ name, type: verdict.mime, size: file.bytes.length, hash: '', bytes: file.bytes });
    }
    return checked;
  }

  /** The files row first, then the bytes: a crash between leaves a row that housekeeping drops, never bytes nobody lists. */
  private async save(checked: Array<Attachment & { bytes: Buffer }>): Promise<Attachment[]> {
    const now = this.clock.now();
    const stored = checked.map(({ bytes, ...meta }) => ({ ...meta, hash: sha256(bytes), bytes }));
    if (stored.length === 0) return [];
    await this.store.commit(
      stored.map((file) => ({
        query: this.store.q.putFile,
        args: { hash: file.hash, size: file.size, type: file.type, created_at: now },
      })),
    );
    for (const file of stored) await this.blobs.put(file.bytes);
    return stored.map(({ bytes: _bytes, ...meta }) => meta);
  }

  /** One file sent ahead of its message; the ref is good for `owner` only. */
  async upload(owner: string, file: IncomingFile): Promise<UploadedFile> {
    const [meta] = await this.intake([file]);
    const ref = `u-${randomBytes(16).toString('base64url')}`;
    await this.store.commit([
      {
        query: this.store.q.insertUpload,
        args: { ref, owner, ...meta, created_at: this.clock.now() },
      },
    ]);
    return { ref, ...meta };
  }

  /**
   * One part of an upload too large for one call (operator.upload over a WebSocket): parts are
   * kept in memory, capped at the per-file limit, until the last one, which checks and stores
   * the whole file.
   */
  async uploadPart(
    owner: string,
    part: { name: string; bytes: Buffer; append?: string; last: boolean },
  ): Promise<UploadProgress> {
    const now = this.clock.now();
    for (const [ref, partial] of this.partials) if (now - partial.touchedAt > PARTIAL_TTL_MS) this.partials.delete(ref);
    let ref = part.append;
    let partial: PartialUpload | undefined;
    if (ref === undefined) {
      if (part.last) {
        const file = await this.upload(owner, { name: part.name, bytes: part.bytes });
        return { ref: file.ref, received: file.size, file };
      }
      const open = [...this.partials.values()].filter((p) => p.owner === owner).length;
      if (open >= PARTIALS_PER_OWNER)
        throw new AttachmentRefused('count', `at most ${PARTIALS_PER_OWNER} uploads at once: finish one first`);
      ref = `p-${randomBytes(16).toString('base64url')}`;
      partial = { owner, name: part.name, parts: [], size: 0, touchedAt: now };
      this.partials.set(ref, partial);
    } else {
      partial = this.partials.get(ref);
      if (!partial || partial.owner !== owner)
        throw new AttachmentRefused('ref', `upload ${ref} is not in progress (it expired?): start it again`);
    }
    partial.size += part.bytes.length;
    partial.touchedAt = now;
    if (partial.size > this.limits.maxFileBytes) {
      this.partials.delete(ref);
      throw new AttachmentRefused(
        'size',
        `file "${safeFileName(partial.name)}" is over ${mib(this.limits.maxFileBytes)}, the largest a file may be`,
      );
    }
    partial.parts.push(part.bytes);
    if (!part.last) return { ref, received: partial.size, file: null };
    this.partials.delete(ref);
    const file = await this.upload(owner, { name: partial.name, bytes: Buffer.concat(partial.parts) });
    return { ref: file.ref, received: file.size, file };
  }

  /**
   * The files a message names by upload ref, in order. A ref of someone else's upload is refused
   * exactly like one that never existed, so refs cannot be probed.
   */
  async resolve(owner: string, refs: string[]): Promise<Attachment[]> {
    const oldest = this.clock.now() - this.limits.graceMs / 2;
    const files: Attachment[] = [];
    let total = 0;
    for (const ref of refs) {
      const row = await this.store.get(this.store.q.uploadByRef, { ref });
      if (!row || row.owner !== owner || row.created_at < oldest)
        throw new AttachmentRefused(
          'ref',
          `file ${ref.slice(0, 64)} is not an upload of yours (or it expired): upload it again`,
        );
      total += row.size;
      if (total > this.limits.maxMessageBytes)
        throw new AttachmentRefused(
          'size',
          `the files of one message may be at most ${mib(this.limits.maxMessageBytes)} together`,
        );
      files.push({ name: row.name, type: row.type, size: row.size, hash: row.hash });
    }
    return files;
  }

  read(hash: string): Promise<Buffer | null> {
    return this.blobs.get(hash);
  }

  /** A signed link that downloads the file without any other credential until `expiresAt`. */
  downloadLink(file: Attachment): { url: string; expiresAt: number } {
    const expiresAt = this.clock.now() + this.limits.linkTtlMs;
    const query = downloadQuery(this.signingKey, { hash: file.hash, name: file.name, expires: expiresAt });
    return { url: `${this.publicUrl}/files/${file.hash}${query}`, expiresAt };
  }

  /**
   * Deletes uploads past the grace and files past it that no message or upload refers to. The
   * row goes first, and only if it was not stored again meanwhile; then the bytes, unless a new
   * upload of the same file brought the row back.
   */
  async sweep(): Promise<number> {
    const { store } = this;
    const before = this.clock.now() - this.limits.graceMs;
    await store.commit([{ query: store.q.deleteUploadsBefore, args: { before } }]);
    let deleted = 0;
    for (const { hash } of await store.all(store.q.orphanFiles, { before })) {
      await store.commit([{ query: store.q.deleteFile, args: { hash, before } }]);
      if (await store.get(store.q.fileByHash, { hash })) continue;
      await this.blobs.delete(hash);
      deleted++;
    }
    return deleted;
  }
}
