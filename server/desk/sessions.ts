// Logging in and out, and resolving a session token to its operator. Tokens are random; only
// their SHA-256 is stored, and sessions are cached in memory after the first look-up.
import type { Operator } from '../../shared/schemas';
import { ChangeSet } from './changes';
import type { DeskContext } from './context';
import type { Directory } from './directory';
import { DeskError } from './errors';
import type { OperatorRecord } from './mappers';
import { newToken, tokenHash, verifyPassword } from './secrets';

const DUMMY_HASH = 'scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

export class Sessions {
  private readonly sessions = new Map<string, { operatorId: string; expiresAt: number }>();

  constructor(
    private readonly ctx: DeskContext,
    private readonly directory: Directory,
  ) {}

  async login(login: string, password: string): Promise<{ token: string; operator: Operator }> {
    const operator = this.directory.operatorByLogin(login);
    // Verify against a dummy hash for unknown logins too, so timing does not reveal who exists.
    const ok = await verifyPassword(password, operator?.passwordHash ?? DUMMY_HASH);
    if (!operator || !ok) throw new DeskError('UNAUTHORIZED', 'login or password is wrong');
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
    this.sessions.set(tokenHash(token), { operatorId: operator.id, expiresAt });
    return { token, operator: this.directory.operatorView(operator) };
  }

  async authenticate(token: string): Promise<OperatorRecord | null> {
    const hash = tokenHash(token);
    const now = this.ctx.clock.now();
    let session = this.sessions.get(hash);
    if (!session) {
      const row = await this.ctx.store.get(this.ctx.store.q.sessionByHash, { token_hash: hash, now });
      if (!row) return null;
      session = { operatorId: row.operator_id, expiresAt: now + this.ctx.settings.sessionTtlMs };
      this.sessions.set(hash, session);
    }
    if (session.expiresAt <= now) return null;
    return this.directory.operators.get(session.operatorId) ?? null;
  }

  async logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    // Forgotten first so the token stops working at once; a failed commit is then fatal.
    this.sessions.delete(hash);
    const changes = new ChangeSet(this.ctx, this.ctx.clock.now(), 'memory-first');
    changes.write(this.ctx.store.q.deleteSession, { token_hash: hash });
    await changes.commit();
  }
}
