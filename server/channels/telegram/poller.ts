// Long polling (Bot API getUpdates), for a desk Telegram cannot reach: one loop per polling
// channel asks for updates after the last one committed, waits up to `timeout` seconds for them,
// and commits each before it moves the offset on. The offset is kept in the channel's state
// (channel_state), written after each update's commit: a restart asks again from the first update
// not committed, so nothing is lost; one committed but not yet noted comes again, and the desk
// takes it once by its message id. Telegram forgets updates confirmed by a higher offset.
import type { Logger } from 'pino';
import type { ParsedUpdate } from './updates';
import { parseUpdate } from './updates';
import type { BotApi } from './bot-api';

/** Updates per getUpdates (the API's most). */
const LIMIT = 100;
const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export interface PollerOptions {
  api: BotApi;
  timeoutSeconds: number;
  allowedUpdates: string[];
  loadOffset(): Promise<number | null>;
  saveOffset(offset: number): Promise<void>;
  /** Commits one update; a rejection stops the round and the same update is asked for again. */
  take(update: ParsedUpdate): Promise<void>;
  log: Logger;
}

export class UpdatePoller {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private failures = 0;

  constructor(private readonly opts: PollerOptions) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the poll in flight and waits for the loop to stop (an update being committed finishes first). */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    // getUpdates is refused (409) while a webhook is set: a channel switched from webhook mode drops it.
    let webhookDropped = false;
    while (!this.stopped) {
      try {
        if (!webhookDropped) {
          const dropped = await this.opts.api.call('deleteWebhook', { drop_pending_updates: false }, this.abort.signal);
          if (!dropped.ok) throw new Error(`deleteWebhook failed: ${dropped.description}`);
          webhookDropped = true;
        }
        await this.round();
        this.failures = 0;
      } catch (error) {
        if (this.stopped) break;
        this.failures++;
        const wait = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.failures - 1));
        this.opts.log.warn({ err: error, retryInMs: wait }, 'Telegram long poll failed; retrying');
        await this.pause(wait);
      }
    }
  }

  private async round(): Promise<void> {
    const offset = await this.opts.loadOffset();
    const answer = await this.opts.api.call<unknown[]>(
      'getUpdates',
      {
        ...(offset !== null && { offset }),
        limit: LIMIT,
        timeout: this.opts.timeoutSeconds,
        allowed_updates: this.opts.allowedUpdates,
      },
      // The long poll itself may take `timeout` seconds; a dead connection is given 15 s more.
      AbortSignal.any([this.abort.signal, AbortSignal.timeout((this.opts.timeoutSeconds + 15) * 1000)]),
    );
    if (this.stopped) return;
    if (!answer.ok) {
      if (answer.ok === false && 'retryAfterMs' in answer && answer.retryAfterMs) await this.pause(answer.retryAfterMs);
      throw new Error(`getUpdates failed: ${answer.description}`);
    }
    if (!Array.isArray(answer.result)) throw new Error('getUpdates answered without a list of updates');
    for (const raw of answer.result) {
      const update = parseUpdate(raw);
      // Not an update at all: nothing to take, nothing to confirm it by; the next one's id moves past it.
      if (!update) {
        this.opts.log.warn('getUpdates returned an entry without update_id; skipped');
        continue;
      }
      await this.opts.take(update);
      await this.opts.saveOffset(update.updateId + 1);
      if (this.stopped) return;
    }
  }

  /** Waits `ms`, or less if stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener('abort', done);
    });
  }
}
