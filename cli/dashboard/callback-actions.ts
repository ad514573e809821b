// The dashboard's call-back keys (issue 17 §5): pick a request (oldest first, as the pane shows
// them), then claim it, mark it done with an outcome, or cancel it. The server refuses a move
// that is not forward (claimed by someone else meanwhile, already closed); its message is shown.
import type { Widgets } from 'blessed';
import type { Callback, Operator } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { callbackCustomer, callbackLabel, oldestFirst } from './callback-table';
import type { ActionContext } from './dashboard';
import { ask, pick } from './supervisor-actions';

/** The server calls the call-back keys need. */
export interface CallbackApi {
  /** Requests not closed yet (open or claimed). */
  callbacks(): Promise<Callback[]>;
  operators(): Promise<Operator[]>;
  claimCallback(callbackId: string): Promise<unknown>;
  doneCallback(callbackId: string, outcome: string): Promise<unknown>;
  cancelCallback(callbackId: string, outcome: string): Promise<unknown>;
  now(): number;
}

type Guard = (run: (ctx: ActionContext) => Promise<void>) => (ctx: ActionContext) => void;

const line = (text: string, max = 40) => sanitizeLine(text, { maxLength: max });

export function callbackActions(
  screen: Widgets.Screen,
  api: CallbackApi,
  notify: (text: string) => void,
  guarded: Guard,
) {
  const pickCallback = async (
    ctx: ActionContext,
    title: string,
    allowed: (c: Callback) => boolean,
  ): Promise<Callback | null> => {
    const [all, operators] = await Promise.all([api.callbacks(), api.operators()]);
    const names = new Map(operators.map((o) => [o.id, o.name]));
    const now = api.now();
    const shown = oldestFirst(all).filter((c) => allowed(c) && (ctx.queueId === null || c.queueId === ctx.queueId));
    if (shown.length === 0) {
      notify(ctx.queueId ? `no call-backs to act on in ${line(ctx.queueId)}` : 'no call-backs to act on');
      return null;
    }
    return pick(
      screen,
      title,
      shown.map((c) => ({ label: callbackLabel(c, now, names), value: c })),
    );
  };
  const who = (c: Callback) => `${line(c.phone, 32)} (${callbackCustomer(c)})`;

  return {
    claimCallback: guarded(async (ctx) => {
      const callback = await pickCallback(ctx, ' Claim which call-back? ', (c) => c.status === 'open');
      if (!callback) return;
      await api.claimCallback(callback.id);
      notify(`call-back ${who(callback)} is yours: call now`);
    }),
    doneCallback: guarded(async (ctx) => {
      const callback = await pickCallback(ctx, ' Which call-back is done? ', () => true);
      if (!callback) return;
      const outcome = await ask(screen, ` Outcome of the call to ${line(callback.phone, 32)} `, '');
      if (outcome === null) return;
      if (!outcome.trim()) {
        notify('a done call-back needs its outcome: press d again and type what came of the call');
        return;
      }
      await api.doneCallback(callback.id, outcome.trim());
      notify(`call-back ${who(callback)} done`);
    }),
    cancelCallback: guarded(async (ctx) => {
      const callback = await pickCallback(ctx, ' Cancel which call-back? ', () => true);
      if (!callback) return;
      const reason = await ask(screen, ` Why cancel the call to ${line(callback.phone, 32)}? (may be empty) `, '');
      if (reason === null) return;
      await api.cancelCallback(callback.id, reason.trim());
      notify(`call-back ${who(callback)} cancelled`);
    }),
  };
}
