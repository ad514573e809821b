// A message's files as the console lists them under it (issue 14 §3): number, name, size; the
// customer's file name goes through the terminal allow-list like every customer string.
import { describe, expect, it } from 'vitest';
import { attachmentLines } from '../../cli/console/transcript';
import type { Message } from '../../shared/schemas';

const message = (attachments: Message['attachments']): Message => ({
  id: 'm1',
  conversationId: 'c1',
  author: { type: 'customer', id: 'k', name: 'Ivan' },
  text: 'see attached',
  private: false,
  createdAt: 0,
  attachments,
});

describe('attachment lines', () => {
  it('lists each file with its number, name and size', () => {
    const lines = attachmentLines(
      message([
        { name: 'receipt.pdf', type: 'application/pdf', size: 2048, hash: 'a'.repeat(64) },
        { name: 'photo.png', type: 'image/png', size: 3 * 1024 * 1024, hash: 'b'.repeat(64) },
      ]),
      80,
    );
    expect(lines.map((l) => l.text.trimEnd())).toEqual(['  [1] receipt.pdf (2.0 KiB)', '  [2] photo.png (3.0 MiB)']);
  });

  it('never writes an escape sequence from a file name to the terminal', () => {
    const [line] = attachmentLines(
      message([{ name: 'evil\u001b]0;pwned\u0007.pdf', type: 'application/pdf', size: 10, hash: 'c'.repeat(64) }]),
      80,
    );
    expect(line.text).not.toMatch(/[\u001b\u0007]/);
    expect(line.text).toMatch(/evil.*\.pdf \(10 B\)/);
  });

  it('adds nothing for a message without files', () => {
    expect(attachmentLines(message(undefined), 80)).toEqual([]);
  });
});
