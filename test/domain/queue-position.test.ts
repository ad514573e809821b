// The rules of issue 17 §4: when a waiting customer hears their place again (a move of at least
// N AND at least M since the last update), the expected wait from a queue's measured service
// rate, the e-mail's expected answer time, and how a span is put in words.
import { describe, expect, it } from 'vitest';
import { durationWords } from '../../server/domain/duration-words';
import {
  ACKNOWLEDGES,
  DEFAULT_CADENCE,
  decideUpdate,
  expectedAnswerAt,
  expectedWaitMinutes,
  serviceRate,
  spanMinutes,
} from '../../server/domain/queue-position';
import { ManualClock } from '../../server/domain/clock';
import { Router } from '../../server/domain/routing';
import { item } from './routing-fixtures';

const messenger = { minChange: 3, minIntervalMs: 120_000 };
const told = { position: 10, at: 1_000_000 };

describe('decideUpdate: a change of at least N AND at least M since the last update', () => {
  it('says nothing while the place moved less than N, however long ago the last update was', () => {
    expect(decideUpdate(told, 8, told.at + 3_600_000, messenger)).toEqual({ kind: 'wait-for-change' });
    expect(decideUpdate(told, 10, told.at + 3_600_000, messenger)).toEqual({ kind: 'wait-for-change' });
  });

  it('waits for M when the place moved enough too soon, and says when to look again', () => {
    expect(decideUpdate(told, 7, told.at + 60_000, messenger)).toEqual({ kind: 'wait-until', at: told.at + 120_000 });
  });

  it('tells once both hold, M exactly included', () => {
    expect(decideUpdate(told, 7, told.at + 120_000, messenger)).toEqual({ kind: 'tell' });
    expect(decideUpdate(told, 2, told.at + 500_000, messenger)).toEqual({ kind: 'tell' });
  });

  it('counts a move back (someone returned ahead) like a move forward', () => {
    expect(decideUpdate(told, 13, told.at + 120_000, messenger)).toEqual({ kind: 'tell' });
  });

  it('web chat tells every place at most every 30 s; e-mail and SMS get no updates', () => {
    expect(decideUpdate(told, 9, told.at + 29_999, DEFAULT_CADENCE.chat!)).toEqual({
      kind: 'wait-until',
      at: told.at + 30_000,
    });
    expect(decideUpdate(told, 9, told.at + 30_000, DEFAULT_CADENCE.chat!)).toEqual({ kind: 'tell' });
    expect(DEFAULT_CADENCE.messenger).toEqual(messenger);
    expect(DEFAULT_CADENCE.email).toBeNull();
    expect(DEFAULT_CADENCE.sms).toBeNull();
    expect(ACKNOWLEDGES.email).toBe(true);
    expect(Object.entries(ACKNOWLEDGES).filter(([, yes]) => yes)).toHaveLength(1);
  });
});

describe('serviceRate: assignments per minute measured on the queue', () => {
  it('takes the last 5 minutes when they hold at least 3 assignments', () => {
    expect(serviceRate({ served: 10, minutes: 5 }, { served: 12, minutes: 60 })).toBe(2);
  });

  it('falls back to the hour when the 5 minutes hold too few', () => {
    expect(serviceRate({ served: 2, minutes: 5 }, { served: 30, minutes: 60 })).toBe(0.5);
  });

  it('is null with no assignment in the hour: no history, no guess', () => {
    expect(serviceRate({ served: 0, minutes: 5 }, { served: 0, minutes: 60 })).toBeNull();
  });
});

describe('expectedWaitMinutes: position ÷ rate, with a floor, a ceiling and steps', () => {
  it('divides the place by the rate and rounds up', () => {
    expect(expectedWaitMinutes(3, 2)).toBe(2);
    expect(expectedWaitMinutes(7, 1)).toBe(7);
  });

  it('never says less than a minute', () => {
    expect(expectedWaitMinutes(1, 30)).toBe(1);
  });

  it('rounds to 5 minutes past 10, to 15 past an hour, and stops at 2 hours', () => {
    expect(expectedWaitMinutes(11, 1)).toBe(15);
    expect(expectedWaitMinutes(61, 1)).toBe(75);
    expect(expectedWaitMinutes(1000, 1)).toBe(120);
  });

  it('is null without a rate', () => {
    expect(expectedWaitMinutes(4, null)).toBeNull();
    expect(expectedWaitMinutes(4, 0)).toBeNull();
  });
});

describe('the e-mail acknowledgement', () => {
  it('expects the answer at the channel first-response target after the letter came', () => {
    expect(expectedAnswerAt(1_000, 1_000 + 4 * 3_600_000)).toBe(1_000 + 4 * 3_600_000);
    expect(expectedAnswerAt(1_000, null)).toBe(1_000);
  });

  it('states the span in minutes under an hour, else in whole hours rounded up', () => {
    expect(spanMinutes(30 * 60_000)).toBe(30);
    expect(spanMinutes(4 * 3_600_000)).toBe(240);
    expect(spanMinutes(90 * 60_000)).toBe(120);
    expect(spanMinutes(1)).toBe(1);
  });
});

describe('durationWords', () => {
  it('English: minutes or hours, singular for one', () => {
    expect(durationWords('en', 1)).toBe('1 minute');
    expect(durationWords('en', 25)).toBe('25 minutes');
    expect(durationWords('en', 60)).toBe('1 hour');
    expect(durationWords('en', 240)).toBe('4 hours');
    expect(durationWords('en', 75)).toBe('75 minutes');
  });

  it('Russian: the genitive that «около» and «в течение» take', () => {
    expect(durationWords('ru', 1)).toBe('1 минуты');
    expect(durationWords('ru', 5)).toBe('5 минут');
    expect(durationWords('ru', 11)).toBe('11 минут');
    expect(durationWords('ru', 21)).toBe('21 минуты');
    expect(durationWords('ru', 60)).toBe('1 часа');
    expect(durationWords('ru', 240)).toBe('4 часов');
  });
});

describe('Router.positions', () => {
  it('ranks every waiting conversation of a queue as position() does, in one pass', () => {
    const router = new Router(new ManualClock(0));
    router.setQueue({ id: 'sales', skills: [], priority: 1 });
    router.enqueue(item('late', 'sales', { waitingSince: 30 }));
    router.enqueue(item('early', 'sales', { waitingSince: 10 }));
    router.enqueue(item('urgent', 'sales', { waitingSince: 50, slaDueAt: 100 }));
    router.enqueue(item('middle', 'sales', { waitingSince: 20 }));
    const positions = router.positions('sales');
    expect([...positions].sort((a, b) => a[1] - b[1])).toEqual([
      ['urgent', 1],
      ['early', 2],
      ['middle', 3],
      ['late', 4],
    ]);
    for (const [id, position] of positions) expect(router.position(id)).toBe(position);
  });
});
