// The Telegram bot's per-chat turn: a second message to a chat waits for the first one's answer
// without polling (it was a 1 ms timer loop on an Infinity delay, with a warning each time), then
// its second; an aborted wait rejects and leaves nothing behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/domain/clock';
import { BotThrottle } from '../../server/channels/telegram/throttle';

const turns = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BotThrottle', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings.length = 0;
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('holds a second message to a chat until the first is answered, then a second more', async () => {
    const clock = new ManualClock(1_000_000);
    const throttle = new BotThrottle(clock);
    const signal = new AbortController().signal;
    const answered = await throttle.turn('chat', signal);
    let second = false;
    const next = throttle.turn('chat', signal).then((release) => {
      second = true;
      return release;
    });
    // Another chat is not held up by this one.
    (await throttle.turn('other', signal))();
    for (let i = 0; i < 20; i++) await turns();
    expect(second).toBe(false);
    answered();
    clock.advance(1000);
    (await next)();
    expect(second).toBe(true);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it('rejects a wait that is aborted while the chat is held', async () => {
    const throttle = new BotThrottle(new ManualClock(1_000_000));
    const answered = await throttle.turn('chat', new AbortController().signal);
    const controller = new AbortController();
    const waiting = throttle.turn('chat', controller.signal);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    answered();
  });
});
