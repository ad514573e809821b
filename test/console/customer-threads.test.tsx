// Issue 18 §1 in the console: one customer on two channels with this operator reads as one
// customer (the hotlist groups their threads, each with its channel mark; the transcript shows
// both, each message marked), the composer says which channel the answer goes out on (by default
// the one the customer wrote in last; Alt+T or /via chooses another) and sends there, and /merge
// searches, confirms and merges, never on a picker's Enter.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { CustomerMatch } from '../../shared/schemas';
import { start, type, unmountAll } from './console-app-harness';
import { conversation, FakeDesk, message, NOW, untilFrame } from './fake-desk';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

/** A desk that can search and merge customers, as a server with issue 18's API. */
class MergingDesk extends FakeDesk {
  matches: CustomerMatch[] = [];
  mergeError: string | null = null;
  async searchCustomers(query: string) {
    this.calls.push({ method: 'searchCustomers', input: { query } });
    return this.matches.filter((m) => (m.name ?? '').toLowerCase().includes(query.toLowerCase()));
  }
  async mergeCustomers(input: { conversationId: string; customerId: string }) {
    this.calls.push({ method: 'mergeCustomers', input });
    if (this.mergeError) throw new Error(this.mergeError);
    return { merged: true };
  }
}

const customer = (name: string) => ({ type: 'customer' as const, id: null, name });

/** Anna wrote on web chat, then by e-mail; Bob is another customer on web chat. */
function twoChannelDesk(
  second: { channelId: string; channelKind: string } = { channelId: 'mail', channelKind: 'email' },
) {
  const desk = new MergingDesk();
  desk.conversations = [
    conversation('anna-web', {
      customerId: 'cust-anna',
      customerName: 'Anna Petrova',
      channelId: 'site',
      channelKind: 'webchat',
      waitingSince: NOW - 60_000,
    }),
    conversation('bob', { customerName: 'Bob Stone', channelId: 'site', channelKind: 'webchat' }),
    conversation('anna-mail', {
      customerId: 'cust-anna',
      customerName: 'Anna Petrova',
      ...second,
      waitingSince: NOW - 30_000,
    }),
  ];
  desk.transcripts.set('anna-web', [
    message('anna-web', 'Where is my order? (chat)', { author: customer('Anna Petrova'), createdAt: NOW - 60_000 }),
  ]);
  desk.transcripts.set('anna-mail', [
    message('anna-mail', 'No answer on the chat, so I write here', {
      author: customer('Anna Petrova'),
      createdAt: NOW - 30_000,
    }),
  ]);
  desk.transcripts.set('bob', [message('bob', 'hi from Bob', { author: customer('Bob Stone') })]);
  return desk;
}

const lines = (frame: string) => frame.split('\n');
/** The hotlist pane: the rows between the status line and the composer's bar, its columns only. */
const hotlistOf = (frame: string) =>
  lines(frame)
    .slice(1, -2)
    .map((line) => line.slice(0, 32));
const bar = (frame: string) => lines(frame).find((line) => line.includes('→ #')) ?? '';
const sends = (desk: FakeDesk) => desk.calls.filter((c) => c.method === 'send').map((c) => c.input);

describe('one customer on two channels', () => {
  test('the hotlist shows the customer once, with each thread and its channel mark under the name', async () => {
    const { app } = await start(twoChannelDesk(), { columns: 100 });
    const hotlist = hotlistOf(app.lastFrame());
    expect(hotlist.filter((line) => line.includes('Anna Petrova'))).toHaveLength(1);
    const name = hotlist.findIndex((line) => line.includes('Anna Petrova'));
    // The threads follow the name, the one the answer goes out on marked ▸ (the e-mail: written last).
    expect(hotlist[name + 1]).toMatch(/^ {2} ?\d W site/);
    expect(hotlist[name + 2]).toMatch(/^ {2}▸\d @ mail/);
    expect(hotlist.some((line) => line.includes('Bob Stone'))).toBe(true);
  });

  test('one row per dialog when crowded: the customer once, with both channel marks', async () => {
    const desk = twoChannelDesk();
    desk.conversations.push(conversation('carl', { customerName: 'Carl Berg' }));
    const { app } = await start(desk, { columns: 100, rows: 10 });
    const hotlist = hotlistOf(app.lastFrame());
    const anna = hotlist.filter((line) => line.includes('Anna'));
    expect(anna).toHaveLength(1);
    expect(anna[0]).toMatch(/Anna Petrova W\+@/);
  });

  test('the transcript shows both threads in time order, each message marked with its channel', async () => {
    const { app } = await start(twoChannelDesk(), { columns: 100 });
    const frame = await untilFrame(app, (f) => f.includes('so I write here'));
    const chat = lines(frame).findIndex((line) => line.includes('[W] < Anna Petrova: Where is my order? (chat)'));
    const mail = lines(frame).findIndex((line) => line.includes('[@] < Anna Petrova: No answer on the chat'));
    expect(chat).toBeGreaterThan(0);
    expect(mail).toBeGreaterThan(chat);
    // The header names both channels, the one answered on first.
    expect(lines(frame)[1]).toContain('@ mail + W site');
  });

  test('a lone customer reads as before: no channel marks in the transcript, no "via"', async () => {
    const { app } = await start(twoChannelDesk(), { columns: 100 });
    await press(app, KEYS.ctrl('n'));
    const frame = await untilFrame(app, (f) => f.includes('< Bob Stone: hi from Bob'));
    expect(frame).not.toContain('[W] < Bob');
    expect(bar(frame)).toContain('Reply → #3 Bob Stone ─');
  });

  test('a thread that arrives live joins its customer, and the answer follows to where they wrote', async () => {
    const desk = twoChannelDesk();
    desk.conversations = desk.conversations.filter((c) => c.id !== 'anna-mail');
    const { app, model } = await start(desk, { columns: 100 });
    expect(model.selectedId).toBe('anna-web');
    const mail = conversation('anna-mail', {
      customerId: 'cust-anna',
      customerName: 'Anna Petrova',
      channelId: 'mail',
      channelKind: 'email',
      waitingSince: NOW - 1_000,
    });
    desk.conversations.push(mail);
    desk.emit({ type: 'conversation.assigned', conversation: mail });
    const frame = await untilFrame(app, (f) => bar(f).includes('via e-mail') && f.includes('[@] < Anna Petrova'));
    expect(hotlistOf(frame).filter((line) => line.includes('Anna Petrova'))).toHaveLength(1);
    expect(model.selectedId).toBe('anna-mail');
  });

  test('when one thread closes, the customer stays open on the other', async () => {
    const desk = twoChannelDesk();
    const { app, model } = await start(desk, { columns: 100 });
    expect(model.selectedId).toBe('anna-mail');
    desk.emit({
      type: 'conversation.updated',
      conversation: { ...desk.conversations[2], status: 'resolved', resolvedAt: NOW },
    });
    const frame = await untilFrame(app, (f) => !f.includes('@ mail'));
    expect(model.selectedId).toBe('anna-web');
    expect(bar(frame)).toContain('Reply → #1 Anna Petrova ─');
    expect(frame).toContain('< Anna Petrova: Where is my order? (chat)');
    expect(frame).not.toContain('[W]');
  });

  test('Ctrl+N steps over the customer, not over each thread', async () => {
    const { app, model } = await start(twoChannelDesk(), { columns: 100 });
    expect(model.selectedId).toBe('anna-mail');
    await press(app, KEYS.ctrl('n'));
    expect(model.selectedId).toBe('bob');
    await press(app, KEYS.ctrl('n'));
    // Back on Anna: the answer goes where she wrote last, whichever thread is first in the list.
    expect(model.selectedId).toBe('anna-mail');
  });
});

describe('the channel the answer goes out on', () => {
  test('by default the thread the customer wrote in last: the composer says "via e-mail" and sends there', async () => {
    const desk = twoChannelDesk();
    const { app } = await start(desk, { columns: 100 });
    expect(bar(app.lastFrame())).toContain('Reply → #2 Anna Petrova via e-mail');
    await type(app, 'We are on it');
    await press(app, KEYS.enter);
    expect(sends(desk)).toMatchObject([{ conversationId: 'anna-mail', text: 'We are on it' }]);
  });

  test('Alt+T chooses the other thread, keeps the draft, and the reply goes out there', async () => {
    const desk = twoChannelDesk();
    const { app } = await start(desk, { columns: 100 });
    await type(app, 'Answer on chat');
    await press(app, KEYS.alt('t'));
    const frame = app.lastFrame();
    expect(bar(frame)).toContain('Reply → #1 Anna Petrova via web chat');
    expect(lines(frame).slice(-1)[0]).toContain('Answer on chat');
    await press(app, KEYS.enter);
    expect(sends(desk)).toMatchObject([{ conversationId: 'anna-web', text: 'Answer on chat' }]);
    // Round the customer's threads: back to e-mail.
    await press(app, KEYS.alt('t'));
    expect(bar(app.lastFrame())).toContain('via e-mail');
  });

  test('/via names the channel; a channel the customer has no thread on is refused', async () => {
    const { app } = await start(twoChannelDesk(), { columns: 100 });
    await type(app, '/via web chat');
    await press(app, KEYS.enter);
    expect(bar(app.lastFrame())).toContain('via web chat');
    await type(app, '/via telegram');
    await press(app, KEYS.enter);
    expect(bar(app.lastFrame())).toContain('✗ The customer has no thread here on: telegram');
    expect(bar(app.lastFrame())).toContain('via web chat');
  });

  test('the choice holds until the customer writes again; then their channel is the default once more', async () => {
    const desk = twoChannelDesk();
    const { app, model } = await start(desk, { columns: 100 });
    await press(app, KEYS.alt('t'));
    expect(model.selectedId).toBe('anna-web');
    desk.emit({ type: 'message.created', message: message('bob', 'Bob again', { author: customer('Bob Stone') }) });
    await press(app);
    expect(model.selectedId).toBe('anna-web');
    desk.emit({
      type: 'message.created',
      message: message('anna-mail', 'and one more mail', { author: customer('Anna Petrova'), createdAt: NOW }),
    });
    await untilFrame(app, (f) => bar(f).includes('via e-mail'));
    expect(model.selectedId).toBe('anna-mail');
  });

  test('/save N takes the file numbered as the pane shows it, from the thread it came in', async () => {
    const desk = twoChannelDesk();
    const bytes = Buffer.from('%PDF receipt');
    desk.fileBytes.set('h-receipt', bytes);
    desk.transcripts.get('anna-mail')![0].attachments = [
      { name: 'receipt.pdf', type: 'application/pdf', size: bytes.length, hash: 'h-receipt' },
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threads-save-'));
    const { app } = await start(desk, { columns: 100 });
    await press(app, KEYS.alt('t'));
    expect(bar(app.lastFrame())).toContain('via web chat');
    await press(app, `/save 1 ${dir}`, KEYS.enter);
    await untilFrame(app, (f) => bar(f).includes('✓ Saved'), 5_000);
    expect(fs.readFileSync(path.join(dir, 'receipt.pdf'))).toEqual(bytes);
    fs.rmSync(dir, { recursive: true });
  });

  test('with one thread, Alt+T says so and changes nothing', async () => {
    const { app, model } = await start(twoChannelDesk(), { columns: 100 });
    await press(app, KEYS.ctrl('n'), KEYS.alt('t'));
    expect(model.selectedId).toBe('bob');
    expect(bar(app.lastFrame())).toContain('✗ This customer has one thread here');
  });

  test("the composer's limits follow the chosen channel (SMS: no files; web chat: none of that)", async () => {
    const desk = twoChannelDesk({ channelId: 'sms', channelKind: 'sms' });
    desk.channelLimits.set('sms', { maxText: 670, partLength: null, smsParts: true, files: false });
    desk.channelLimits.set('site', { maxText: 4000, partLength: null, smsParts: false, files: true });
    const { app } = await start(desk, { columns: 120 });
    await untilFrame(app, (f) => bar(f).includes('via SMS') && bar(f).includes('no files on SMS'));
    await press(app, KEYS.alt('t'));
    await untilFrame(app, (f) => bar(f).includes('via web chat'));
    expect(bar(app.lastFrame())).not.toContain('SMS');
  });

  test('the help lists Alt+T and /via, and /merge', async () => {
    const { app } = await start(twoChannelDesk(), { columns: 120, rows: 60 });
    await press(app, KEYS.alt('h'));
    const frame = await untilFrame(app, (f) => f.includes('Alt+T'));
    expect(frame).toMatch(/Alt\+T.*other channel.*\/via/);
    expect(frame).toMatch(/Merge the customer.*\/merge/);
  });
});

describe('/merge', () => {
  function mergeDesk() {
    const desk = twoChannelDesk();
    desk.matches = [
      { id: 'cust-bob', name: 'Bob Stone', email: 'bob@example.com', phone: null },
      { id: 'cust-boris', name: 'Boris \x1b]0;pwned\x07Kim', email: null, phone: '+79001112233' },
    ];
    return desk;
  }

  async function pickBob(desk: MergingDesk) {
    const started = await start(desk, { columns: 100 });
    await type(started.app, '/merge');
    await press(started.app, KEYS.enter);
    await untilFrame(started.app, (f) => f.includes('Merge this customer with another'));
    await type(started.app, 'Bo');
    await untilFrame(started.app, (f) => f.includes('Bob Stone · bob@example.com'));
    await press(started.app, KEYS.down);
    // Enter on the highlighted match puts it in the field: nothing is merged or sent.
    await press(started.app, KEYS.enter);
    const frame = await untilFrame(started.app, (f) => f.includes('#cust-bob'));
    expect(desk.calls.filter((c) => c.method === 'mergeCustomers' || c.method === 'send')).toEqual([]);
    return { ...started, frame };
  }

  test('search, pick with ↓ and Enter (which neither sends nor merges), then confirm naming both customers', async () => {
    const desk = mergeDesk();
    const { app } = await pickBob(desk);
    await press(app, KEYS.enter);
    const confirm = await untilFrame(app, (f) => f.includes('Merge?'));
    expect(confirm).toContain('No, keep them apart: Anna Petrova and Bob Stone · bob@example.com');
    await press(app, KEYS.right);
    expect(app.lastFrame()).toContain('Yes, merge: Anna Petrova and Bob Stone');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => bar(f).includes('✓ Customers merged: Bob Stone'));
    expect(desk.calls.filter((c) => c.method === 'mergeCustomers').map((c) => c.input)).toEqual([
      { conversationId: 'anna-mail', customerId: 'cust-bob' },
    ]);
    expect(sends(desk)).toEqual([]);
  });

  test('the confirm starts on "No": Enter there changes nothing, and neither does Esc', async () => {
    const desk = mergeDesk();
    const { app } = await pickBob(desk);
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Merge?'));
    await press(app, KEYS.enter);
    expect(app.lastFrame()).not.toContain('Merge?');
    await type(app, '/merge');
    await press(app, KEYS.enter);
    await untilFrame(app, (f) => f.includes('Merge this customer with another'));
    await press(app, KEYS.escape);
    await untilFrame(app, (f) => !f.includes('Merge this customer'));
    expect(desk.calls.filter((c) => c.method === 'mergeCustomers')).toEqual([]);
    expect(bar(app.lastFrame())).not.toContain('merged');
  });

  test("the server's refusal shows in the status line", async () => {
    const desk = mergeDesk();
    desk.mergeError = 'customer cust-bob is already merged into cust-zed: merge with that one';
    const { app } = await pickBob(desk);
    await press(app, KEYS.enter, KEYS.right, KEYS.enter);
    await untilFrame(app, (f) => bar(f).includes('✗ customer cust-bob is already merged'));
  });

  test('a name typed but not picked from the list is not merged', async () => {
    const desk = mergeDesk();
    const { app } = await start(desk, { columns: 100 });
    await type(app, '/merge');
    await press(app, KEYS.enter);
    await type(app, 'Bob Stone');
    await untilFrame(app, (f) => f.includes('bob@example.com'));
    await press(app, KEYS.tab, KEYS.enter);
    await untilFrame(app, (f) => bar(f).includes('✗ Pick a customer from the list'));
    expect(desk.calls.filter((c) => c.method === 'mergeCustomers')).toEqual([]);
  });

  test("a customer's control characters from the search never reach the terminal", async () => {
    const desk = mergeDesk();
    const { app } = await start(desk, { columns: 100 });
    await type(app, '/merge');
    await press(app, KEYS.enter);
    await type(app, 'Bor');
    await press(app, KEYS.down, KEYS.enter, KEYS.enter);
    const frame = await untilFrame(app, (f) => f.includes('Merge?'));
    expect(frame).not.toContain('\x1b]0;');
    expect(frame).not.toContain('\x07');
    expect(frame).toContain('Boris');
  });
});
