// Unsent drafts per customer of a dialog: switching away keeps what was typed, and so does choosing
// another of their threads to answer on. Immutable so it can live in React state; an emptied draft is
// dropped so customers who have left do not accumulate.
import { emptyComposer, type ComposerState } from './composer-state';

export type Drafts = ReadonlyMap<string, ComposerState>;

export const noDrafts: Drafts = new Map();

export function draftOf(drafts: Drafts, customerId: string): ComposerState {
  return drafts.get(customerId) ?? emptyComposer;
}

export function withDraft(drafts: Drafts, customerId: string, draft: ComposerState): Drafts {
  const next = new Map(drafts);
  if (draft.text === '') next.delete(customerId);
  else next.set(customerId, draft);
  return next;
}
