// The attachment rules on real bytes: types from content not names, programs refused, signed
// links that refuse forgery and expiry, and content-addressed files on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadQuery, verifyDownload } from '../../server/attachments/download-url';
import { checkFile } from '../../server/attachments/file-kind';
import { FileBlobs, sha256 } from '../../server/attachments/file-blobs';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('what a file is', () => {
  it('takes the type from the bytes: a PNG named .pdf is a PNG, shown inline', async () => {
    expect(await checkFile(PNG, 'receipt.pdf')).toEqual({ ok: true, mime: 'image/png', inline: true });
  });

  it('serves a PDF and plain text as downloads only', async () => {
    expect(await checkFile(PDF, 'счёт.pdf')).toEqual({ ok: true, mime: 'application/pdf', inline: false });
    expect(await checkFile(Buffer.from('номер заказа 17'), 'note.txt')).toEqual({
      ok: true,
      mime: 'text/plain; charset=utf-8',
      inline: false,
    });
    expect(await checkFile(Buffer.from([0, 1, 2, 0xff]), 'blob')).toEqual({
      ok: true,
      mime: 'application/octet-stream',
      inline: false,
    });
  });

  it('refuses a program, whatever it is named', async () => {
    const elf = fs.readFileSync(process.execPath).subarray(0, 4096);
    expect(await checkFile(elf, 'photo.jpg')).toMatchObject({ ok: false, reason: expect.stringMatching(/program/) });
    const exe = Buffer.alloc(512);
    exe.write('MZ', 0, 'latin1');
    exe.writeUInt32LE(64, 0x3c);
    exe.write('PE\0\0', 64, 'latin1');
    expect(await checkFile(exe, 'invoice.pdf')).toMatchObject({ ok: false });
  });

  it('refuses names a system would run, and SVG or HTML, even when the bytes are text', async () => {
    for (const name of ['run.bat', 'x.PS1', 'page.html', 'logo.svg', 'a.js ']) {
      expect(await checkFile(Buffer.from('echo hi'), name)).toMatchObject({ ok: false });
    }
  });
});

describe('signed download links', () => {
  const key = Buffer.from('k'.repeat(32));
  const link = { hash: 'a'.repeat(64), name: 'чек.pdf', expires: 1_000_000 };
  const query = (q: string) => new URLSearchParams(q);

  it('a genuine link is good until it expires, then refused as expired', () => {
    const q = query(downloadQuery(key, link));
    expect(verifyDownload(key, link.hash, q, 999_999)).toEqual({ ok: true, link });
    expect(verifyDownload(key, link.hash, q, 1_000_001)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a link altered anywhere, or signed with another key, or cut short', () => {
    const good = downloadQuery(key, link);
    const q = query(good);
    expect(verifyDownload(key, 'b'.repeat(64), q, 0)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyDownload(key, link.hash, query(good.replace('expires=1000000', 'expires=9000000')), 0)).toEqual({
      ok: false,
      reason: 'forged',
    });
    const renamed = query(good);
    renamed.set('name', 'other.pdf');
    expect(verifyDownload(key, link.hash, renamed, 0)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyDownload(Buffer.from('x'.repeat(32)), link.hash, q, 0)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyDownload(key, link.hash, query('name=a&expires=1'), 0)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyDownload(key, link.hash, query(''), 0)).toEqual({ ok: false, reason: 'forged' });
  });
});

describe('files on disk', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the same bytes once, reads them back by hash, lists and deletes them', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-blobs-'));
    const blobs = new FileBlobs(dir);
    const hash = await blobs.put(PDF);
    expect(hash).toBe(sha256(PDF));
    expect(await blobs.put(PDF)).toBe(hash);
    await blobs.put(PNG);
    expect((await blobs.list()).sort()).toEqual([hash, sha256(PNG)].sort());
    expect(await blobs.get(hash)).toEqual(PDF);
    await blobs.delete(hash);
    expect(await blobs.get(hash)).toBeNull();
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  });

  it('never reads outside its directory, whatever hash it is asked for', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'textdesk-blobs-'));
    const blobs = new FileBlobs(dir);
    expect(await blobs.get('../../etc/passwd')).toBeNull();
    await expect(blobs.delete('../x')).rejects.toThrow(/not a file hash/);
  });
});
