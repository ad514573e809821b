// Issue 18 §3 in the console: `/search TEXT` asks the server, lists the hits (customer, channel
// mark, time, the snippet with each match in [brackets], all sanitised); ↑/↓ choose, Enter opens
// that conversation read-only (and sends nothing), Esc closes; no hits and errors go to the status line.
import { afterEach, describe, expect, test } from 'vitest';
import type { SearchHit } from '../../shared/search-schemas';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { message, NOW, untilFrame, type FakeDesk } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

function hit(conversationId: string, customer: string, snippet: SearchHit['snippet'], kind = 'email'): SearchHit {
  return {
    conversationId,
    messageId: `${conversationId}-m1`,
    author: 'customer',
    at: NOW - 86_400_000,
    customer: { id: `cust-${conversationId}`, name: customer },
    channel: { id: `${kind}-1`, name: kind, kind },
    queueId: 'general',
    operator: null,
    status: 'resolved',
    outcome: 'solved',
    tag: null,
    rating: null,
    snippet,
  };
}

const REFUND = hit('old-refund', 'Olga Old', [
  { text: 'I asked for a ', match: false },
  { text: 'refund', match: true },
  { text: ' last week', match: false },
]);
const HOSTILE = hit(
  'evil',
  'Evil \x1b]0;pwned\x07Eve',
  [
    { text: 'see \x1b[31m', match: false },
    { text: 'refund', match: true },
    { text: '\x07 now', match: false },
  ],
  'telegram',
);

function withHits(): FakeDesk {
  const desk = desk3();
  desk.searchHits = [REFUND, HOSTILE];
  desk.transcripts.set('old-refund', [message('old-refund', 'Where is my refund from March?')]);
  desk.transcripts.set('evil', [message('evil', 'evil transcript')]);
  return desk;
}

/** The composer's rows: the last two of the frame. */
const composerOf = (frame: string) => frame.split('\n').slice(-2).join('\n');

describe('/search in the console', () => {
  test('lists the hits with the match marked; ↓ then Enter opens that conversation read-only and sends nothing', async () => {
    const desk = withHits();
    const { app } = await start(desk);
    await type(app, '/search refund');
    await press(app, KEYS.enter);
    const list = await untilFrame(app, (f) => f.includes('Search · refund (2)'));
    expect(desk.callsOf('search')).toEqual([{ text: 'refund' }]);
    expect(list).toMatch(/› Olga Old · .+ · \d\d-\d\d \d\d:\d\d …asked for a \[refund\] last week/);
    expect(list).toContain('Evil');
    await press(app, KEYS.down);
    await untilFrame(app, (f) => /› Evil/.test(f));
    await press(app, KEYS.up);
    await untilFrame(app, (f) => f.includes('› Olga Old'));
    await press(app, KEYS.enter);
    const opened = await untilFrame(app, (f) => f.includes('Where is my refund from March?'));
    expect(opened).toContain('Read-only');
    expect(opened).toContain('Olga Old');
    expect(opened).not.toContain('Search · refund');
    expect(desk.callsOf('messages')).toContainEqual(expect.objectContaining({ conversationId: 'old-refund' }));
    expect(desk.callsOf('send')).toEqual([]);
    // The search text went nowhere: the composer is read-only, and its draft was the command.
    expect(composerOf(opened)).not.toContain('/search');
    // Esc returns to the live dialog.
    await press(app, KEYS.escape);
    await untilFrame(app, (f) => !f.includes('Where is my refund from March?'));
    expect(desk.callsOf('send')).toEqual([]);
  });

  test('hostile customer text in the list and the title never reaches the terminal', async () => {
    const desk = withHits();
    const { app } = await start(desk);
    await type(app, '/search refund');
    await press(app, KEYS.enter);
    await press(app, KEYS.down);
    const list = await untilFrame(app, (f) => f.includes('› Evil'));
    expect(list).not.toMatch(/\x1b\]|\x07|\x1b\[31m/);
    expect(list).toContain('[refund]');
    await press(app, KEYS.enter);
    const opened = await untilFrame(app, (f) => f.includes('evil transcript'));
    expect(opened).not.toMatch(/\x1b\]|\x07/);
  });

  test('Esc closes the list without opening anything', async () => {
    const desk = withHits();
    const { app } = await start(desk);
    await type(app, '/search refund');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Search · refund'));
    await press(app, KEYS.escape);
    const frame = await untilFrame(app, (f) => !f.includes('Search · refund'));
    expect(frame).not.toContain('Read-only');
    expect(desk.callsOf('messages')).not.toContainEqual(expect.objectContaining({ conversationId: 'old-refund' }));
  });

  test('no hits, no text and a server error are said in the status line', async () => {
    const desk = desk3();
    const { app } = await start(desk);
    await type(app, '/search zzz');
    await press(app, KEYS.enter);
    expect(await untilFrame(app, (f) => f.includes('Nothing found for "zzz"'))).not.toContain('Search · zzz');

    await type(app, '/search');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Type what to find: /search TEXT'));
    expect(desk.callsOf('search')).toEqual([{ text: 'zzz' }]);

    desk.searchFails = new Error('you may not read this customer');
    await type(app, '/search refund');
    await press(app, KEYS.enter);
    expect(await untilFrame(app, (f) => f.includes('you may not read this customer'))).not.toContain('Search ·');
  });

  test('speaks Russian, and shows in the help overlay', async () => {
    const desk = withHits();
    const { app } = await start(desk, { lang: 'ru' });
    await type(app, '/search refund');
    await press(app, KEYS.enter);
    expect(await untilFrame(app, (f) => f.includes('Поиск · refund (2)'))).toContain('Enter — открыть для чтения');
    unmountAll();
    const help = await start(withHits(), { columns: 140, rows: 90 });
    await press(help.app, '?');
    const frame = await untilFrame(help.app, (f) => f.includes('Search results (/search)'));
    expect(frame).toContain('/search TEXT');
  });
});
