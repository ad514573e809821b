// The composition root: the only place that builds the store, the router, the bus, the desk,
// the channels and the transports, and wires them together.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import FindMyWay from 'find-my-way';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { LIMITS } from '../shared/limits';
import { wsContextFactory, httpContextFactory } from './api/context';
import { appRouter } from './api/router';
import { outboundStartHandler } from './api/outbound-route';
import type { ChannelAdapter } from './channels/adapter';
import { Attachments } from './attachments/attachments';
import { downloadHandler } from './attachments/download-route';
import { FileBlobs } from './attachments/file-blobs';
import { StoreBlobs, type FileStore } from './attachments/file-store';
import { sendJson } from './channels/http-json';
import { CALLBACK_WEBHOOK_CHANNEL, deliverCallbackWebhook } from './channels/callback-webhook';
import { Outbox } from './channels/outbox';
import { BUILT_IN_ADAPTERS, ChannelAdapters } from './channels/registry';
import type { ServerConfig } from './config';
import type { DeskContext } from './desk/context';
import { Desk } from './desk/desk';
import { DirectoryRecords } from './desk/directory-records';
import { IdGenerator } from './desk/ids';
import { StatsService } from './desk/stats-service';
import { QueueUpdates } from './desk/queue-updates';
import { Bot } from './domain/bot';
import { cadences } from './domain/queue-position';
import { realTimer, systemClock, type Clock, type Timer } from './domain/clock';
import { Router } from './domain/routing';
import { DiskGuard, NO_LOCAL_DISK } from './disk-guard';
import { Dictionaries } from './spelling/dictionaries';
import { OperatorWords } from './spelling/operator-words';
import { SpellChecker } from './spelling/spell-checker';
import { EventBus } from './events/bus';
import { createMetrics, registerDiskGauges, registerGauges } from './metrics';
import { PostgresStore } from './store/postgres-store';
import { openStallLog } from './stall-log';
import { SqliteStore, type SqliteStoreOptions } from './store/sqlite-store';
import type { Store } from './store/store';
import { guarded } from './transport/guard';
import { createHttpServer } from './transport/http-server';
import { sharedListeners } from './listeners-config';
import { acceptSocket } from './transport/sockets';

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  desk: Desk;
  /** Printed once when the first admin was created with a generated password. */
  generatedAdminPassword: string | null;
  /** Live statistics; tests may call stats.tick() to get a tick at once. */
  stats: StatsService;
  /** Free space on the data directory (null on PostgreSQL); tests may call disk.check() to re-read it. */
  disk: DiskGuard | null;
  /** Spelling help; tests may await spelling.dictionaries.whenReady(). */
  dictionaries: Dictionaries;
  /** Attachments: tests sign download links with it. */
  files: Attachments;
  /** The channel kinds' own listeners' ports by name (`smtp`), when they run. */
  listenerPorts: Record<string, number>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  opts: {
    clock?: Clock;
    /** Waits on `clock`; a test driving a virtual clock passes its timer too (default setTimeout). */
    timer?: Timer;
    log?: Logger;
    onFatal?: (error: unknown) => void;
    statsIntervalMs?: number | null;
    /** Tests: wraps the opened store, e.g. to make its commits fail on demand. */
    wrapStore?: (store: Store) => Store;
    /**
     * Tests: dictionaries already loaded, shared by the servers of one test file (a load costs
     * seconds); the caller closes them. Otherwise the server builds its own, loaded on first use.
     */
    dictionaries?: Dictionaries;
    /** The channel kinds to run (default: the built-in ones); a test may add a kind of its own. */
    adapters?: ChannelAdapter[];
  } = {},
): Promise<RunningServer> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? pino({ level: config.logLevel });
  // What the store and the outbox report to comes first; the gauges that read the desk come after it.
  const stallLog = config.stallLog ? openStallLog(config.stallLog) : null;
  const metrics = createMetrics({ embeddedStore: config.store === 'sqlite' });
  const onFlush: NonNullable<SqliteStoreOptions['onFlush']> = (startedAt, ms, commits) => {
    metrics.storeCommitSeconds.observe(ms / 1000);
    stallLog?.record('commit', startedAt, ms, commits);
  };
  const opened: Store =
    config.store === 'postgres'
      ? await PostgresStore.open(config.databaseUrl!, config.databaseSchema)
      : SqliteStore.inDirectory(config.data, { onFlush });
  const store = opts.wrapStore ? opts.wrapStore(opened) : opened;
  // Only the embedded store writes to a local directory; PostgreSQL's disk is its server's own.
  const disk =
    config.store === 'sqlite'
      ? new DiskGuard({ directory: config.data, minFreeBytes: config.minFreeBytes, log })
      : null;
  if (disk) {
    await disk.start();
    registerDiskGauges(metrics.registry, disk);
  }
  const bus = new EventBus();
  const ctx: DeskContext = {
    store,
    bus,
    clock,
    timer: opts.timer ?? realTimer,
    log,
    router: new Router(clock, { graceMs: config.graceMs }),
    bot: new Bot(config.bot),
    ids: new IdGenerator(clock),
    disk: disk ?? NO_LOCAL_DISK,
    settings: {
      graceMs: config.graceMs,
      reopenWindowMs: config.reopenWindowMs,
      sessionTtlMs: config.sessionTtlMs,
      contactRatePerSec: config.contactRatePerSec,
      contactBurst: config.contactBurst,
      outboundRatePerSec: config.outboundRatePerSec,
      outboundBurst: config.outboundBurst,
      retentionMs: config.retentionMs,
      callbackTargetMs: config.callbackTargetMs,
      callbackWebhook: config.callbackWebhookUrl !== undefined,
      phoneRegion: config.phoneRegion,
    },
    onFatal:
      opts.onFatal ??
      ((error) => {
        log.fatal({ err: error }, 'a commit failed: stopping so the next start rebuilds from disk');
        process.exit(70);
      }),
  };
  // Without its lock another server may take the schema: stop now, not at the next commit.
  if (opened instanceof PostgresStore) {
    void opened.nodeLockLost.then((error) => {
      try {
        ctx.onFatal(error);
      } catch {
        // A test's onFatal rethrows for a caller to see; losing the lock has no caller.
      }
    });
  }
  // The outbox and the desk both read the channels: their records and adapters come before either.
  const records = new DirectoryRecords();
  const adapters = new ChannelAdapters(opts.adapters ?? Object.values(BUILT_IN_ADAPTERS));
  const callbackWebhook =
    config.callbackWebhookUrl && config.callbackWebhookSecret
      ? { url: config.callbackWebhookUrl, secret: config.callbackWebhookSecret }
      : null;
  const outbox = new Outbox({
    store,
    clock,
    log,
    // Call-back webhooks share the outbox under a channel id no channel has (./channels/callback-webhook.ts).
    send: (entry, signal) =>
      entry.channelId === CALLBACK_WEBHOOK_CHANNEL
        ? deliverCallbackWebhook(callbackWebhook, entry.body, signal)
        : adapters.deliver(records.channels.get(entry.channelId), entry.body, signal),
    // The desk is built next; the outbox delivers nothing before it starts, after that.
    onDelivered: (entry, _latencyMs, providerId) => {
      // A call-back webhook is no customer's message: no operator waits for its delivery mark.
      if (entry.channelId === CALLBACK_WEBHOOK_CHANNEL) return;
      metrics.deliveries.inc({ channel: entry.channelId });
      void desk.deliveries
        .sent(entry.channelId, entry.conversationId, entry.messageId, providerId)
        .catch((cause: unknown) => {
          log.error({ err: cause, messageId: entry.messageId }, 'could not tell the operator of a sent message');
        });
    },
    onGaveUp: (entry, error) =>
      void desk.deliveries.failed(entry.conversationId, entry.messageId, error).catch((cause: unknown) => {
        log.error({ err: cause, messageId: entry.messageId }, 'could not tell the operator of a failed delivery');
      }),
    onFatal: ctx.onFatal,
  });
  // Attachment bytes: under the data directory on the embedded store; in the database with
  // PostgreSQL, the one place every node of a cluster reads.
  const blobs: FileStore =
    config.store === 'postgres' ? new StoreBlobs(store) : new FileBlobs(path.join(config.data, 'files'));
  const files = await Attachments.open(
    store,
    blobs,
    {
      maxFileBytes: config.attachmentMaxBytes,
      maxMessageBytes: config.messageAttachmentsMaxBytes,
      graceMs: config.attachmentGraceMs,
      linkTtlMs: config.downloadLinkTtlMs,
    },
    clock,
  );
  const desk = new Desk(ctx, records, outbox, adapters, files);
  await desk.start();
  for (const calendar of config.calendars) await desk.calendars.save(calendar, 'put');
  const generatedAdminPassword = await desk.directory.ensureFirstAdmin(config.adminPassword);
  const stats = new StatsService(desk, { intervalMs: opts.statsIntervalMs });
  const queueUpdates = new QueueUpdates(
    desk,
    (queueId) => stats.engine.serviceRate(queueId),
    cadences(config.queueUpdates),
  );
  const dictionaries = opts.dictionaries ?? new Dictionaries(log);
  const spelling = new SpellChecker(dictionaries, new OperatorWords(ctx), desk.templates);
  registerGauges(metrics.registry, desk, outbox, stats);
  await outbox.start();

  const routes = FindMyWay({
    defaultRoute: (_req, res) => sendJson(res, 404, { error: 'not found' }),
  });
  routes.on('GET', '/files/:hash', (req, res, params) =>
    downloadHandler(files, store, clock)(req, res, params).catch((error) => {
      log.error({ err: error }, 'file download failed');
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: 'internal error: try the link again' });
    }),
  );
  routes.on('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  routes.on('GET', '/metrics', async (_req, res) => {
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(await metrics.registry.metrics());
  });
  const channels = adapters.mount({
    channel: (id) => records.channels.get(id),
    channels: () => [...records.channels.values()],
    conversationContact: async (channel, conversationId) => {
      const row = await store.get(store.q.conversationById, { id: conversationId });
      return row?.channel_id === channel.id ? row.contact_id : undefined;
    },
    state: {
      get: async (channelId, name) =>
        (await store.get(store.q.channelState, { channel_id: channelId, name }))?.value ?? null,
      set: async (channelId, name, value) => {
        await store.commit([{ query: store.q.setChannelState, args: { channel_id: channelId, name, value } }]);
      },
    },
    listeners: sharedListeners(config),
    receive: (channel, message) => desk.inbound.receive(channel, message),
    history: (channel, contactId, since) => desk.inbound.history(channel, contactId, since),
    notePage: (channel, contactId, page) => desk.inbound.notePage(channel, contactId, page),
    offlineForm: (channel) => desk.directory.offlineFormNow(channel.queueId),
    onOutbound: (listener) => bus.subscribeCustomers(listener),
    onSignal: (listener) => bus.subscribeCustomerSignals(listener),
    customerTyping: (channel, contactId, active) => desk.signals.customerTyping(channel, contactId, active),
    customerRead: (channel, contactId, upTo) => desk.signals.customerRead(channel, contactId, upTo),
    operatorReadUpTo: (channel, contactId) => desk.signals.operatorReadUpTo(channel, contactId),
    accepted: (channel) => metrics.messagesIn.inc({ channel: channel.id }),
    deliveryReport: (channel, report) => desk.deliveries.report(channel, report),
    files: {
      limits: files.limits,
      // Like a message, a file is refused before it is written while the data directory is low on space.
      intake: (incoming) => {
        ctx.disk.assertRoom();
        return files.intake(incoming);
      },
      upload: (owner, incoming) => {
        ctx.disk.assertRoom();
        return files.upload(owner, incoming);
      },
      resolve: (owner, refs) => files.resolve(owner, refs),
      read: (hash) => files.read(hash),
      downloadLink: (file) => files.downloadLink(file),
    },
    log,
  });
  for (const route of channels.flatMap((mounted) => mounted.routes)) {
    routes.on(route.method, route.path, (req, res, params) =>
      route.handle(req, res, params).catch((error) => {
        log.error({ err: error }, 'channel request failed');
        // A request cut off by its timeout has no socket left to answer on.
        if (!res.headersSent && !res.destroyed)
          sendJson(res, 500, { error: 'internal error: the message was not stored, retry' });
      }),
    );
  }
  routes.on('POST', '/channels/api/outbound', (req, res) =>
    outboundStartHandler(desk)(req, res).catch((error) => {
      log.error({ err: error }, 'outbound start failed');
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 500, { error: 'internal error: retry with the same clientId' });
    }),
  );
  const trpcHttp = createHTTPHandler({
    router: appRouter,
    createContext: httpContextFactory(desk, stats, spelling),
    basePath: '/trpc/',
  });
  routes.all('/trpc/*', (req, res) => trpcHttp(req, res));

  // Every handler of outside input is guarded (server/transport/guard.ts): one request or socket
  // that throws is logged and closed, and the server goes on.
  const server = createHttpServer(config, log, (req, res) => routes.lookup(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.wsPayload, perMessageDeflate: false });
  server.on(
    'upgrade',
    guarded(
      log,
      'WebSocket upgrade failed',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        // Node hands over the raw socket with no 'error' listener: a reset before ws takes it
        // (or while a refusal is written) would otherwise stop the process.
        socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
        if (channels.some((mounted) => mounted.upgrade?.(req, socket, head))) return;
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      },
      (_error, _req, socket) => socket.destroy(),
    ),
  );
  // Before tRPC's own listener, so its replies already go through the buffer cap.
  wss.on('connection', (ws) => acceptSocket(ws, log, '/trpc'));
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: wsContextFactory(desk, stats, spelling),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const listenerPorts = Object.assign({}, ...(await Promise.all(channels.map((mounted) => mounted.listening ?? {}))));
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  files.setPublicUrl(config.publicUrl ?? `http://${hostForUrl}:${port}`);
  log.info({ host: config.host, port, data: config.data }, 'textdesk server listening');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl}:${port}`,
    wsUrl: `ws://${hostForUrl}:${port}`,
    port,
    desk,
    generatedAdminPassword,
    stats,
    disk,
    dictionaries,
    files,
    listenerPorts,
    close() {
      closing ??= (async () => {
        wsHandler.broadcastReconnectNotification();
        desk.stop();
        stats.stop();
        queueUpdates.stop();
        disk?.stop();
        for (const client of wss.clients) client.terminate();
        await Promise.all(channels.map((mounted) => mounted.close()));
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await outbox.stop();
        await store.close();
        await stallLog?.close();
        if (!opts.dictionaries) await dictionaries.close();
        log.info('textdesk server stopped');
      })();
      return closing;
    },
  };
}
