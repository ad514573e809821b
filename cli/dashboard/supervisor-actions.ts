// The dashboard's supervisor actions as small keyboard-only dialogs over the live screen:
// reassign or transfer a conversation (to a queue or an operator), set an operator's capacity or
// status, and read any transcript. Every text from the server is sanitised before blessed sees
// it, and no widget parses blessed tags, so a customer's "{bold}" or escape code stays inert.
import blessed, { type Widgets } from 'blessed';
import type { Conversation, Message, Operator, OperatorStatus, Queue } from '../../shared/schemas';
import { formatDuration } from '../../shared/stats';
import { sanitizeLine } from '../../shared/terminal-text';
import { timerLabel } from '../../shared/timer-label';
import { type CallbackApi, callbackActions } from './callback-actions';
import { type ReviewApi, reviewActions } from './review-actions';
import { type MonitorApi, showLiveView } from './live-view';
import { transcriptLines } from './transcript-lines';

export { transcriptLines };
import type { ActionContext, DashboardActions } from './dashboard';
import { type SearchApi, searchAction } from './search-action';

/** The server calls the actions need (the command implements them over tRPC). */
export interface SupervisorApi extends CallbackApi, ReviewApi, MonitorApi, SearchApi {
  overview(): Promise<{ conversations: Conversation[]; operators: Operator[]; queues: Queue[] }>;
  transfer(conversationId: string, to: { queueId: string } | { operatorId: string }): Promise<unknown>;
  setCapacity(operatorId: string, capacity: number): Promise<unknown>;
  setStatus(operatorId: string, status: OperatorStatus): Promise<unknown>;
  messages(conversationId: string): Promise<Message[]>;
  now(): number;
}

export interface SupervisorActions extends Omit<DashboardActions, 'quit'> {
  /** True while a dialog is open: dashboard keys then belong to it. */
  busy(): boolean;
}

interface Choice<T> {
  label: string;
  value: T;
}

const line = (text: string | null | undefined, max = 60) => sanitizeLine(text ?? '', { maxLength: max });

export function supervisorActions(
  screen: Widgets.Screen,
  api: SupervisorApi,
  notify: (text: string) => void,
): SupervisorActions {
  let open = false;
  const guarded = (run: (ctx: ActionContext) => Promise<void>) => (ctx: ActionContext) => {
    if (open) return;
    open = true;
    run(ctx)
      .catch((error: unknown) => notify(`failed: ${line((error as Error).message ?? String(error), 200)}`))
      .finally(() => {
        open = false;
        screen.render();
      });
  };

  const pickConversation = async (ctx: ActionContext, title: string): Promise<Conversation | null> => {
    const { conversations, operators } = await api.overview();
    const names = new Map(operators.map((o) => [o.id, o.name]));
    const now = api.now();
    const shown = conversations
      .filter((c) => ctx.queueId === null || c.queueId === ctx.queueId)
      .sort((a, b) => (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity) || a.createdAt - b.createdAt);
    if (shown.length === 0) {
      notify(ctx.queueId ? `no open conversations in ${line(ctx.queueId)}` : 'no open conversations');
      return null;
    }
    return pick(
      screen,
      title,
      shown.map((c) => ({ label: conversationLabel(c, names, now), value: c })),
    );
  };

  const pickOperator = async (title: string): Promise<Operator | null> => {
    const { operators } = await api.overview();
    return pick(
      screen,
      title,
      operators.map((o) => ({
        label: `${line(o.name, 30)} (${line(o.login, 20)}) ${o.status} ${o.load}/${o.capacity}`,
        value: o,
      })),
    );
  };

  return {
    busy: () => open,
    ...callbackActions(screen, api, notify, guarded),
    ...reviewActions(screen, api, notify, guarded),
    ...searchAction(screen, api, notify, guarded),
    reassign: guarded(async (ctx) => {
      const conversation = await pickConversation(ctx, ' Reassign which conversation? ');
      if (!conversation) return;
      const { operators, queues } = await api.overview();
      const targets: Choice<{ queueId: string } | { operatorId: string }>[] = [
        ...queues
          .filter((q) => q.id !== conversation.queueId || conversation.operatorId !== null)
          .map((q) => ({
            label: `queue    ${line(q.name, 40)}`,
            value: { queueId: q.id },
          })),
        ...operators
          .filter((o) => o.id !== conversation.operatorId && o.role !== 'admin')
          .map((o) => ({
            label: `operator ${line(o.name, 30)} ${o.status} ${o.load}/${o.capacity}`,
            value: { operatorId: o.id },
          })),
      ];
      const to = await pick(screen, ' Move it to ', targets);
      if (!to) return;
      await api.transfer(conversation.id, to);
      notify(`conversation ${line(conversation.id, 40)} moved`);
    }),
    capacity: guarded(async () => {
      const operator = await pickOperator(' Capacity of which operator? ');
      if (!operator) return;
      const answer = await ask(screen, ` Capacity of ${line(operator.name, 30)} (0-100) `, String(operator.capacity));
      if (answer === null) return;
      const capacity = Number(answer.trim());
      if (!answer.trim() || !Number.isFinite(capacity) || capacity < 0 || capacity > 100) {
        notify(`capacity must be a number from 0 to 100, not "${line(answer, 20)}"`);
        return;
      }
      await api.setCapacity(operator.id, capacity);
      notify(`${line(operator.name, 30)}: capacity ${capacity}`);
    }),
    status: guarded(async () => {
      const operator = await pickOperator(' Status of which operator? ');
      if (!operator) return;
      const statuses: OperatorStatus[] = ['available', 'away', 'offline'];
      const status = await pick(
        screen,
        ` ${line(operator.name, 30)} is now `,
        statuses.map((s) => ({ label: s, value: s })),
      );
      if (!status) return;
      await api.setStatus(operator.id, status);
      notify(`${line(operator.name, 30)}: ${status}`);
    }),
    live: guarded(async (ctx) => {
      const conversation = await pickConversation(ctx, ' Follow which dialog live? ');
      if (!conversation) return;
      const names = new Map((await api.overview()).operators.map((o) => [o.id, o.name]));
      await showLiveView(screen, api, conversation, {
        operatorName: (id) => names.get(id) ?? id,
        notify,
        ask: (label) => ask(screen, label, ''),
        confirm: async (label) =>
          (await pick(screen, label, [
            { label: 'no', value: false },
            { label: 'yes, take it over', value: true },
          ])) === true,
      });
    }),
    transcript: guarded(async (ctx) => {
      const conversation = await pickConversation(ctx, ' Read which transcript? ');
      if (!conversation) return;
      const messages = await api.messages(conversation.id);
      await showText(
        screen,
        ` ${line(conversation.customerName ?? conversation.contactId, 40)} - ${line(conversation.id, 30)} `,
        transcriptLines(messages),
      );
    }),
  };
}

export function conversationLabel(c: Conversation, operatorNames: Map<string, string>, now: number): string {
  const who = line(c.customerName ?? c.contactId, 24);
  const holder = c.operatorId ? line(operatorNames.get(c.operatorId) ?? c.operatorId, 20) : 'waiting';
  const wait = c.waitingSince === null ? '' : ` ${formatDuration(now - c.waitingSince)}`;
  // Issue 17's timers: the time left until a no-reply return or an idle close, or the hold.
  const timer = timerLabel(c, now);
  return `${line(c.queueId, 16)}  ${who}  ${holder}${wait}${timer ? `  ${timer}` : ''}`;
}

function dialogBox(screen: Widgets.Screen, label: string, height: number | string) {
  return {
    parent: screen,
    top: 'center',
    left: 'center',
    width: '80%',
    height,
    label,
    border: { type: 'line' as const },
    tags: false,
    style: { border: { fg: 'cyan' }, selected: { bg: 'blue' } },
  };
}

/** A list to choose from with the arrows and Enter; Escape or q cancels. */
export function pick<T>(screen: Widgets.Screen, label: string, choices: Choice<T>[]): Promise<T | null> {
  return new Promise((resolve) => {
    if (choices.length === 0) return resolve(null);
    const list = blessed.list({
      ...dialogBox(screen, label, Math.min(choices.length + 2, Math.max(5, Number(screen.height) - 4))),
      items: choices.map((c) => c.label),
      keys: true,
      vi: true,
      mouse: false,
    });
    const done = (value: T | null) => {
      list.destroy();
      screen.render();
      resolve(value);
    };
    list.on('select', (_item, index) => done(choices[index]?.value ?? null));
    list.key(['escape', 'q'], () => done(null));
    list.focus();
    screen.render();
  });
}

/** One line of input; Enter submits, Escape cancels. */
export function ask(screen: Widgets.Screen, label: string, initial: string): Promise<string | null> {
  return new Promise((resolve) => {
    const box = blessed.textbox({ ...dialogBox(screen, label, 3), inputOnFocus: false, value: initial });
    box.readInput((_error, value) => {
      box.destroy();
      screen.render();
      resolve(value === undefined || value === null ? null : String(value));
    });
    screen.render();
  });
}

/** Read-only text, scrolled with the arrows, PgUp/PgDn, g/G; Escape or q closes. */
export function showText(screen: Widgets.Screen, label: string, lines: string[]): Promise<void> {
  return new Promise((resolve) => {
    const box = blessed.box({
      ...dialogBox(screen, label, '80%'),
      content: lines.length > 0 ? lines.join('\n') : '(no messages)',
      scrollable: true,
      alwaysScroll: true,
      keys: true,
      vi: true,
      scrollbar: { ch: ' ', track: { bg: 'black' }, style: { bg: 'cyan' } },
    });
    box.key(['escape', 'q', 'enter'], () => {
      box.destroy();
      screen.render();
      resolve();
    });
    box.setScrollPerc(100);
    box.focus();
    screen.render();
  });
}
