// Manual merge and unmerge of customers (issue 18 §1), as rules over plain records. A merge of B
// into A moves every row of B (conversations, contacts, identities, call-backs) to A and records
// their keys; B's own row stays, marked merged into A. An unmerge moves exactly the recorded rows
// back and clears the mark. What arrived after the merge (a new conversation, an identity linked
// through a contact that had moved) belongs to A and stays with A. Refused, with what to do:
// a merge into itself, of or into a merged customer, an unmerge done already, and an unmerge while
// A itself is merged into someone else (the later merge holds B's rows too: undo it first).

/** A customer as merging sees it. */
export interface MergeSubject {
  id: string;
  mergedInto: string | null;
}

/** The keys of the rows a merge moved. */
export interface MovedRows {
  conversations: string[];
  contacts: { channelId: string; externalId: string }[];
  identities: string[];
  callbacks: string[];
}

export interface MergeRecord {
  id: string;
  intoCustomerId: string;
  fromCustomerId: string;
  moved: MovedRows;
  unmergedAt: number | null;
}

export class MergeRefused extends Error {
  constructor(
    readonly reason: 'same-customer' | 'already-merged' | 'already-unmerged' | 'merged-later',
    message: string,
  ) {
    super(message);
  }
}

/** Throws MergeRefused unless `from` may join `into`. */
export function checkMerge(into: MergeSubject, from: MergeSubject): void {
  if (into.id === from.id)
    throw new MergeRefused('same-customer', `customer ${into.id} cannot be merged into itself: name another customer`);
  for (const subject of [from, into])
    if (subject.mergedInto !== null)
      throw new MergeRefused(
        'already-merged',
        `customer ${subject.id} was merged into ${subject.mergedInto}: merge with ${subject.mergedInto} instead`,
      );
}

/** Throws MergeRefused unless `merge` may be undone now; `into` is its surviving customer as it stands. */
export function checkUnmerge(merge: Pick<MergeRecord, 'id' | 'unmergedAt'>, into: MergeSubject): void {
  if (merge.unmergedAt !== null)
    throw new MergeRefused('already-unmerged', `merge ${merge.id} was undone already: nothing to unmerge`);
  if (into.mergedInto !== null)
    throw new MergeRefused(
      'merged-later',
      `customer ${into.id} was merged into ${into.mergedInto} since: undo that merge first, then this one`,
    );
}

export function movedCounts(moved: MovedRows) {
  return {
    conversations: moved.conversations.length,
    contacts: moved.contacts.length,
    identities: moved.identities.length,
    callbacks: moved.callbacks.length,
  };
}

/** The stored form of the moved keys (a JSON column, one for both stores). */
export function movedToJson(moved: MovedRows): string {
  return JSON.stringify(moved);
}

export function movedFromJson(json: string): MovedRows {
  const parsed = JSON.parse(json) as Partial<MovedRows>;
  return {
    conversations: parsed.conversations ?? [],
    contacts: parsed.contacts ?? [],
    identities: parsed.identities ?? [],
    callbacks: parsed.callbacks ?? [],
  };
}
