// What the keys do while the customer's history is on screen (issue 18 §2): in the contact card,
// ↑↓ choose a conversation and Enter opens it read-only (only in an empty draft: otherwise they
// edit the draft, since the composer stays live beside the card); in a read-only transcript the
// keys scroll it and Esc goes back to the live dialog. Nothing typed reaches a composer while a
// transcript is read-only, so nothing can be sent from it. The tables are keyed by the keymap's
// own action types, so a binding added there without a handler here does not compile.
import type { Lang } from '../../shared/schemas';
import { historyLine } from './contact-pane';
import type { UiControls } from './console-ui-state';
import type { DeskModel } from './desk-model';
import type { ActionOf } from './keymap';

export type HistoryKeysInput = Pick<UiControls, 'ui' | 'update'> & {
  model: DeskModel;
  lang: Lang;
  /** Lines a page scroll moves. */
  pageRows: () => number;
};

export function cardActions({ model, lang, ui, update }: HistoryKeysInput): Record<ActionOf<'card'>, () => void> {
  const card = () => (model.selectedId ? model.cards.get(model.selectedId) : undefined);
  const choose = (index: number) => {
    const count = card()?.conversations.length ?? 0;
    const chosen = Math.max(0, Math.min(count - 1, index));
    if (chosen !== ui.current.cardChosen) update({ cardChosen: chosen });
    // The last row loaded is chosen: the next page comes while the operator reads it.
    if (model.selectedId && chosen >= count - 1) void model.moreHistory(model.selectedId);
  };
  return {
    'card.up': () => choose(ui.current.cardChosen - 1),
    'card.down': () => choose(ui.current.cardChosen + 1),
    'card.open': () => {
      const selectedId = model.selectedId;
      const entry = card()?.conversations[ui.current.cardChosen];
      if (!selectedId || !entry) return;
      // The dialog being answered is the live one, composer and all.
      if (entry.id === selectedId) return update({ contactOpen: false });
      model.openReadOnly({ conversationId: entry.id, title: historyLine(entry, selectedId, lang) });
    },
    'card.close': () => update({ contactOpen: false }),
  };
}

export function readOnlyActions({
  model,
  update,
  pageRows,
}: HistoryKeysInput): Record<ActionOf<'readonly'>, () => void> {
  const scroll = (lines: number) => model.readOnly?.scrollBy(lines);
  return {
    'readonly.pageUp': () => scroll(pageRows()),
    'readonly.pageDown': () => scroll(-pageRows()),
    'readonly.lineUp': () => scroll(1),
    'readonly.lineDown': () => scroll(-1),
    'readonly.close': () => {
      model.closeReadOnly();
      update({ contactOpen: false });
    },
  };
}
