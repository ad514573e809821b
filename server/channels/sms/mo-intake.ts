// Customers' SMS into conversations, acknowledged only after the commit, stored once.
//
// Durability: what the SMSC was told it may forget is on disk first. Each part of a long message
// is written to the channel's state (channel_state `sms-inbound`) before its deliver_sm_resp; the
// part that completes it is committed as the message, then answered. A part acked into memory
// alone would be lost with a restart, and the SMSC never sends it again.
//
// Dedup: SMPP's deliver_sm has no message id of its own, and an SMSC delivers again only what it
// got no deliver_sm_resp for. So a message is noted (sender, and the hash of its bytes; or sender,
// reference and count for a long one) with an id of textdesk's before it is committed, and stays
// noted until its answer is written, plus a minute for an SMSC that gave up waiting on a slow
// answer and sends again. A delivery matching a note reuses its id, and the store takes it once;
// the same words sent again later are a new message, as a customer's second "Да" is.
import { createHash } from 'node:crypto';
import smpp from 'smpp';
import { LIMITS } from '../../../shared/limits';
import { DeskError } from '../../desk/errors';
import type { ChannelRecord } from '../../desk/mappers';
import type { ChannelHost } from '../adapter';
import { contactOf, decodeText, type MessagePart, type PartCoding } from './inbound-pdu';

const STATE = 'sms-inbound';
/** A note answered this long ago still catches a repeat from an SMSC that timed out on the answer. */
const ANSWERED_GRACE_MS = 60_000;
/** A long message missing parts this long is taken as it is, the gaps marked. */
const PARTS_TIMEOUT_MS = 10 * 60_000;
/** A message whose commit failed and that the SMSC never sent again is forgotten after a day. */
const UNANSWERED_TTL_MS = 24 * 3600_000;
/** Long messages being put together at once, per channel; past it the oldest is taken as it is. */
const MAX_OPEN = 200;
const GAP = '[…]';

interface Note {
  /** The message's externalId. */
  id: string;
  at: number;
  answeredAt?: number;
  /** A long message's parts so far, base64 by sequence number. */
  parts?: Record<string, string>;
  total?: number;
  coding?: PartCoding;
  dataCoding?: number;
  contact?: { id: string; phone?: string };
}
type Notes = Record<string, Note>;

export class MoIntake {
  /** One delivery at a time per channel: the notes are read, changed and written whole. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly host: ChannelHost) {}

  take(channel: ChannelRecord, part: MessagePart, answer: (status: number) => boolean): Promise<void> {
    let answered = false;
    const once = (status: number) => {
      answered = true;
      return answer(status);
    };
    return this.serial(channel.id, async () => {
      try {
        await this.handle(channel, part, once);
      } finally {
        // The store failed before an answer: the SMSC is told to try again rather than left waiting.
        if (!answered) answer(smpp.errors.ESME_RX_T_APPN);
      }
    });
  }

  /** Takes long messages whose missing parts never came. */
  sweep(channel: ChannelRecord): Promise<void> {
    return this.serial(channel.id, async () => {
      const notes = await this.load(channel.id);
      if (await this.overdue(channel, notes, Date.now())) await this.save(channel.id, notes);
    });
  }

  private serial(channelId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(channelId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      this.host.log.error({ err: error, channel: channelId }, 'an inbound SMS could not be handled');
    });
    this.queues.set(channelId, next);
    return next;
  }

  private async handle(channel: ChannelRecord, part: MessagePart, answer: (status: number) => boolean) {
    const contact = contactOf(part.source);
    if (!contact) {
      answer(smpp.errors.ESME_RINVSRCADR);
      return;
    }
    const now = Date.now();
    const notes = await this.load(channel.id);
    await this.overdue(channel, notes, now);
    const concat = part.concat && part.concat.seq >= 1 && part.concat.seq <= part.concat.total ? part.concat : null;
    const key = concat
      ? `g:${contact.id}:${hash([part.destination, concat.ref, concat.total, part.dataCoding].join('|'))}`
      : `m:${contact.id}:${hash(`${part.destination}|${part.dataCoding}|${Buffer.from(part.payload).toString('base64')}`)}`;
    let note = notes[key];
    if (note?.answeredAt !== undefined) {
      // Taken and answered already: the SMSC did not hear the answer.
      answer(smpp.errors.ESME_ROK);
      return;
    }
    note ??= notes[key] = { id: `sms:${key}:${now.toString(36)}`, at: now };
    let text: string;
    if (concat) {
      Object.assign(note, { total: concat.total, coding: part.coding, dataCoding: part.dataCoding, contact });
      note.parts = { ...note.parts, [concat.seq]: Buffer.from(part.payload).toString('base64') };
      if (Object.keys(note.parts).length < concat.total) {
        await this.save(channel.id, notes);
        answer(smpp.errors.ESME_ROK);
        return;
      }
      text = joined(note);
    } else {
      text = decodeText(part.coding, part.dataCoding, part.payload);
    }
    await this.save(channel.id, notes);
    try {
      await this.commit(channel, note.id, contact, text);
    } catch (error) {
      // Nothing stored: the SMSC is told to try again (or, refused for good, to stop).
      const permanent =
        error instanceof DeskError && !['TOO_MANY_REQUESTS', 'SERVICE_UNAVAILABLE'].includes(error.code);
      this.host.log.warn({ err: error, channel: channel.id }, 'an SMS was not stored; the SMSC is told so');
      answer(permanent ? smpp.errors.ESME_RX_P_APPN : smpp.errors.ESME_RX_T_APPN);
      return;
    }
    // Unwritten (the link dropped): the note stays open, so the SMSC's next try finds the same id.
    if (!answer(smpp.errors.ESME_ROK)) return;
    note.answeredAt = Date.now();
    delete note.parts;
    await this.save(channel.id, notes);
  }

  private async commit(channel: ChannelRecord, externalId: string, contact: Note['contact'], text: string) {
    const result = await this.host.receive(channel, {
      externalId,
      // The sender's number, as the SMSC gives it, links the customer (issue 18 §1); a national
      // number is read in the desk's phone region, and a short code or a name links nothing.
      contact: {
        ...contact!,
        identities: [{ kind: 'phone', value: contact!.phone ?? contact!.id, source: 'sms-sender' }],
      },
      text: text.slice(0, LIMITS.messageText) || '[an empty SMS]',
    });
    if (!result.duplicate) this.host.accepted(channel);
  }

  /** Drops old notes and takes long messages overdue for their missing parts; true if anything changed. */
  private async overdue(channel: ChannelRecord, notes: Notes, now: number): Promise<boolean> {
    let changed = false;
    const open = Object.entries(notes).filter(([, n]) => n.parts && n.answeredAt === undefined);
    const excess = new Set(
      open
        .sort(([, a], [, b]) => a.at - b.at)
        .slice(0, Math.max(0, open.length - MAX_OPEN))
        .map(([key]) => key),
    );
    for (const [key, note] of Object.entries(notes)) {
      if (
        note.answeredAt !== undefined ? now - note.answeredAt > ANSWERED_GRACE_MS : now - note.at > UNANSWERED_TTL_MS
      ) {
        delete notes[key];
        changed = true;
      } else if (note.parts && note.answeredAt === undefined && (now - note.at > PARTS_TIMEOUT_MS || excess.has(key))) {
        try {
          await this.commit(channel, note.id, note.contact, joined(note));
        } catch (error) {
          this.host.log.warn({ err: error, channel: channel.id }, 'an incomplete long SMS was not stored yet');
          continue;
        }
        note.answeredAt = now;
        delete note.parts;
        changed = true;
      }
    }
    return changed;
  }

  private async load(channelId: string): Promise<Notes> {
    const saved = await this.host.state.get(channelId, STATE);
    return saved ? (JSON.parse(saved) as Notes) : {};
  }

  private save(channelId: string, notes: Notes): Promise<void> {
    return this.host.state.set(channelId, STATE, JSON.stringify(notes));
  }
}

/** A long message's text from the parts it has, in order, its missing parts marked. */
function joined(note: Note): string {
  const coding = note.coding ?? 'other';
  const pieces: string[] = [];
  let run: Buffer[] = [];
  const flush = () => {
    if (run.length) pieces.push(decodeText(coding, note.dataCoding ?? 0, Buffer.concat(run)));
    run = [];
  };
  for (let seq = 1; seq <= (note.total ?? 0); seq++) {
    const part = note.parts?.[seq];
    if (part === undefined) {
      flush();
      pieces.push(GAP);
    } else run.push(Buffer.from(part, 'base64'));
  }
  flush();
  return pieces.join('');
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
