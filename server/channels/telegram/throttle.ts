// Telegram's sending limits (Bot FAQ, "My bot is hitting limits"): about one message a second in
// one chat and about 30 a second in all. They are the bot's, whatever sends as it, so the
// buckets are kept per bot token for the whole process: two channels sharing a bot share them.
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../domain/clock';
import { RateLimiter } from '../../domain/rate-limit';

export const PER_CHAT_PER_SEC = 1;
export const PER_BOT_PER_SEC = 30;

/** Chats remembered before expired ones are swept. */
const SWEEP_AT = 1024;

export class BotThrottle {
  /**
   * When each chat may get its next message. A chat's second counts from Telegram's answer to the
   * previous message, not from its start: the request's time on the wire cannot bring two
   * messages closer than a second where Telegram counts them.
   */
  private readonly chats = new Map<string, number>();
  /** Sends waiting for a chat's message in flight to be answered, woken by its release. */
  private readonly waiting = new Map<string, Set<() => void>>();
  private readonly bot: RateLimiter;

  constructor(private readonly clock: Clock = systemClock) {
    this.bot = new RateLimiter(clock, PER_BOT_PER_SEC, PER_BOT_PER_SEC);
  }

  /**
   * Resolves when one more message may go to `chatId`, with the function to call once Telegram
   * has answered it; rejects if `signal` aborts first.
   */
  async turn(chatId: string, signal: AbortSignal): Promise<() => void> {
    for (;;) {
      signal.throwIfAborted();
      // A message to this chat is on the wire: nothing to time until Telegram answers it.
      if (this.chats.get(chatId) === Infinity) {
        await this.untilReleased(chatId, signal);
        continue;
      }
      const now = this.clock.now();
      const wait = Math.max((this.chats.get(chatId) ?? 0) - now, this.bot.msUntilToken(''));
      if (wait <= 0 && this.bot.take('')) {
        // Held until the answer, so a second send to the chat meanwhile waits too.
        this.chats.set(chatId, Infinity);
        return () => {
          this.chats.set(chatId, this.clock.now() + 1000 / PER_CHAT_PER_SEC);
          const waiters = this.waiting.get(chatId);
          this.waiting.delete(chatId);
          for (const wake of waiters ?? []) wake();
          if (this.chats.size >= SWEEP_AT) this.sweep();
        };
      }
      await delay(Math.max(wait, 1), signal);
    }
  }

  private untilReleased(chatId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      let waiters = this.waiting.get(chatId);
      if (!waiters) this.waiting.set(chatId, (waiters = new Set()));
      const aborted = () => {
        waiters.delete(wake);
        reject(signal.reason as Error);
      };
      const wake = () => {
        signal.removeEventListener('abort', aborted);
        resolve();
      };
      waiters.add(wake);
      signal.addEventListener('abort', aborted, { once: true });
    });
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [chat, at] of this.chats) if (at <= now) this.chats.delete(chat);
  }
}

const throttles = new Map<string, BotThrottle>();

/** The throttle of the bot with this token, made on first use. */
export function throttleFor(token: string): BotThrottle {
  // Keyed by a hash, so the map holds no token.
  const key = createHash('sha256').update(token).digest('base64url');
  let throttle = throttles.get(key);
  if (!throttle) throttles.set(key, (throttle = new BotThrottle()));
  return throttle;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
    };
    const aborted = () => {
      done();
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal.addEventListener('abort', aborted);
  });
}
