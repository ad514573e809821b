// The login throttle: failed logins are counted per login at one address, per address and per
// login, each in a token bucket, so guessing slows to a trickle while a real operator is not
// locked out by someone else's guesses. Pure, with an injected clock.
//
// An attempt is refused, before its password is hashed, when
// - its login at its address has no token left: 5 failures, then one more every 12 s;
// - its address has none: 20 failures over every login, then one more every 30 s;
// - its login has none (10 failures from anywhere, then one a minute) AND its address has failed
//   recently. An address with no recent failures is let through to try the login, so guesses
//   from elsewhere never shut out the operator's own correct password; a botnet gets one guess
//   per address for that, and each address is then held by the two rules above.
// An attempt takes its login-at-address token before the hash (so parallel guesses cannot all
// pass before the first fails) and gets it back when the password was right. The address and
// login buckets are charged when a password turns out wrong: charging them in advance would
// refuse the 21st operator of an office logging in at once behind one address. So a burst of
// parallel guesses can overshoot those two by what the hashing queue admits (desk/hashing-queue).
// An admin resets a login (admin.resetLoginThrottle): its own bucket and its buckets per address.
// Each admitted attempt also gets a standing, which orders the queue for the hash: a login at an
// address where it succeeded before (in the last 30 days) goes first, so a colleague logging in
// at their usual desk does not wait behind a flood of guesses from addresses never seen before.
import type { Clock } from './clock';
import { RateLimiter } from './rate-limit';

export interface ThrottleRates {
  /** Failures allowed at once, and regained per second. */
  burst: number;
  perSec: number;
}

export const LOGIN_THROTTLE = {
  loginAtAddress: { burst: 5, perSec: 1 / 12 },
  address: { burst: 20, perSec: 1 / 30 },
  login: { burst: 10, perSec: 1 / 60 },
} satisfies Record<string, ThrottleRates>;

/**
 * Whose password is checked first when many wait (desk/hashing-queue.ts): a login at an address
 * where it succeeded before, then addresses with no recent failures, then the rest.
 */
export type AttemptStanding = 'trusted' | 'clean' | 'suspect';

export type ThrottleDecision =
  | { allowed: true; ticket: LoginTicket; standing: AttemptStanding }
  | { allowed: false; retryAfterMs: number; reason: 'login-at-address' | 'address' | 'login' };

/** An admitted attempt, to report back once its password has been checked. */
export interface LoginTicket {
  readonly login: string;
  readonly address: string;
  readonly pair: string;
}

const SWEEP_EVERY_MS = 60_000;
/** A login that succeeded at an address stays trusted there this long... */
const TRUSTED_FOR_MS = 30 * 24 * 60 * 60_000;
/** ...among at most this many pairs, the oldest forgotten first. */
const MAX_TRUSTED = 10_000;

export class LoginThrottle {
  private readonly pairs: RateLimiter;
  private readonly addresses: RateLimiter;
  private readonly logins: RateLimiter;
  private nextSweep: number;
  /** Login-at-address pairs that succeeded, with when; oldest first (a Map keeps insertion order). */
  private readonly trusted = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    rates: Record<keyof typeof LOGIN_THROTTLE, ThrottleRates> = LOGIN_THROTTLE,
  ) {
    this.pairs = new RateLimiter(clock, rates.loginAtAddress.perSec, rates.loginAtAddress.burst);
    this.addresses = new RateLimiter(clock, rates.address.perSec, rates.address.burst);
    this.logins = new RateLimiter(clock, rates.login.perSec, rates.login.burst);
    this.nextSweep = clock.now() + SWEEP_EVERY_MS;
  }

  /** Decides whether an attempt at `login` from `address` may check its password. */
  admit(login: string, address: string): ThrottleDecision {
    this.sweepNow();
    const pair = pairKey(login, address);
    // An address with failures not yet grown back.
    const failedHere = this.addresses.isDrawn(address);
    const waits = {
      'login-at-address': this.pairs.msUntilToken(pair),
      address: this.addresses.msUntilToken(address),
      login: failedHere ? this.logins.msUntilToken(login) : 0,
    };
    const blocking = (Object.keys(waits) as (keyof typeof waits)[]).filter((reason) => waits[reason] > 0);
    if (blocking.length > 0) {
      const reason = blocking.reduce((a, b) => (waits[a] >= waits[b] ? a : b));
      return { allowed: false, retryAfterMs: waits[reason], reason };
    }
    this.pairs.take(pair);
    const trustedAt = this.trusted.get(pair);
    const standing =
      trustedAt !== undefined && this.clock.now() - trustedAt < TRUSTED_FOR_MS
        ? 'trusted'
        : failedHere
          ? 'suspect'
          : 'clean';
    return { allowed: true, standing, ticket: { login, address, pair } };
  }

  /** The password was wrong: counts against the address and the login too. */
  failed(ticket: LoginTicket): void {
    this.addresses.take(ticket.address);
    this.logins.take(ticket.login);
  }

  /** The password was right: the attempt does not count, and the login is trusted at that address. */
  succeeded(ticket: LoginTicket): void {
    this.pairs.refund(ticket.pair);
    this.trusted.delete(ticket.pair);
    this.trusted.set(ticket.pair, this.clock.now());
    if (this.trusted.size > MAX_TRUSTED) this.trusted.delete(this.trusted.keys().next().value!);
  }

  /** The password was never checked (the server was busy): the attempt does not count. */
  unchecked(ticket: LoginTicket): void {
    this.pairs.refund(ticket.pair);
  }

  /** An admin's unlock: the login starts afresh everywhere; addresses keep their own count. */
  reset(login: string): void {
    this.logins.reset((key) => key === login);
    const prefix = pairKey(login, '');
    this.pairs.reset((key) => key.startsWith(prefix));
  }

  /** Buckets held in all: stays bounded by sweeping the ones that have refilled. */
  get size(): number {
    return this.pairs.size + this.addresses.size + this.logins.size;
  }

  private sweepNow(): void {
    const now = this.clock.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    this.pairs.sweep();
    this.addresses.sweep();
    this.logins.sweep();
  }
}

// The login as a JSON string ends at its closing quote, so no login can pose as another's prefix.
const pairKey = (login: string, address: string) => `${JSON.stringify(login)} ${address}`;

/**
 * The address a throttle counts: IPv4 as is (also when it arrives IPv4-mapped), IPv6 by its /64,
 * since one host commonly holds a whole /64 and could otherwise take a fresh address per guess.
 */
export function throttleAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  if (mapped) return mapped[1];
  if (!remote.includes(':')) return remote;
  const [head] = remote.split('%');
  const halves = head.split('::');
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
