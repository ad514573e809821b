// A transcript as the dashboard shows it: plain terminal-safe lines, shared by the transcript
// reader (t) and the live view of a dialog (l).
import type { Message } from '../../shared/schemas';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';

const line = (text: string | null | undefined, max = 60) => sanitizeLine(text ?? '', { maxLength: max });

/**
 * A transcript as terminal-safe lines: time, author, then the text. Private notes and a
 * supervisor's whispers (issue 18 §4) are marked, and so is how far an outbound message got.
 */
export function transcriptLines(messages: readonly Message[]): string[] {
  return messages.flatMap((m) => {
    const time = new Date(m.createdAt).toISOString().slice(11, 19);
    const author =
      m.author.type === 'customer'
        ? line(m.author.name ?? 'customer', 30)
        : `${m.author.type}: ${line(m.author.name, 30)}`;
    const kind = m.whisper ? ' (whisper to the operator)' : m.private ? ' (private note)' : '';
    const delivery = m.delivery ? ` [${m.delivery.status}]` : '';
    const head = `${time} ${author}${kind}${delivery}`;
    const body = sanitizeForTerminal(m.text)
      .split('\n')
      .map((l) => `  ${l}`);
    return [head, ...body];
  });
}
