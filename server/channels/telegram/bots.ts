// What runs per Telegram channel, kept in step with the channels: a long poller for each polling
// channel, and the webhook registered (setWebhook) for each webhook channel. Brought in step at
// once when an admin adds, changes or deletes a channel (the kind's channelChanged), and every few
// seconds besides, which retries a registration that failed (Telegram was unreachable) and starts
// the pollers on a server's start.
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { BotApi } from './bot-api';
import { refusedForGood, type TelegramIntake } from './intake';
import { UpdatePoller } from './poller';
import { TelegramCredentials, TelegramSettings, webhookSecret, webhookUrl } from './settings';

const RECONCILE_MS = 5_000;
const OFFSET = 'telegram-offset';
/** The only update kind the desk takes (./updates.ts): Telegram need not send the others. */
export const ALLOWED_UPDATES = ['message'];
const REGISTER_TIMEOUT_MS = 10_000;

type Running = { fingerprint: string } & ({ poller: UpdatePoller } | { registered: true });

export class TelegramBots {
  private readonly running = new Map<string, Running>();
  private readonly timer: NodeJS.Timeout;
  private reconciling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly host: ChannelHost,
    private readonly intake: TelegramIntake,
  ) {
    this.timer = setInterval(() => void this.reconcile(), RECONCILE_MS);
    this.timer.unref();
  }

  /** Starts, restarts and stops pollers and registers webhooks to match the channels, one step at a time. */
  reconcile(): Promise<void> {
    this.reconciling = this.reconciling
      .then(() => this.step())
      .catch((error: unknown) => {
        this.host.log.error({ err: error }, 'Telegram channels could not be brought in step');
      });
    return this.reconciling;
  }

  private async step(): Promise<void> {
    if (this.closed) return;
    const wanted = new Map<string, ChannelRecord>();
    for (const channel of this.host.channels()) wanted.set(channel.id, channel);
    for (const [id, running] of this.running) {
      const channel = wanted.get(id);
      if (channel && fingerprint(channel) === running.fingerprint) continue;
      this.running.delete(id);
      if ('poller' in running) await running.poller.stop();
    }
    for (const [id, channel] of wanted) {
      if (this.running.has(id)) continue;
      const settings = TelegramSettings.safeParse(channel.settings);
      if (!settings.success) continue;
      if (settings.data.mode === 'polling') {
        const poller = this.poller(channel, settings.data);
        this.running.set(id, { fingerprint: fingerprint(channel), poller });
        poller.start();
      } else if (await this.register(channel, settings.data)) {
        this.running.set(id, { fingerprint: fingerprint(channel), registered: true });
      }
    }
  }

  /** setWebhook with the channel's URL and secret; false (logged) when Telegram refused or was not reached. */
  private async register(channel: ChannelRecord, settings: TelegramSettings): Promise<boolean> {
    const api = new BotApi(settings.apiUrl, TelegramCredentials.parse(channel.credentials).token);
    const answer = await api.call(
      'setWebhook',
      {
        url: webhookUrl(settings, channel.id),
        secret_token: webhookSecret(channel.secret),
        allowed_updates: ALLOWED_UPDATES,
      },
      AbortSignal.timeout(REGISTER_TIMEOUT_MS),
    );
    if (answer.ok) {
      this.host.log.info({ channel: channel.id }, 'Telegram webhook registered');
      return true;
    }
    this.host.log.warn(
      { channel: channel.id, status: answer.status, error: answer.description },
      'Telegram webhook could not be registered; retrying',
    );
    return false;
  }

  private poller(channel: ChannelRecord, settings: TelegramSettings): UpdatePoller {
    const { state, log } = this.host;
    const api = new BotApi(settings.apiUrl, TelegramCredentials.parse(channel.credentials).token);
    const channelLog = log.child({ channel: channel.id });
    return new UpdatePoller({
      api,
      timeoutSeconds: settings.pollTimeoutSeconds,
      allowedUpdates: ALLOWED_UPDATES,
      loadOffset: async () => {
        const saved = await state.get(channel.id, OFFSET);
        return saved === null ? null : Number(saved);
      },
      saveOffset: (offset) => state.set(channel.id, OFFSET, String(offset)),
      take: async (update) => {
        // The channel as it is now; one deleted meanwhile takes nothing (its poller is stopping).
        const current = this.host.channel(channel.id);
        if (!current) throw new Error(`channel ${channel.id} was deleted`);
        try {
          await this.intake.take(current, update);
        } catch (error) {
          // Passing (the store, a file download): the round stops and the update is asked for
          // again. Refused for good: logged and skipped, so it cannot block the chat's others.
          if (!refusedForGood(error)) throw error;
          channelLog.warn({ err: error, update: update.updateId }, 'a Telegram update was refused; skipped');
        }
      },
      log: channelLog,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.reconciling;
    await Promise.all([...this.running.values()].map((r) => ('poller' in r ? r.poller.stop() : undefined)));
    this.running.clear();
  }
}

function fingerprint(channel: ChannelRecord): string {
  return JSON.stringify([channel.settings, channel.credentials, channel.secret]);
}
