// The load tool's mark inside a message text. Only the text travels end to end through textdesk
// (customer → operator, operator → webhook or web chat), so the sender writes who it is and when
// it meant to send into the text, and the receiver — in the same process, on the same clock —
// reads it back: `[ld <id> <customer> <t>]` for customer messages, `[lr <id> <customer> <t>]` for
// operator replies, followed by free text and padding. `t` is an integer on the caller's clock
// (the load engine uses µs of performance.now(); the benchmark ns).

export interface Tag {
  kind: 'customer' | 'reply';
  id: number;
  customer: number;
  t: number;
}

const PATTERN = /^\[(ld|lr) (\d+) (\d+) (\d+)\]/;

export function encodeTag(tag: Tag, body = '', sizeBytes = 0): string {
  const head = `[${tag.kind === 'customer' ? 'ld' : 'lr'} ${tag.id} ${tag.customer} ${Math.round(tag.t)}]`;
  const text = body ? `${head} ${body}` : head;
  // Pad with plain ASCII so the size in bytes is the size in characters.
  return text.length >= sizeBytes ? text : text + ' ' + 'x'.repeat(sizeBytes - text.length - 1);
}

export function decodeTag(text: string): Tag | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  return { kind: m[1] === 'ld' ? 'customer' : 'reply', id: Number(m[2]), customer: Number(m[3]), t: Number(m[4]) };
}
