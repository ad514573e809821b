// Telegram's sending limits (Bot FAQ, "My bot is hitting limits"): about one message a second in
// one chat and about 30 a second in all. They are the bot's, whatever sends as it, so the
// buckets are kept per bot token for the whole process: two channels sharing a bot share them.
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../domain/clock';
import { RateLimiter } from '../../domain/rate-limit';

export const PER_CHAT_PER_SEC = 1;
export const PER_BOT_PER_SEC = 30;

export class BotThrottle {
  private readonly chats: RateLimiter;
  private readonly bot: RateLimiter;

  constructor(private readonly clock: Clock = systemClock) {
    this.chats = new RateLimiter(clock, PER_CHAT_PER_SEC, 1);
    this.bot = new RateLimiter(clock, PER_BOT_PER_SEC, PER_BOT_PER_SEC);
  }

  /** Resolves when one more message may go to `chatId`, having counted it; rejects if `signal` aborts first. */
  async turn(chatId: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      const wait = Math.max(this.chats.msUntilToken(chatId), this.bot.msUntilToken(''));
      // Both taken at once, with no await between: no other send can slip in.
      if (wait === 0 && this.chats.take(chatId) && this.bot.take('')) return;
      await delay(Math.max(wait, 1), signal);
    }
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
