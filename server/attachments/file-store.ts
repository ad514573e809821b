// Where attachment bytes live, behind one small interface. The embedded store keeps them as
// files under the data directory (FileBlobs); with PostgreSQL they are rows of file_blobs
// (bytea), so that every node reads every file without a shared disk. The composition root
// picks one.
import type { Store } from '../store/store';
import { sha256 } from './file-blobs';

export interface FileStore {
  /** Stores the bytes (once, however often they are put) and returns their SHA-256. */
  put(bytes: Buffer): Promise<string>;
  get(hash: string): Promise<Buffer | null>;
  delete(hash: string): Promise<void>;
}

/** File bytes in the database (file_blobs), for stores shared by several nodes. */
export class StoreBlobs implements FileStore {
  constructor(private readonly store: Store) {}

  async put(bytes: Buffer): Promise<string> {
    const hash = sha256(bytes);
    await this.store.commit([{ query: this.store.q.putBlob, args: { hash, bytes } }]);
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    const row = await this.store.get(this.store.q.blobByHash, { hash });
    return row ? Buffer.from(row.bytes) : null;
  }

  async delete(hash: string): Promise<void> {
    await this.store.commit([{ query: this.store.q.deleteBlob, args: { hash } }]);
  }
}
