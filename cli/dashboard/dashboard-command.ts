// `textdesk dashboard [--url URL] [--user LOGIN] [--json] [--once]`: the supervisor dashboard,
// live from `supervisor.stats`. The server and login default to TEXTDESK_URL and TEXTDESK_USER;
// the password comes from TEXTDESK_PASSWORD or a masked prompt. Login goes over HTTP to the same
// host, the rest over the WebSocket, which reconnects by itself (the stats stream is not
// tracked: after a reconnect the next tick simply arrives).
//   --json          one JSON line per tick on stdout: the snapshot plus an `alerts` array
//   --once          one snapshot and exit: JSON with --json, a short summary without
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { StatsSnapshot, StatsTick } from '../../shared/stats';
import { formatDuration } from '../../shared/stats';
import { sanitizeLine } from '../../shared/terminal-text';
import {
  type ApiClient,
  describeApiError,
  httpApiClient,
  type LiveConnection,
  serverAddress,
  wsApiClient,
} from '../api-client';
import { addressOrExit, urlOption, userOption } from '../client-options';
import { passwordFromEnvOrPrompt } from '../prompt';

interface Flags {
  url: string;
  user: string;
  json?: boolean;
  once?: boolean;
}

/** The HTTP base for a WebSocket URL: ws://host:port → http://host:port, wss → https. */
export function httpUrlFor(wsUrl: string): string {
  return serverAddress(wsUrl).http;
}

export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description(
      'the supervisor dashboard: live queues, service levels, operators and alerts (password from TEXTDESK_PASSWORD or a prompt)',
    )
    .addOption(urlOption())
    .addOption(userOption('a supervisor or admin login', 'admin'))
    .option('--json', 'print one JSON stats line per tick to stdout instead of drawing')
    .option('--once', 'print one snapshot and exit (JSON with --json, else a short summary)')
    .action(async (flags: Flags) => {
      const address = addressOrExit('dashboard', flags.url);
      const interactive = !flags.json && !flags.once;
      if (interactive && (!process.stdin.isTTY || !process.stdout.isTTY)) {
        process.stderr.write('textdesk dashboard: needs a terminal (or use --json / --once)\n');
        process.exit(2);
      }
      const httpUrl = address.http;
      try {
        const password = await passwordFromEnvOrPrompt(flags.user);
        let token: string | null = null;
        const http = httpApiClient(httpUrl, () => token);
        const session = await http.auth.login.mutate({ login: flags.user, password });
        token = session.token;
        if (session.operator.role === 'operator')
          throw new Error(`${flags.user} is an operator: the dashboard is for supervisors and admins`);
        if (flags.once) {
          const snapshot = await http.supervisor.statsSnapshot.query();
          process.stdout.write(flags.json ? `${JSON.stringify({ ...snapshot, alerts: [] })}\n` : summary(snapshot));
          process.exit(0);
        }
        if (flags.json) await streamJson(address.ws, session.token);
        else await runInteractive(address.ws, session.token, http);
        process.exit(0);
      } catch (error) {
        process.stderr.write(`textdesk dashboard: ${describeApiError(error, httpUrl)}\n`);
        process.exit(1);
      }
    });
}

/** `--json`: a line per tick until interrupted or the reader goes away. */
async function streamJson(wsUrl: string, token: string): Promise<void> {
  const live = wsApiClient(wsUrl, token, {
    onClose: () => process.stderr.write('textdesk dashboard: connection lost, reconnecting…\n'),
  });
  await new Promise<void>((resolve, reject) => {
    process.stdout.on('error', () => resolve()); // EPIPE: `| head` has read enough
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    live.client.supervisor.stats.subscribe(undefined, {
      onData: (tick) => {
        process.stdout.write(`${JSON.stringify({ ...tick.snapshot, alerts: tick.alerts })}\n`);
      },
      onError: (error) => reject(error),
    });
  });
  await live.close().catch(() => undefined);
}

async function runInteractive(wsUrl: string, token: string, http: ApiClient): Promise<void> {
  // blessed loads only for this command.
  const { createDashboardScreen } = await import('./screen');
  const { startDashboard } = await import('./dashboard');
  const { supervisorActions } = await import('./supervisor-actions');
  const { CallbackBook } = await import('./callback-book');
  let setConnection: (state: string) => void = () => undefined;
  const live: LiveConnection = wsApiClient(wsUrl, token, {
    onOpen: () => setConnection('online'),
    onClose: () => setConnection('reconnecting…'),
  });
  const screen = createDashboardScreen();
  let quit: () => void = () => undefined;
  const quitting = new Promise<void>((resolve) => (quit = resolve));
  const seen = new Set<string>();
  let dashboard: ReturnType<typeof startDashboard> | null = null;
  const notify = (text: string) => dashboard?.notice(text);
  const actions = supervisorActions(
    screen,
    {
      overview: () => http.supervisor.snapshot.query(),
      transfer: (conversationId, to) => live.client.operator.transfer.mutate({ conversationId, to }),
      setCapacity: (operatorId, capacity) =>
        live.client.supervisor.setOperatorCapacity.mutate({ operatorId, capacity }),
      setStatus: (operatorId, status) => live.client.supervisor.setOperatorStatus.mutate({ operatorId, status }),
      messages: (conversationId) => live.client.operator.messages.query({ conversationId, limit: 500 }),
      follow: (conversationId, handlers) => {
        // Tracked: after a reconnect the client resumes from the last item, missing nothing.
        const following = live.client.supervisor.follow.subscribe(
          { conversationId },
          { onData: ({ data }) => handlers.onItem(data), onError: handlers.onError },
        );
        return () => following.unsubscribe();
      },
      whisper: (conversationId, text) =>
        live.client.supervisor.whisper.mutate({ conversationId, clientId: randomUUID(), text }),
      takeOver: (conversationId) => live.client.supervisor.takeOver.mutate({ conversationId }),
      search: async (text) => (await live.client.operator.search.query({ text })).hits,
      callbacks: () => live.client.supervisor.callbacks.list.query(),
      operators: async () => (await http.supervisor.snapshot.query()).operators,
      claimCallback: (callbackId) => live.client.supervisor.callbacks.claim.mutate({ callbackId }),
      doneCallback: (callbackId, outcome) => live.client.supervisor.callbacks.done.mutate({ callbackId, outcome }),
      cancelCallback: (callbackId, outcome) => live.client.supervisor.callbacks.cancel.mutate({ callbackId, outcome }),
      reviewQueue: () => live.client.reviews.queue.query(),
      criteria: () => live.client.reviews.criteria.query(),
      submitReview: (input) => live.client.reviews.submit.mutate(input),
      now: () => Date.now(),
    },
    notify,
  );
  dashboard = startDashboard(
    screen,
    {
      quit: () => {
        if (!actions.busy()) quit();
      },
      reassign: actions.reassign,
      capacity: actions.capacity,
      status: actions.status,
      transcript: actions.transcript,
      live: actions.live,
      search: actions.search,
      claimCallback: actions.claimCallback,
      doneCallback: actions.doneCallback,
      cancelCallback: actions.cancelCallback,
      review: actions.review,
    },
    { utcOffsetMinutes: -new Date().getTimezoneOffset() },
  );
  setConnection = (state) => dashboard?.setConnection(state);
  setConnection('connecting…');
  let failure: unknown = null;
  const subscription = live.client.supervisor.stats.subscribe(undefined, {
    onData: (tick: StatsTick) => {
      // After a reconnect the first value repeats the latest alerts: show each once.
      const fresh = tick.alerts.filter((a) => !seen.has(a.id));
      for (const a of fresh) seen.add(a.id);
      dashboard?.update(tick.snapshot, fresh);
    },
    onError: (error) => {
      failure = error;
      quit();
    },
  });
  // Call-backs: one list, then every change live from the supervisors' feed (resumed by event id).
  const book = new CallbackBook();
  let feed: { unsubscribe(): void } | null = null;
  const followCallbacks = async () => {
    const { lastEventId } = await http.supervisor.snapshot.query();
    book.load(await http.supervisor.callbacks.list.query());
    dashboard?.setCallbacks(book.list());
    feed = live.client.supervisor.events.subscribe(
      { lastEventId },
      {
        onData: ({ data }) => {
          let changed = false;
          for (const event of data) {
            if (event.type !== 'callback.changed') continue;
            book.apply(event.callback);
            changed = true;
          }
          if (changed) dashboard?.setCallbacks(book.list());
        },
        onError: (error) => notify(`call-backs stopped: ${describeApiError(error, wsUrl)}`),
      },
    );
  };
  followCallbacks().catch((error: unknown) => notify(`call-backs not shown: ${describeApiError(error, wsUrl)}`));
  try {
    await quitting;
  } finally {
    (feed as { unsubscribe(): void } | null)?.unsubscribe();
    subscription.unsubscribe();
    screen.destroy();
    await live.close().catch(() => undefined);
  }
  if (failure) throw failure;
}

/** `--once` without `--json`: what a supervisor reads first, one line per queue. */
export function summary(s: StatsSnapshot): string {
  const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);
  const wait = (waiting: number, ms: number) => (waiting === 0 ? '-' : formatDuration(ms));
  const t = s.totals;
  const today = t.windows.today;
  const lines = [
    `textdesk ${new Date(s.at).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
    `all queues: waiting ${t.waiting} (longest ${wait(t.waiting, t.longestWaitMs)}), assigned ${t.assigned}, ` +
      `SL today ${pct(today.serviceLevel)} (goal ${pct(s.serviceLevelGoal)}), answered ${today.answered}, ` +
      `abandoned ${today.abandoned}, breaches ${today.breaches}, CSAT ${today.ratings.average?.toFixed(2) ?? '-'}`,
    ...s.queues.map((q) => {
      const d = q.windows.today;
      return (
        `queue ${sanitizeLine(q.name, { maxLength: 40 })}: waiting ${q.waiting} (longest ${wait(q.waiting, q.longestWaitMs)}), ` +
        `assigned ${q.assigned}, SL today ${pct(d.serviceLevel)}, answered ${d.answered}, abandoned ${d.abandoned}`
      );
    }),
    `operators: ${t.operatorsAvailable} available, ${t.operatorsAway} away, ${t.operatorsOffline} offline`,
  ];
  return `${lines.join('\n')}\n`;
}
