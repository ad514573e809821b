// tRPC set-up: the context every procedure sees, the one place desk errors become tRPC errors,
// and the procedure builders per audience. Rights are checked against the session and role as
// they are now, on every call and on every item of a subscription: a WebSocket's context is
// built once, when it connects, so what it carried then proves nothing later.
import { initTRPC, TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { ZodError, z } from 'zod';
import type { Desk } from '../desk/desk';
import { DeskError } from '../desk/errors';
import type { OperatorRecord } from '../desk/mappers';
import type { StatsService } from '../desk/stats-service';
import type { SpellChecker } from '../spelling/spell-checker';
import { guardedFeed } from './guarded-feed';
import { refuseMutationsWhenDiskLow } from './disk-space';

export interface ApiContext {
  desk: Desk;
  stats: StatsService;
  spelling: SpellChecker;
  /** Who the token stood for when the context was built; procedures get the actor as of their call. */
  actor: OperatorRecord | null;
  token: string | null;
  /** The client's address (the HTTP request's, or the WebSocket upgrade's), for the login throttle. */
  address: string;
  /** The WebSocket for subscriptions (null over HTTP), so sends can watch its buffer. */
  socket: WebSocket | null;
}

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Lets clients name the bad field ("text: Too big: expected string to have <=16000 characters").
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        // TOO_MANY_REQUESTS says when a retry may pass (login throttle, busy hashing).
        ...(hasRetryAfter(cause) ? { retryAfterMs: cause.retryAfterMs } : {}),
      },
    };
  },
});

/** Desk errors carry a code and a message meant for a person: pass both through unchanged. */
const deskErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DeskError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
// A refused mutation throws a DeskError inside deskErrors, which maps it like any other.
export const publicProcedure = t.procedure.use(deskErrors).use((opts) => {
  refuseMutationsWhenDiskLow(opts);
  return opts.next();
});

type Role = OperatorRecord['role'];
const RANK: Record<Role, number> = { operator: 0, supervisor: 1, admin: 2 };
const DENIED: Record<Role, string> = { operator: '', supervisor: 'supervisors only', admin: 'admins only' };

/** Why `actor` (null: no valid session) may not use a procedure for `least`, or null if it may. */
function denial(actor: OperatorRecord | null, least: Role): TRPCError | null {
  if (!actor) return new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first: no valid session token' });
  if (RANK[actor.role] < RANK[least]) return new TRPCError({ code: 'FORBIDDEN', message: DENIED[least] });
  return null;
}

/**
 * Checks the session and role at the call, then on every item of a subscription and whenever the
 * operator changes (a role change, a deletion, a session ending): a denied subscription ends with
 * UNAUTHORIZED or FORBIDDEN, which the client does not retry.
 */
function requireRole(least: Role) {
  return t.middleware(async ({ ctx, type, next }) => {
    const { token } = ctx;
    const actor = token ? await ctx.desk.sessions.authenticate(token) : null;
    const denied = denial(actor, least);
    if (denied || !actor || !token) throw denied;
    const result = await next({ ctx: { ...ctx, actor } });
    if (type !== 'subscription' || !result.ok) return result;
    const { sessions } = ctx.desk;
    return {
      ...result,
      data: guardedFeed(result.data as AsyncIterable<unknown>, {
        check: () => denial(sessions.peek(token), least),
        watch: (recheck) => sessions.watch(actor.id, recheck),
      }),
    };
  });
}

export const authedProcedure = publicProcedure.use(requireRole('operator'));
export const supervisorProcedure = publicProcedure.use(requireRole('supervisor'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));

function hasRetryAfter(cause: unknown): cause is { retryAfterMs: number } {
  return typeof (cause as { retryAfterMs?: unknown } | undefined)?.retryAfterMs === 'number';
}
