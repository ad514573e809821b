// Unsent drafts per dialog: switching away from a conversation keeps what was typed there.
// Immutable so it can live in React state; an emptied draft is dropped so resolved and
// transferred dialogs do not accumulate.
import { emptyComposer, type ComposerState } from './composer-state';

export type Drafts = ReadonlyMap<string, ComposerState>;

export const noDrafts: Drafts = new Map();

export function draftOf(drafts: Drafts, conversationId: string): ComposerState {
  return drafts.get(conversationId) ?? emptyComposer;
}

export function withDraft(drafts: Drafts, conversationId: string, draft: ComposerState): Drafts {
  const next = new Map(drafts);
  if (draft.text === '') next.delete(conversationId);
  else next.set(conversationId, draft);
  return next;
}
