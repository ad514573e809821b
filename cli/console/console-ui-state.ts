// The console's own screen state (not the desk's): which overlay is open, drafts per customer,
// note mode and transcript scroll. The app keeps it in a ref so keys arriving in one chunk each
// see what the previous one did; this is the handle the key handlers are given to change it.
import type { MutableRefObject } from 'react';
import type { ComposerState } from './composer-state';
import type { Drafts } from './drafts';
import type { KbState } from './kb-picker';
import type { SearchListState } from './search-picker';
import type { SuggestionsState } from './spelling-suggestions';
import type { PickerState } from './template-picker';

export type FormKind =
  'resolve' | 'transfer' | 'callback' | 'channelTemplate' | 'templateParams' | 'newDialog' | 'merge' | 'mergeConfirm';
/** A conversation being started (/new) whose channel takes a template first: where, and to whom. */
export type PendingStart = { channelId: string; to: string };
/** The customer /merge picked, for its confirm step: their id and how the search listed them. */
export type MergeTarget = { customerId: string; label: string };
export type Overlay =
  | { kind: 'help' }
  /** The operator's own quality reviews (issue 18 §4). */
  | { kind: 'reviews' }
  | { kind: 'picker'; picker: PickerState }
  /** The knowledge base (Ctrl+K): its search, or an article shown in the transcript pane. */
  | { kind: 'kb'; kb: KbState }
  /** /search TEXT: the hits, one to open read-only (issue 18 §3). */
  | { kind: 'search'; search: SearchListState }
  | { kind: 'spelling'; spelling: SuggestionsState }
  /** `template`: the channel template whose parameters the templateParams form asks for. */
  | { kind: 'form'; form: FormKind; template?: string; start?: PendingStart; merge?: MergeTarget }
  | null;
export type UiState = {
  overlay: Overlay;
  contactOpen: boolean;
  /** The contact card's chosen conversation, by its place in the list (newest first). */
  cardChosen: number;
  drafts: Drafts;
  /** Customers (all their threads here) whose composer writes private notes. */
  noteMode: ReadonlySet<string>;
  /** Transcript lines scrolled up from the newest. */
  scroll: number;
};

export type UiControls = {
  ui: MutableRefObject<UiState>;
  update: (patch: Partial<UiState> | ((state: UiState) => Partial<UiState>)) => void;
  setOverlay: (overlay: Overlay) => void;
  setScroll: (scroll: number | ((value: number) => number)) => void;
  currentDraft: () => ComposerState;
  setDraft: (next: ComposerState) => void;
};
