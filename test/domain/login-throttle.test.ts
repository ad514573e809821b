// The login throttle (issue 12, §4), driven by a manual clock: guessing slows down per login at
// an address, per address and per login, without locking the real operator out.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { LoginThrottle, throttleAddress, type ThrottleDecision } from '../../server/domain/login-throttle';

function throttle() {
  const clock = new ManualClock(1_000_000);
  return { clock, throttle: new LoginThrottle(clock) };
}

/** One attempt with a wrong password; returns what the throttle decided before the hash. */
function fail(t: LoginThrottle, login: string, address: string): ThrottleDecision {
  const decision = t.admit(login, address);
  if (decision.allowed) t.failed(decision.ticket);
  return decision;
}

function succeed(t: LoginThrottle, login: string, address: string): ThrottleDecision {
  const decision = t.admit(login, address);
  if (decision.allowed) t.succeeded(decision.ticket);
  return decision;
}

const allowed = (decisions: ThrottleDecision[]) => decisions.map((d) => d.allowed);

describe('LoginThrottle', () => {
  it('refuses the 6th wrong password for a login from one address within a minute, and says when to retry', () => {
    const { throttle: t } = throttle();
    const tries = Array.from({ length: 6 }, () => fail(t, 'anna', '10.0.0.1'));
    expect(allowed(tries)).toEqual([true, true, true, true, true, false]);
    expect(tries[5]).toEqual({ allowed: false, reason: 'login-at-address', retryAfterMs: 12_000 });
  });

  it('lets one more try through every 12 s after that', () => {
    const { clock, throttle: t } = throttle();
    for (let i = 0; i < 5; i += 1) fail(t, 'anna', '10.0.0.1');
    clock.advance(11_999);
    expect(fail(t, 'anna', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(fail(t, 'anna', '10.0.0.1').allowed).toBe(true);
    expect(fail(t, 'anna', '10.0.0.1').allowed).toBe(false);
  });

  it('does not count right passwords', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 20; i += 1) expect(succeed(t, 'anna', '10.0.0.1').allowed).toBe(true);
    expect(allowed(Array.from({ length: 6 }, () => fail(t, 'anna', '10.0.0.1')))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('counts parallel attempts before their passwords are checked', () => {
    const { throttle: t } = throttle();
    const inFlight = Array.from({ length: 6 }, () => t.admit('anna', '10.0.0.1'));
    expect(allowed(inFlight)).toEqual([true, true, true, true, true, false]);
  });

  it('does not let a guesser lock the real operator out: a right password from a clean address passes', () => {
    const { throttle: t } = throttle();
    // Guessers at two addresses use up the login's 10 failures.
    for (const address of ['10.6.6.1', '10.6.6.2']) for (let i = 0; i < 5; i += 1) fail(t, 'anna', address);
    // A third address that has failed before (on another login) is held by the login's count...
    fail(t, 'boris', '10.6.6.3');
    expect(fail(t, 'anna', '10.6.6.3')).toMatchObject({ allowed: false, reason: 'login' });
    // ...while Anna's own address, with no failures, still gets her in.
    expect(succeed(t, 'anna', '192.168.1.20').allowed).toBe(true);
    expect(succeed(t, 'anna', '192.168.1.20').allowed).toBe(true);
  });

  it('holds an address that sprays many logins after 20 failures', () => {
    const { throttle: t } = throttle();
    const tries = Array.from({ length: 21 }, (_, i) => fail(t, `login-${i}`, '10.6.6.6'));
    expect(allowed(tries).filter(Boolean)).toHaveLength(20);
    expect(tries[20]).toEqual({ allowed: false, reason: 'address', retryAfterMs: 30_000 });
    expect(fail(t, 'login-0', '10.7.7.7').allowed).toBe(true);
  });

  it('puts a login at an address where it succeeded before ahead, and a failing address last', () => {
    const { throttle: t } = throttle();
    succeed(t, 'anna', '192.168.1.20');
    fail(t, 'boris', '10.6.6.6');
    expect(t.admit('anna', '192.168.1.20')).toMatchObject({ standing: 'trusted' });
    expect(t.admit('anna', '192.168.1.21')).toMatchObject({ standing: 'clean' });
    expect(t.admit('anna', '10.6.6.6')).toMatchObject({ standing: 'suspect' });
  });

  it('starts a login afresh when an admin resets it, at every address', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 5; i += 1) fail(t, 'anna', '10.0.0.1');
    for (let i = 0; i < 5; i += 1) fail(t, 'anna', '10.0.0.2');
    t.reset('anna');
    expect(succeed(t, 'anna', '10.0.0.1').allowed).toBe(true);
    expect(succeed(t, 'anna', '10.0.0.2').allowed).toBe(true);
  });

  it('forgets buckets that have refilled, so memory stays bounded', () => {
    const { clock, throttle: t } = throttle();
    for (let i = 0; i < 100; i += 1) fail(t, `login-${i}`, `10.0.${i}.1`);
    expect(t.size).toBeGreaterThan(100);
    clock.advance(60 * 60_000);
    fail(t, 'someone', '10.9.9.9');
    expect(t.size).toBe(3);
  });
});

describe('throttleAddress', () => {
  it('counts IPv4 as is, also when it comes IPv4-mapped', () => {
    expect(throttleAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 by its /64, which one host often holds whole', () => {
    expect(throttleAddress('2001:db8:0:12:a::1')).toBe('2001:db8:0:12::/64');
    expect(throttleAddress('2001:db8:0:12:ffff::2')).toBe('2001:db8:0:12::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
