// Passwords (scrypt from node:crypto), session tokens and channel secrets.
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HashingQueue, type HashingLane } from './hashing-queue';

const KEY_LENGTH = 64;
const COST = 16_384;

/** One per process: the CPU and libuv's thread pool it protects are the process's, whatever runs in it. */
export const passwordHashing = new HashingQueue();

function scrypt(password: string, salt: Buffer, cost: number, lane: HashingLane): Promise<Buffer> {
  const options: ScryptOptions = { N: cost, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
  return passwordHashing.run(
    lane,
    () =>
      new Promise((resolve, reject) =>
        scryptCallback(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** `scrypt$N$salt$hash`, so the cost can be raised later without breaking stored hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST, 'clean');
  return `scrypt$${COST}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** `lane`: the attempt's standing with the login throttle, which orders the hashes that wait. */
export async function verifyPassword(password: string, stored: string, lane: HashingLane = 'clean'): Promise<boolean> {
  const [scheme, cost, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !cost || !salt || !hash) return false;
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), Number(cost), lane);
  const expected = Buffer.from(hash, 'base64url');
  return expected.length === key.length && timingSafeEqual(expected, key);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only a hash of each session token is stored, so a copy of the database grants no sessions. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
