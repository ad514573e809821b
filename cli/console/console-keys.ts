// What the operator's keys and slash commands do: one useInput handler resolves every key through
// the keymap, and the composer's slash commands reach the same handlers through `run`. Each
// main-screen action has one handler, with the guard that says when it cannot run and why beside
// it (as lazygit's bindings carry Handler and GetDisabledReason together); the handler table is
// keyed by the keymap's own action type, so an action added to the keymap without a handler does
// not compile.
//
// While the picker is open its keys go through this handler too (pickerKey): the console has one
// subscriber to Ink's input, so a key is handled once, by whichever part of the screen has it
// when the key comes, and keys that arrive in one chunk each see what the previous one did.
import { useCallback, useEffect, useRef } from 'react';
import { useInput, type Key } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { attachFile, numberedFiles, saveFile } from './attachment-files';
import { filesRefused } from './composer-count';
import { applyComposerKey } from './composer';
import * as edit from './composer-state';
import type { UiControls } from './console-ui-state';
import type { DeskModel } from './desk-model';
import { t } from './i18n';
import {
  openSuggestions,
  replaceWord,
  suggestionsKey,
  wordAtCursor,
  type SuggestionsState,
} from './spelling-suggestions';
import { cardActions, readOnlyActions } from './history-keys';
import { keypressesOf } from './stdin-filter';
import { newDialogCommand } from './new-dialog-form';
import { kbInput, searchKb } from './kb-keys';
import { openKb } from './kb-picker';
import { viaCommand } from './via-command';
import { runSearch, searchInput } from './search-keys';
import { openPicker, pickerKey, templateVars, type PickerState } from './template-picker';
import {
  isEditAction,
  matchAction,
  parseSlashCommand,
  type ActionOf,
  type EditAction,
  type KeyContext,
} from './keymap';

/** The main screen's actions: the global ones and the composer's, less editing (which changes the draft). */
export type ScreenAction = Exclude<ActionOf<'global'> | ActionOf<'composer'>, EditAction>;

export type KeyHandler = {
  /** `args`: what followed the slash command ('' for a key); `slot`: the dialog number of Alt+1…9. */
  run: (args: string, slot?: number) => void;
  /** Why the action cannot run now (shown as an error instead), or null when it can. */
  disabledReason?: () => string | null;
};

export type ScreenHandlers = Record<ScreenAction, KeyHandler>;

/** First word, and the rest. */
function splitFirst(args: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return match ? [match[1], match[2].trim()] : ['', ''];
}

export type ConsoleKeysInput = UiControls & {
  model: DeskModel;
  lang: Lang;
  onQuit: () => void;
  /** Terminal width: the composer wraps by it. */
  columns: number;
  /** Transcript rows on screen: a page up or down scrolls by nearly that much. */
  transcriptRows: number;
};

/** What the operator's actions do: the handler table and the actions the forms finish with. */
export function consoleActions({
  model,
  lang,
  onQuit,
  transcriptRows,
  ui,
  update,
  setOverlay,
  setScroll,
  currentDraft,
  setDraft,
}: Omit<ConsoleKeysInput, 'columns'>) {
  /** `chosen`: the operator named this very thread (its number), so the answer goes out on it. */
  const selectIndex = (index: number, chosen = false) => {
    const target = model.hotlist()[index];
    if (!target || target.id === model.selectedId) return;
    if (chosen) model.chooseThread(target.id);
    else model.open(target.id);
    update({ scroll: 0, cardChosen: 0 });
    if (ui.current.contactOpen) void model.customerCard(target.id);
  };

  /** Opens the dialog with this number (Alt+N, /go N): numbers stay with dialogs, rows do not. */
  const goto = (number: number) => {
    const target = Number.isInteger(number) ? model.numbered(number) : null;
    if (!target)
      return model.say('error', `${t(lang, 'notice.noDialogNumber')} ${Number.isNaN(number) ? '' : number}`.trim());
    selectIndex(
      model.hotlist().findIndex((c) => c.id === target.id),
      true,
    );
  };

  /** Moves the selection `step` customers along the hotlist, round the end (a customer's threads are one stop). */
  const step = (by: number) => {
    const hotlist = model.hotlist();
    if (hotlist.length === 0) return;
    const current = hotlist.findIndex((c) => c.id === model.selectedId);
    let index = current;
    do index = (index + by + hotlist.length) % hotlist.length;
    while (current >= 0 && index !== current && model.sameCustomer(hotlist[index].id, model.selectedId));
    selectIndex(index);
  };

  const chooseThread = (id: string, args: string) => {
    const chosen = viaCommand(model, lang, id, args);
    if (chosen && ui.current.contactOpen) void model.customerCard(chosen);
  };

  /** An action on the open dialog: disabled, saying so, while none is open. */
  const onDialog = (run: (conversationId: string, args: string) => void): KeyHandler => ({
    disabledReason: () => (model.selectedId ? null : t(lang, 'notice.noDialog')),
    run: (args) => {
      if (model.selectedId) run(model.selectedId, args);
    },
  });

  const resolve = (id: string, tag: string, outcome: string) =>
    void model.run(
      async () => {
        await model.client.resolve({ conversationId: id, ...(tag ? { tag } : {}), ...(outcome ? { outcome } : {}) });
        // The next resolve form offers it first.
        if (outcome) model.outcomes = [outcome, ...model.outcomes.filter((o) => o !== outcome)];
      },
      t(lang, 'notice.resolved'),
      id,
    );

  const transfer = (id: string, target: string, note: string) => {
    const to = model.transferTarget(target);
    if (!to)
      return model.say(
        'error',
        `${t(lang, 'notice.badTarget')}: ${sanitizeLine(target, { maxLength: 40 })}`,
        model.aboutDialog(id),
      );
    void model.run(() => model.client.transfer({ conversationId: id, to, note }), t(lang, 'notice.transferred'), id);
  };

  const callback = (id: string, phone: string, reason: string) =>
    void model.run(
      () => model.client.requestCallback({ conversationId: id, phone, reason }),
      `${t(lang, 'notice.callback')}: ${phone}`,
      id,
    );

  const setStatus = (status: 'available' | 'away') =>
    void model.run(
      async () => {
        model.operator = await model.client.setStatus(status);
      },
      `${t(lang, 'notice.status')}: ${t(lang, `status.${status}`)}`,
    );

  const sendText = (id: string, text: string, isPrivate: boolean) => {
    if (text.trim() === '') return;
    model.send(id, text.trim(), isPrivate);
    if (model.connection !== 'online') model.say('info', t(lang, 'notice.queued'));
  };

  /** Enter: sends the draft, or runs the slash command typed into it. */
  const submit = () => {
    const text = currentDraft().text;
    if (text.trim() === '') return;
    if (text.startsWith('/')) {
      const command = parseSlashCommand(text);
      if (command) {
        setDraft(edit.clear());
        return run(command.action, command.args);
      }
      if (/^\/[a-z]+(?:\s|$)/i.test(text))
        return model.say(
          'error',
          `${t(lang, 'notice.unknownCommand')}: ${sanitizeLine(text.split(/\s/)[0], { maxLength: 30 })}`,
        );
    }
    const selectedId = model.selectedId;
    if (!selectedId) return model.say('error', t(lang, 'notice.noDialog'));
    sendText(selectedId, text, ui.current.noteMode.has(model.selected?.customerId ?? ''));
    setDraft(edit.clear());
  };

  const pageRows = () => Math.max(1, transcriptRows - 2);

  /** Opens the suggestions for the word at the cursor at once, and fills them in when the server answers. */
  const suggest = () => {
    const span = wordAtCursor(currentDraft());
    if (!span) return;
    const opened = openSuggestions(span);
    setOverlay({ kind: 'spelling', spelling: opened });
    const stillOpen = () => {
      const overlay = ui.current.overlay;
      return (
        overlay?.kind === 'spelling' && overlay.spelling.suggestions === null && overlay.spelling.word === span.word
      );
    };
    model.client.suggestSpelling(span.word).then(
      ({ ready, suggestions }) => {
        if (stillOpen()) setOverlay({ kind: 'spelling', spelling: { ...opened, ready, suggestions } });
      },
      (error: unknown) => {
        if (stillOpen()) setOverlay(null);
        model.say('error', (error as Error).message);
      },
    );
  };

  const handlers: ScreenHandlers = {
    'dialog.goto': { run: (args, slot) => goto(slot ?? Number.parseInt(args, 10)) },
    'dialog.next': { run: () => step(1) },
    'dialog.prev': { run: () => step(-1) },
    'dialog.urgent': {
      run: () => {
        const urgent = model.mostUrgent();
        if (urgent) selectIndex(model.hotlist().findIndex((c) => c.id === urgent.id));
      },
    },
    'transcript.pageUp': { run: () => setScroll((value) => value + pageRows()) },
    'transcript.pageDown': { run: () => setScroll((value) => Math.max(0, value - pageRows())) },
    'contact.show': onDialog((id) => {
      if (!ui.current.contactOpen) void model.customerCard(id);
      update((state) => ({ contactOpen: !state.contactOpen, cardChosen: 0 }));
    }),
    'note.toggle': onDialog((id, args) => {
      if (args) return sendText(id, args, true);
      const customerId = model.conversations.get(id)?.customerId ?? id;
      update((state) => {
        const next = new Set(state.noteMode);
        if (next.has(customerId)) next.delete(customerId);
        else next.add(customerId);
        return { noteMode: next };
      });
    }),
    'dialog.resolve': onDialog((id, args) => {
      if (!args) return setOverlay({ kind: 'form', form: 'resolve' });
      const [tag, outcome] = splitFirst(args);
      resolve(id, tag, outcome);
    }),
    'dialog.transfer': onDialog((id, args) => {
      if (!args) return setOverlay({ kind: 'form', form: 'transfer' });
      const [target, note] = splitFirst(args);
      transfer(id, target, note);
    }),
    'dialog.callback': onDialog((id, args) => {
      if (!args) return setOverlay({ kind: 'form', form: 'callback' });
      const phone = /^\+?[0-9 ()-]*[0-9)]/.exec(args)?.[0] ?? splitFirst(args)[0];
      callback(id, phone.trim(), args.slice(phone.length).trim());
    }),
    'dialog.hold': onDialog((id) => {
      const on = !model.conversations.get(id)?.held;
      void model.run(
        () => model.client.hold!({ conversationId: id, on }),
        t(lang, on ? 'notice.held' : 'notice.unheld'),
        id,
      );
    }),
    'dialog.new': { run: (args) => newDialogCommand(model, lang, args, setOverlay) },
    'thread.via': onDialog((id, args) => chooseThread(id, args)),
    'customer.merge': onDialog(() => {
      if (!model.client.mergeCustomers) return model.say('error', t(lang, 'notice.noMerge'));
      setOverlay({ kind: 'form', form: 'merge' });
    }),
    'message.retry': onDialog((id) => {
      const failed = model.transcript(id).findLast((m) => m.delivery?.status === 'failed');
      if (!failed) return model.say('error', t(lang, 'notice.nothingToRetry'), model.aboutDialog(id));
      model.client.retryDelivery({ conversationId: id, messageId: failed.id }).then(
        () => model.say('info', t(lang, 'notice.retrying'), model.aboutDialog(id)),
        (error: unknown) => model.say('error', (error as Error).message, model.aboutDialog(id)),
      );
    }),
    'file.save': onDialog((id, args) => {
      const [number, target] = splitFirst(args);
      // Numbered as the pane shows them: across the customer's threads when it shows several.
      const entry = numberedFiles(model.shownTranscript(id)).find((f) => f.number === Number.parseInt(number, 10));
      if (!entry) return model.say('error', t(lang, 'notice.noFile'), model.aboutDialog(id));
      void saveFile(model.client, entry.message.conversationId, entry, target, process.cwd()).then(
        (written) => model.say('info', `${t(lang, 'notice.saved')}: ${sanitizeLine(written, { maxLength: 200 })}`),
        (error: unknown) => model.say('error', (error as Error).message, model.aboutDialog(id)),
      );
    }),
    'file.attach': onDialog((id, args) => {
      const refused = filesRefused(model.windows.limits(id), model.conversations.get(id)?.channelKind, lang);
      if (refused) return model.say('error', refused, model.aboutDialog(id));
      if (!args.trim()) return model.say('error', t(lang, 'notice.attachWhat'));
      void attachFile(model.client, id, args.trim(), process.cwd()).then(
        (name) =>
          model.say(
            'info',
            `${t(lang, 'notice.attached')}: ${sanitizeLine(name, { maxLength: 200 })}`,
            model.aboutDialog(id),
          ),
        (error: unknown) => model.say('error', (error as Error).message, model.aboutDialog(id)),
      );
    }),
    'status.available': { run: () => setStatus('available') },
    'status.away': { run: () => setStatus('away') },
    'help.open': { run: () => setOverlay({ kind: 'help' }) },
    'reviews.show': {
      run: () => {
        void model.loadReviews();
        setOverlay({ kind: 'reviews' });
      },
    },
    'app.quit': { run: () => onQuit() },
    'template.open': {
      run: (args) => {
        // Past a channel's reply window only its approved templates go: they replace the canned replies.
        const id = model.selectedId;
        if (id && model.windows.closed(id)) {
          if (model.windows.templates(id).length === 0) return model.say('error', t(lang, 'notice.noChannelTemplates'));
          return setOverlay({ kind: 'form', form: 'channelTemplate' });
        }
        setOverlay({ kind: 'picker', picker: openPicker(args) });
      },
    },
    'kb.open': {
      disabledReason: () => (model.client.kbSearch ? null : t(lang, 'notice.kbUnavailable')),
      run: (args) => {
        const opened = openKb(args);
        setOverlay({ kind: 'kb', kb: opened });
        searchKb({ model, ui, setOverlay }, opened);
      },
    },
    'search.open': { run: (args) => runSearch({ model, lang, ui, setOverlay }, args) },
    'spelling.suggest': {
      disabledReason: () => (wordAtCursor(currentDraft()) ? null : t(lang, 'notice.noWord')),
      run: () => suggest(),
    },
    'message.send': { run: () => submit() },
  };

  /** Runs an action by key or slash command, unless its guard says why it cannot run now. */
  const run = (action: ScreenAction, args = '', slot?: number): void => {
    const handler = handlers[action];
    const reason = handler.disabledReason?.() ?? null;
    if (reason !== null) return model.say('error', reason);
    handler.run(args, slot);
  };

  const history = { model, lang, ui, update, pageRows };
  return {
    handlers,
    run,
    resolve,
    transfer,
    callback,
    card: cardActions(history),
    readOnly: readOnlyActions(history),
  };
}

/**
 * One key in the picker. Choosing closes the picker and inserts the text into the draft, and
 * that is all the key does: the draft is sent by a later Enter, in the composer.
 */
function pickerInput(
  { model, columns, setOverlay, currentDraft, setDraft }: ConsoleKeysInput,
  run: ReturnType<typeof consoleActions>['run'],
  state: PickerState,
  text: string,
  key: Key,
): void {
  if (matchAction(text, key, 'picker')?.action === 'app.quit') return run('app.quit');
  const outcome = pickerKey(state, text, key, {
    templates: model.templates,
    usage: model.templateUsageSnapshot(),
    vars: templateVars(model.selected, model.operator),
    width: columns,
  });
  switch (outcome.kind) {
    case 'edit':
      return setOverlay({ kind: 'picker', picker: outcome.state });
    case 'cancel':
      return setOverlay(null);
    case 'command':
      setOverlay(null);
      return run(outcome.command.action, outcome.command.args);
    case 'choose':
      setOverlay(null);
      model.useTemplate(outcome.template);
      return setDraft(edit.insert(currentDraft(), outcome.text));
    case 'ignore':
      return;
  }
}

/**
 * One key in the spelling suggestions. Choosing replaces the word in the draft, or adds it to the
 * operator's dictionary, and closes the list; it never sends.
 */
function spellingInput(
  { model, lang, setOverlay, currentDraft, setDraft }: ConsoleKeysInput,
  run: ReturnType<typeof consoleActions>['run'],
  state: SuggestionsState,
  text: string,
  key: Key,
): void {
  if (matchAction(text, key, 'spelling')?.action === 'app.quit') return run('app.quit');
  const outcome = suggestionsKey(state, text, key);
  switch (outcome.kind) {
    case 'edit':
      return setOverlay({ kind: 'spelling', spelling: outcome.state });
    case 'cancel':
      return setOverlay(null);
    case 'replace': {
      setOverlay(null);
      const next = replaceWord(currentDraft(), state, outcome.replacement);
      if (!next) return model.say('error', t(lang, 'notice.wordChanged'));
      model.spelling.settle(outcome.replacement);
      return setDraft(next);
    }
    case 'add':
      setOverlay(null);
      void model.run(
        async () => {
          await model.client.addWord(state.word);
          model.spelling.settle(state.word);
        },
        `${t(lang, 'notice.wordAdded')}: ${sanitizeLine(state.word, { maxLength: 64 })}`,
      );
      return;
    case 'ignore':
      return;
  }
}

/** Handles the keys; returns the actions that overlays (the forms) finish with. */
export function useConsoleKeys(input: ConsoleKeysInput) {
  const actions = consoleActions(input);
  const latest = useRef({ input, actions });
  useEffect(() => {
    latest.current = { input, actions };
  });

  /** One keypress, handled by whatever has the keys now (ui.current, not the last render). */
  const handleKey = useCallback((text: string, key: Key) => {
    const { input: current, actions: now } = latest.current;
    const { ui, columns, currentDraft, setDraft } = current;
    const { overlay } = ui.current;
    if (overlay?.kind === 'picker') return pickerInput(current, now.run, overlay.picker, text, key);
    if (overlay?.kind === 'kb') return kbInput(current, now.run, overlay.kb, text, key);
    if (overlay?.kind === 'search') return searchInput(current, now.run, overlay.search, text, key);
    if (overlay?.kind === 'spelling') return spellingInput(current, now.run, overlay.spelling, text, key);
    if (overlay) {
      // The help and the forms handle their own keys; quitting works from every one of them.
      // The reviews overlay reads with the help's keys (cli/console/reviews-overlay.tsx).
      const context: KeyContext = overlay.kind === 'form' ? 'form' : 'help';
      if (matchAction(text, key, context)?.action === 'app.quit') now.run('app.quit');
      return;
    }
    // A transcript open read-only has the keys: no composer, so nothing typed can be sent.
    if (current.model.readOnly) {
      const readOnly = matchAction(text, key, 'readonly');
      if (readOnly?.action === 'app.quit') return now.run('app.quit');
      if (readOnly) now.readOnly[readOnly.action]();
      return;
    }
    const draft = currentDraft();
    const composerEmpty = edit.isEmpty(draft);
    if (ui.current.contactOpen) {
      const card = matchAction(text, key, 'card', { composerEmpty });
      if (card && card.action !== 'app.quit') return now.card[card.action]();
    }
    const match = matchAction(text, key, 'composer', { composerEmpty });
    if (match && !isEditAction(match.action)) return now.run(match.action, '', match.slot);
    const next = applyComposerKey(draft, text, key, columns);
    if (next && next !== draft) setDraft(next);
  }, []);

  // The handler Ink calls never changes, so it stays subscribed from the first render, ahead of
  // the help's and the forms' own handlers (Ink calls them in the order they subscribed): when
  // Enter submits a form, this one has already seen the form open and left the key to it.
  const onInput = useCallback(
    (text: string, key: Key) => {
      for (const press of keypressesOf(text, key)) handleKey(press.input, press.key);
    },
    [handleKey],
  );
  useInput(onInput);

  return actions;
}
