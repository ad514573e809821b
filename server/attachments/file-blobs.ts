// Attachment bytes on the embedded store: content-addressed files under the data directory
// (`files/ab/cd/<sha256>`), so the same file sent twice is kept once. Written to a temporary
// name, flushed, then renamed: a crash leaves either the whole file or none.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const HASH = /^[0-9a-f]{64}$/;

export class FileBlobs {
  constructor(private readonly dir: string) {}

  private pathOf(hash: string): string {
    // The hash comes from a URL: anything else than 64 hex digits could climb out of the directory.
    if (!HASH.test(hash)) throw new Error(`not a file hash: ${hash.slice(0, 80)}`);
    return path.join(this.dir, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  async put(bytes: Buffer): Promise<string> {
    const hash = sha256(bytes);
    const target = this.pathOf(hash);
    if (await exists(target)) return hash;
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    if (!HASH.test(hash)) return null;
    try {
      return await fs.readFile(this.pathOf(hash));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(hash: string): Promise<void> {
    await fs.rm(this.pathOf(hash), { force: true });
  }

  /** Every stored hash (for housekeeping: files no message refers to). */
  async list(): Promise<string[]> {
    const found: string[] = [];
    for (const a of await dirs(this.dir))
      for (const b of await dirs(path.join(this.dir, a)))
        for (const name of await fs.readdir(path.join(this.dir, a, b))) if (HASH.test(name)) found.push(name);
    return found;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function dirs(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
