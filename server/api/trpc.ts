// tRPC set-up: the context every procedure sees, the one place desk errors become tRPC errors,
// and the procedure builders per audience.
import { initTRPC, TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { ZodError, z } from 'zod';
import type { Desk } from '../desk/desk';
import { DeskError } from '../desk/errors';
import type { OperatorRecord } from '../desk/mappers';
import type { StatsService } from '../desk/stats-service';
import { refuseMutationsWhenDiskLow } from './disk-space';

export interface ApiContext {
  desk: Desk;
  stats: StatsService;
  actor: OperatorRecord | null;
  token: string | null;
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

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first: no valid session token' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

export const supervisorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role === 'operator') throw new TRPCError({ code: 'FORBIDDEN', message: 'supervisors only' });
  return next();
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'admins only' });
  return next();
});
