// The running dashboard: owns the queue filter, the alert log and the help overlay, lays the
// screen out again on resize, and hands r/c/s/t to the caller, which owns the server calls.
import type { Widgets } from 'blessed';
import type { Callback } from '../../shared/schemas';
import type { Alert, StatsSnapshot } from '../../shared/stats';
import { bindKeymap } from './keymap';
import { renderDashboard } from './render';
import { type DashboardWidgets, layoutDashboard } from './screen';
import { type QueueFilter, buildViewModel, cycleFilter } from './view-model';

/** What a supervisor action applies to: the queue the dashboard is filtered on, if any. */
export interface ActionContext {
  queueId: string | null;
}

export interface DashboardActions {
  quit(): void;
  reassign(ctx: ActionContext): void;
  capacity(ctx: ActionContext): void;
  status(ctx: ActionContext): void;
  transcript(ctx: ActionContext): void;
  /** Follow an open dialog live, whisper, take over (issue 18 §4). */
  live(ctx: ActionContext): void;
  search(ctx: ActionContext): void;
  claimCallback(ctx: ActionContext): void;
  doneCallback(ctx: ActionContext): void;
  cancelCallback(ctx: ActionContext): void;
  review(ctx: ActionContext): void;
}

export interface DashboardOptions {
  utcOffsetMinutes?: number;
  /** Alerts kept for the log; older ones drop off. */
  alertsKept?: number;
}

export interface Dashboard {
  update(snapshot: StatsSnapshot, newAlerts: readonly Alert[]): void;
  /** Shown in the queue table's title, e.g. "online" or "reconnecting…". */
  setConnection(state: string): void;
  /** The call-back requests not closed yet (open or claimed), as the server last listed them. */
  setCallbacks(callbacks: readonly Callback[]): void;
  /** A short result of the supervisor's own action, shown in the alert log's title for a while. */
  notice(text: string): void;
  readonly filter: QueueFilter;
}

export function startDashboard(
  screen: Widgets.Screen,
  actions: DashboardActions,
  options: DashboardOptions = {},
): Dashboard {
  let ui: DashboardWidgets = layoutDashboard(screen);
  let filter: QueueFilter = null;
  let snapshot: StatsSnapshot | null = null;
  let callbacks: readonly Callback[] = [];
  const alerts: Alert[] = [];
  const kept = options.alertsKept ?? 200;
  let connection = '';
  const showConnection = () => ui.queues.setLabel(connection ? ` Queues (${connection}) ` : ' Queues ');
  let notice = '';
  let noticeTimer: NodeJS.Timeout | null = null;
  const showNotice = () =>
    ui.alerts.setLabel(
      (notice ? ` Alerts | ${notice} ` : ' Alerts (newest first) ').slice(0, Math.max(0, Number(ui.alerts.width) - 4)),
    );

  const draw = () => {
    if (!snapshot) return screen.render();
    const vm = buildViewModel(snapshot, alerts, {
      filter,
      wide: ui.wide,
      utcOffsetMinutes: options.utcOffsetMinutes,
      callbacks,
    });
    renderDashboard(ui, vm);
  };
  const stepFilter = (step: 1 | -1) => {
    if (!snapshot) return;
    filter = cycleFilter(snapshot, filter, step);
    draw();
  };
  const ctx = () => ({ queueId: filter });

  bindKeymap(screen, {
    quit: () => actions.quit(),
    nextQueue: () => stepFilter(1),
    previousQueue: () => stepFilter(-1),
    help: () => {
      ui.help.toggle();
      ui.help.setFront();
      screen.render();
    },
    reassign: () => actions.reassign(ctx()),
    capacity: () => actions.capacity(ctx()),
    status: () => actions.status(ctx()),
    transcript: () => actions.transcript(ctx()),
    live: () => actions.live(ctx()),
    search: () => actions.search(ctx()),
    claimCallback: () => actions.claimCallback(ctx()),
    doneCallback: () => actions.doneCallback(ctx()),
    cancelCallback: () => actions.cancelCallback(ctx()),
    review: () => actions.review(ctx()),
  });
  // Canvas widgets size their drawing surface once, when attached: rebuild them on resize.
  screen.on('resize', () => {
    const helpShown = !ui.help.hidden;
    ui.destroy();
    ui = layoutDashboard(screen);
    showConnection();
    showNotice();
    if (helpShown) ui.help.show();
    draw();
  });

  return {
    update(next, newAlerts) {
      snapshot = next;
      alerts.push(...newAlerts);
      alerts.splice(0, Math.max(0, alerts.length - kept));
      draw();
    },
    setCallbacks(next) {
      callbacks = next;
      draw();
    },
    setConnection(state) {
      connection = state;
      showConnection();
      screen.render();
    },
    notice(text) {
      notice = text;
      showNotice();
      screen.render();
      if (noticeTimer) clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => {
        notice = '';
        showNotice();
        screen.render();
      }, 10_000);
      noticeTimer.unref();
    },
    get filter() {
      return filter;
    },
  };
}
