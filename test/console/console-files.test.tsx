// The console's attachments (issue 14 §3): a dialog's files listed under their messages with the
// number `/save N [PATH]` takes, saved where the console runs, and `/attach PATH` sending one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { desk3, start, unmountAll } from './console-app-harness';
import { message, untilFrame, type Rendered } from './fake-desk';
import { KEYS, press } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-console-files-'));
});
afterEach(() => {
  unmountAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Files are read and written for real: wait by the clock, not by event-loop turns. */
const shows = (app: Rendered, text: string) =>
  vi.waitFor(() => expect(app.lastFrame()).toContain(text), { timeout: 5_000, interval: 10 });

const RECEIPT = Buffer.from('%PDF-1.4 receipt of order 17 %%EOF');

function deskWithFiles() {
  const desk = desk3();
  desk.transcripts.set('late', [
    message('late', 'see the receipt', {
      attachments: [{ name: 'receipt\u001b[2J.pdf', type: 'application/pdf', size: RECEIPT.length, hash: 'h-receipt' }],
    }),
    message('late', 'and the photo', {
      attachments: [{ name: 'photo.png', type: 'image/png', size: 2048, hash: 'h-photo' }],
    }),
  ]);
  desk.fileBytes.set('h-receipt', RECEIPT);
  return desk;
}

describe('files in the console', () => {
  test('lists each message’s files under it, numbered through the dialog, names made safe', async () => {
    const { app } = await start(deskWithFiles());
    const frame = await untilFrame(app, (f) => f.includes('[2] photo.png'));
    expect(frame).toContain('[1] receipt^[[2J.pdf (34 B)');
    expect(frame).toContain('[2] photo.png (2.0 KiB)');
    expect(frame).not.toContain('\u001b[2J');
  });

  test('/save N PATH writes file N into the directory, in parts, and never over an existing file', async () => {
    const desk = deskWithFiles();
    const { app } = await start(desk);
    await untilFrame(app, (f) => f.includes('[1] receipt'));
    await press(app, `/save 1 ${dir}`, KEYS.enter);
    await shows(app, 'Saved');
    expect(fs.readFileSync(path.join(dir, 'receipt[2J.pdf'))).toEqual(RECEIPT);

    await press(app, `/save 1 ${dir}`, KEYS.enter);
    await shows(app, 'a file exists already');
    await press(app, '/save 7', KEYS.enter);
    await shows(app, 'No such file in this dialog');
  });

  test('/attach PATH uploads the file and sends it to the open dialog', async () => {
    const desk = deskWithFiles();
    const file = path.join(dir, 'invoice.pdf');
    const bytes = Buffer.alloc(200 * 1024, 'x');
    fs.writeFileSync(file, bytes);
    const { app } = await start(desk);
    await press(app, `/attach ${file}`, KEYS.enter);
    await shows(app, 'Sent: invoice.pdf');
    // Two parts: a WebSocket frame carries at most 192 KiB of base64.
    expect(desk.callsOf('upload')).toHaveLength(2);
    expect(desk.uploads.get('ref-1')).toMatchObject({ name: 'invoice.pdf', bytes, done: true });
    expect(desk.callsOf('send')).toEqual([
      expect.objectContaining({ conversationId: 'late', text: '', private: false, attachments: ['ref-1'] }),
    ]);
  });
});
