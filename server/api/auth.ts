// Logging in and out. The token goes in `connectionParams.token` on the WebSocket, or in
// `Authorization: Bearer` over HTTP. Logins are throttled per login and source address
// (domain/login-throttle.ts): past the limit they fail with TOO_MANY_REQUESTS and retryAfterMs.
import { LoginInput } from '../../shared/schemas';
import { authedProcedure, publicProcedure, router } from './trpc';

export const authRouter = router({
  login: publicProcedure
    .input(LoginInput)
    .mutation(({ ctx, input }) => ctx.desk.sessions.login(input.login, input.password, ctx.address)),
  logout: authedProcedure.mutation(async ({ ctx }) => {
    if (ctx.token) await ctx.desk.sessions.logout(ctx.token);
    return { ok: true };
  }),
  me: authedProcedure.query(({ ctx }) => ctx.desk.directory.operatorView(ctx.actor)),
});
