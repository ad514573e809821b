// The whole API, split by audience. Its type is what every client imports.
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { operatorRouter } from './operator';
import { reviewsRouter } from './reviews';
import { spellingRouter } from './spelling';
import { supervisorRouter } from './supervisor';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  operator: operatorRouter,
  spelling: spellingRouter,
  supervisor: supervisorRouter,
  admin: adminRouter,
  reviews: reviewsRouter,
});

export type AppRouter = typeof appRouter;
