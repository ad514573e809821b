// Logging in and out, and resolving a session token to its operator. Tokens are random; only
// their SHA-256 is stored, and sessions are cached in memory after the first look-up.
//
// A session ends on logout, when its operator is deleted, and when its operator's password
// changes (every other session of theirs; the one that made the change may stay). Whoever holds
// a session for long (a WebSocket, a subscription) watches its operator and checks again on
// every change: watch() calls back on each operator.updated event (a role change, a deletion)
// and on each end of one of their sessions. Logins go through the login throttle
// (domain/login-throttle.ts); failures are logged with the source address.
import type { Operator } from '../../shared/schemas';
import { LoginThrottle } from '../domain/login-throttle';
import { EVERYONE } from '../events/bus';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { Directory } from './directory';
import { DeskError } from './errors';
import type { OperatorRecord } from './mappers';
import { newToken, tokenHash, verifyPassword } from './secrets';

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

interface Session {
  operatorId: string;
  createdAt: number;
  expiresAt: number;
}

/** Refused by the login throttle; `retryAfterMs` says when the next try may pass. */
export class LoginThrottled extends DeskError {
  constructor(
    readonly retryAfterMs: number,
    login: string,
    reason: 'login-at-address' | 'address' | 'login',
  ) {
    const wait = `try again in ${Math.ceil(retryAfterMs / 1000)} s`;
    const unlock = `or ask an admin to unlock it (textdesk admin operator unlock ${login})`;
    super(
      'TOO_MANY_REQUESTS',
      reason === 'address'
        ? `too many failed logins from this address: ${wait}`
        : reason === 'login'
          ? `too many failed logins for "${login}" from several addresses, this one among them: ${wait}, ${unlock}`
          : `too many failed logins for "${login}" from this address: ${wait}, ${unlock}`,
    );
  }
}

export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly watchers = new Map<string, Set<() => void>>();
  readonly throttle: LoginThrottle;

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
  ) {
    this.throttle = new LoginThrottle(ctx.clock);
    // Role changes and deletions reach running sockets through the event every change publishes.
    ctx.bus.subscribe(EVERYONE, ({ operatorId, event }) => {
      if (event.type === 'operator.updated' && operatorId) this.notify(operatorId);
    });
  }

  async login(login: string, password: string, address: string): Promise<{ token: string; operator: Operator }> {
    const decision = this.throttle.admit(login, address);
    if (!decision.allowed) {
      this.ctx.log.warn(
        { login, address, reason: decision.reason, retryAfterMs: decision.retryAfterMs },
        'login refused by the throttle',
      );
      throw new LoginThrottled(decision.retryAfterMs, login, decision.reason);
    }
    const operator = this.directory.operatorByLogin(login);
    let ok: boolean;
    try {
      // Verify against a dummy hash for unknown logins too, so timing does not reveal who exists.
      ok = await verifyPassword(password, operator?.passwordHash ?? DUMMY_HASH, decision.standing);
    } catch (error) {
      this.throttle.unchecked(decision.ticket);
      throw error;
    }
    if (!operator || !ok) {
      this.throttle.failed(decision.ticket);
      this.ctx.log.warn({ login, address, known: Boolean(operator) }, 'login failed');
      throw new DeskError('UNAUTHORIZED', 'login or password is wrong');
    }
    this.throttle.succeeded(decision.ticket);
    const token = newToken();
    const now = this.ctx.clock.now();
    const expiresAt = now + this.ctx.settings.sessionTtlMs;
    const changes = new ChangeSet(this.ctx, now, 'disk-first');
    changes.write(this.ctx.store.q.insertSession, {
      token_hash: tokenHash(token),
      operator_id: operator.id,
      created_at: now,
      expires_at: expiresAt,
    });
    await changes.commit();
    this.sessions.set(tokenHash(token), { operatorId: operator.id, createdAt: now, expiresAt });
    return { token, operator: this.directory.operatorView(operator) };
  }

  async authenticate(token: string): Promise<OperatorRecord | null> {
    const hash = tokenHash(token);
    const now = this.ctx.clock.now();
    let session = this.sessions.get(hash);
    if (!session) {
      const row = await this.ctx.store.get(this.ctx.store.q.sessionByHash, { token_hash: hash, now });
      if (!row) return null;
      session = { operatorId: row.operator_id, createdAt: now, expiresAt: now + this.ctx.settings.sessionTtlMs };
      this.sessions.set(hash, session);
    }
    return this.current(session, now);
  }

  /**
   * The operator a token stands for now, from memory only: for the checks on every call and
   * subscription item of a socket, whose session authenticate() has already cached.
   */
  peek(token: string): OperatorRecord | null {
    const session = this.sessions.get(tokenHash(token));
    return session ? this.current(session, this.ctx.clock.now()) : null;
  }

  async logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    const session = this.sessions.get(hash);
    // Forgotten first so the token stops working at once; a failed commit is then fatal.
    this.sessions.delete(hash);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.deleteSession, { token_hash: hash });
    if (session) this.notify(session.operatorId);
    await changes.commit();
  }

  /**
   * Ends every session of an operator but `keep` (the token of the session making the change, if
   * it is the operator's own): after a password change, whoever knew the old one is out.
   */
  async endSessionsOf(operatorId: string, keep: string | null): Promise<void> {
    const kept = keep ? tokenHash(keep) : null;
    const keptSession = kept ? this.sessions.get(kept) : undefined;
    for (const [hash, session] of this.sessions) {
      if (session.operatorId === operatorId && hash !== kept) this.sessions.delete(hash);
    }
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.deleteSessionsOfOperator, { operator_id: operatorId });
    if (kept && keptSession?.operatorId === operatorId) {
      changes.write(this.ctx.store.q.insertSession, {
        token_hash: kept,
        operator_id: operatorId,
        created_at: keptSession.createdAt,
        expires_at: keptSession.expiresAt,
      });
    }
    this.notify(operatorId);
    await changes.commit();
  }

  /** Calls `listener` whenever the operator's rights or sessions may have changed; returns how to stop. */
  watch(operatorId: string, listener: () => void): () => void {
    let set = this.watchers.get(operatorId);
    if (!set) {
      set = new Set();
      this.watchers.set(operatorId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.watchers.get(operatorId) === set) this.watchers.delete(operatorId);
    };
  }

  private notify(operatorId: string): void {
    const set = this.watchers.get(operatorId);
    if (!set) return;
    for (const listener of [...set]) listener();
  }

  private current(session: Session, now: number): OperatorRecord | null {
    if (session.expiresAt <= now) return null;
    return this.directory.operators.get(session.operatorId) ?? null;
  }
}
