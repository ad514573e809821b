// The transcript (main pane). Who wrote each message reads from a label and a mark, not only a
// colour: "< Anna:" the customer, "> You:" an operator, "* Bot:", "# Note · You:" a private
// note, "# Whisper from supervisor · Sveta:" a supervisor's whisper (issue 18 §4); replies not
// yet acknowledged show as pending. Only the visible lines are laid out:
// messages are wrapped from the newest backwards until the pane (plus the scroll offset) is
// full, and each message's wrapping is cached, so a 5,000-message dialog costs what fits on
// screen.
import { Box, Text } from 'ink';
import type { Lang, Message } from '../../shared/schemas';
import { sanitizeForTerminal, sanitizeLine } from '../../shared/terminal-text';
import type { OutboxEntry } from './desk-model';
import { t } from './i18n';
import { fitToWidth, wrapText } from './text-layout';

const TIME_WIDTH = 6;

export type LineKind =
  'customer' | 'operator' | 'bot' | 'note' | 'whisper' | 'pending' | 'failed' | 'marker' | 'edge' | 'read';

export type TranscriptLine = {
  key: string;
  kind: LineKind;
  /** "12:03 " on a message's first line, blanks after. */
  time: string;
  /** The author label at the start of a message's first line. */
  label: string;
  text: string;
};

const COLOURS: Record<LineKind, string | undefined> = {
  customer: 'cyan',
  operator: 'green',
  bot: 'magenta',
  note: 'yellow',
  whisper: 'magentaBright',
  pending: 'gray',
  failed: 'red',
  marker: 'red',
  edge: 'gray',
  read: 'gray',
};

export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * `channelOf`: the channel mark before each message, where the pane shows several threads of one
 * customer together (issue 18 §1); absent for one thread.
 */
export type LabelContext = { me: string | null; lang: Lang; channelOf?: (message: Message) => string };

export function messageKind(message: Message): LineKind {
  if (message.whisper) return 'whisper';
  if (message.private) return 'note';
  return message.author.type;
}

export function messageLabel(message: Message, { me, lang }: LabelContext): string {
  const author = message.author.type === 'operator' && message.author.id === me ? t(lang, 'author.you') : null;
  const name = sanitizeLine(message.author.name ?? '', { maxLength: 40 }).trim();
  // A supervisor's whisper (issue 18 §4) reads apart from the operators' own notes, by word and colour.
  if (message.whisper) return `# ${t(lang, 'author.whisper')} · ${name || '?'}:`;
  if (message.private) return `# ${t(lang, 'author.note')} · ${author ?? (name || '?')}:`;
  switch (message.author.type) {
    case 'customer':
      return `< ${name || t(lang, 'author.customer')}:`;
    case 'operator':
      return `> ${author ?? (name || '?')}${deliveryMark(message, lang)}:`;
    case 'bot':
      return `* ${t(lang, 'author.bot')}${deliveryMark(message, lang)}:`;
  }
}

/**
 * How far an outbound message got, after its author: … waiting in the outbox, ✓ taken by the
 * provider, ✓✓ delivered, ✓✓ read. A failure has a line of its own under the message.
 */
function deliveryMark(message: Message, lang: Lang): string {
  switch (message.delivery?.status) {
    case 'pending':
      return ' …';
    case 'sent':
      return ' ✓';
    case 'delivered':
      return ' ✓✓';
    case 'read':
      return ` ✓✓ ${t(lang, 'delivery.read')}`;
    case 'failed':
    case undefined:
      return '';
  }
}

/** Lines of one message at a width; the customer's text goes through the terminal allow-list. */
export function messageLines(
  key: string,
  kind: LineKind,
  time: string,
  label: string,
  text: string,
  width: number,
): TranscriptLine[] {
  const body = Math.max(4, width - TIME_WIDTH);
  const wrapped = wrapText(`${label} ${sanitizeForTerminal(text)}`, body);
  return wrapped.map((line, index) => {
    const first = index === 0 && line.startsWith(label);
    return {
      key: `${key}:${index}`,
      kind,
      time: index === 0 ? time.padEnd(TIME_WIDTH) : ' '.repeat(TIME_WIDTH),
      label: first ? label : '',
      text: first ? line.slice(label.length) : line,
    };
  });
}

type Cached = {
  width: number;
  me: string | null;
  lang: Lang;
  firstFile: number;
  channel: string;
  lines: TranscriptLine[];
};
const wrapCache = new WeakMap<Message, Cached>();

function linesOfMessage(message: Message, width: number, context: LabelContext, firstFile: number): TranscriptLine[] {
  const cached = wrapCache.get(message);
  const channel = context.channelOf ? `[${context.channelOf(message)}] ` : '';
  if (
    cached &&
    cached.width === width &&
    cached.me === context.me &&
    cached.lang === context.lang &&
    cached.firstFile === firstFile &&
    cached.channel === channel
  )
    return cached.lines;
  // A message the provider refused for good (an SMTP 5xx, a chat that is gone) says so under it.
  const failed = message.delivery?.status === 'failed';
  const lines = messageLines(
    message.id,
    failed ? 'failed' : messageKind(message),
    clockTime(message.createdAt),
    channel + messageLabel(message, context),
    message.text,
    width,
  ).concat(attachmentLines(message, width, firstFile));
  if (failed) {
    const error = sanitizeLine(message.delivery?.error ?? '', { maxLength: 120 });
    const state = `[✗ ${t(context.lang, 'delivery.failed')}${error ? `: ${error}` : ''}]`;
    lines.push(
      ...wrapText(state, Math.max(4, width - TIME_WIDTH)).map((text, index) => ({
        key: `${message.id}:delivery:${index}`,
        kind: 'failed' as const,
        time: ' '.repeat(TIME_WIDTH),
        label: '',
        text,
      })),
    );
  }
  wrapCache.set(message, { width, me: context.me, lang: context.lang, firstFile, channel, lines });
  return lines;
}

/**
 * One line per file under its message: its number in the dialog (what `/save N` takes, counted
 * from the oldest loaded message), name and size. The name is the customer's text.
 */
export function attachmentLines(message: Message, width: number, firstFile = 1): TranscriptLine[] {
  const kind = messageKind(message);
  return (message.attachments ?? []).map((file, index) => ({
    key: `${message.id}:file:${index}`,
    kind,
    time: ' '.repeat(TIME_WIDTH),
    label: '',
    text: fitToWidth(
      `  [${firstFile + index}] ${sanitizeLine(file.name, { maxLength: 120 })} (${fileSize(file.size)})`,
      Math.max(4, width - TIME_WIDTH),
    ),
  }));
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function pendingLines(entry: OutboxEntry, width: number, context: LabelContext): TranscriptLine[] {
  const state =
    entry.state === 'failed'
      ? `✗ ${t(context.lang, 'pending.failed')}: ${sanitizeLine(entry.error ?? '', { maxLength: 120 })}`
      : t(context.lang, entry.state === 'queued' ? 'pending.queued' : 'pending.sending');
  const label = entry.private
    ? `# ${t(context.lang, 'author.note')} · ${t(context.lang, 'author.you')}:`
    : `> ${t(context.lang, 'author.you')}:`;
  const kind: LineKind = entry.state === 'failed' ? 'failed' : 'pending';
  return [
    ...messageLines(entry.clientId, kind, '  …', label, entry.text, width),
    { key: `${entry.clientId}:state`, kind, time: ' '.repeat(TIME_WIDTH), label: '', text: `[${state}]` },
  ];
}

export type TranscriptWindowInput = {
  messages: readonly Message[];
  pending: readonly OutboxEntry[];
  /** Draw the read marker after this message id (null: before the first); undefined: no marker. */
  markerAfter: string | null | undefined;
  /** The newest message the customer has seen: "✓✓ read" goes under the newest operator reply up to it. */
  customerReadUpTo?: string | null;
  /** Where the pane shows several threads: the one customerReadUpTo is about (another channel's replies are not read by it). */
  readIn?: string;
  complete: boolean;
  width: number;
  height: number;
  /** Lines scrolled up from the bottom. */
  scroll: number;
  context: LabelContext;
};

export type TranscriptWindow = { lines: TranscriptLine[]; scroll: number; atTop: boolean };

/** The lines that fit the pane at a scroll offset, laid out from the newest message backwards. */
export function transcriptWindow(input: TranscriptWindowInput): TranscriptWindow {
  const { messages, pending, markerAfter, width, height, context } = input;
  const wanted = Math.max(0, input.scroll) + height;
  const reversed: TranscriptLine[] = [];
  const push = (lines: readonly TranscriptLine[]) => {
    for (let i = lines.length - 1; i >= 0; i--) reversed.push(lines[i]);
  };
  for (let i = pending.length - 1; i >= 0; i--) push(pendingLines(pending[i], width, context));
  const markerIndex =
    markerAfter === undefined ? -2 : markerAfter === null ? -1 : messages.findLastIndex((m) => m.id === markerAfter);
  const showMarker = markerIndex >= -1 && markerIndex < messages.length - 1 && markerAfter !== undefined;
  const readIndex = readReplyIndex(messages, input.customerReadUpTo, input.readIn);
  // Files are numbered from the oldest message, the pane is laid out from the newest.
  let nextFile = 1;
  for (const message of messages) nextFile += message.attachments?.length ?? 0;
  let index = messages.length - 1;
  for (; index >= 0 && reversed.length < wanted; index--) {
    nextFile -= messages[index].attachments?.length ?? 0;
    if (index === readIndex)
      reversed.push({
        key: 'read',
        kind: 'read',
        time: ' '.repeat(TIME_WIDTH),
        label: '',
        text: `✓✓ ${t(context.lang, 'transcript.read')}`,
      });
    push(linesOfMessage(messages[index], width, context, nextFile));
    if (showMarker && index === markerIndex + 1) {
      const label = ` ${t(context.lang, 'transcript.new')} `;
      const side = Math.max(1, Math.floor((width - label.length) / 2));
      reversed.push({
        key: 'marker',
        kind: 'marker',
        time: '',
        label: '',
        text: fitToWidth(`${'─'.repeat(side)}${label}${'─'.repeat(side)}`, width).trimEnd(),
      });
    }
  }
  const atTop = index < 0;
  if (atTop) {
    const edge = t(context.lang, input.complete ? 'transcript.start' : 'transcript.earlier');
    reversed.push({ key: 'edge', kind: 'edge', time: '', label: '', text: `— ${edge} —` });
  }
  const total = reversed.length;
  const scroll = Math.max(0, Math.min(input.scroll, total - height));
  const from = scroll;
  const to = Math.min(total, scroll + height);
  const lines: TranscriptLine[] = [];
  for (let i = to - 1; i >= from; i--) lines.push(reversed[i]);
  return { lines, scroll, atTop: atTop && scroll + height >= total };
}

/** The newest operator reply (not a note) at or before the customer's read marker; -1 for none. */
function readReplyIndex(messages: readonly Message[], upTo: string | null | undefined, readIn?: string): number {
  if (!upTo) return -1;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (readIn !== undefined && m.conversationId !== readIn) continue;
    if (m.id <= upTo && m.author.type === 'operator' && !m.private) return i;
  }
  return -1;
}

export function TranscriptLines({ lines, width }: { lines: readonly TranscriptLine[]; width: number }) {
  return (
    <>
      {lines.map((line) => (
        <Text key={line.key} wrap="truncate-end">
          {line.time ? <Text dimColor>{line.time}</Text> : null}
          {line.label ? (
            <Text color={COLOURS[line.kind]} bold={line.kind !== 'pending'}>
              {line.label}
            </Text>
          ) : null}
          <Text
            dimColor={line.kind === 'pending' || line.kind === 'edge' || line.kind === 'read'}
            color={line.kind === 'marker' || line.kind === 'failed' ? COLOURS[line.kind] : undefined}
            italic={line.kind === 'note' || line.kind === 'whisper'}
          >
            {line.text || (line.time || line.label ? '' : ' ')}
          </Text>
        </Text>
      ))}
      {lines.length === 0 ? <Box width={width} /> : null}
    </>
  );
}
