// What the operator's keys and slash commands do: one useInput handler resolves every key through
// the keymap, and the composer's slash commands reach the same actions through `run`.
import { useInput } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { applyComposerKey } from './composer';
import * as edit from './composer-state';
import type { UiControls } from './console-ui-state';
import type { DeskModel } from './desk-model';
import { t } from './i18n';
import { isEditAction, matchAction, parseSlashCommand, type ConsoleAction, type KeyContext } from './keymap';

/** First word, and the rest. */
function splitFirst(args: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return match ? [match[1], match[2].trim()] : ['', ''];
}

type ConsoleKeysInput = UiControls & {
  model: DeskModel;
  lang: Lang;
  onQuit: () => void;
  /** Terminal width: the composer wraps by it. */
  columns: number;
  /** Transcript rows on screen: a page up or down scrolls by nearly that much. */
  transcriptRows: number;
};

/** Handles the keys; returns the actions that overlays (the picker, the forms) finish with. */
export function useConsoleKeys({
  model,
  lang,
  onQuit,
  columns,
  transcriptRows,
  ui,
  update,
  setOverlay,
  setScroll,
  currentDraft,
  setDraft,
}: ConsoleKeysInput) {
  const selectIndex = (index: number) => {
    const target = model.hotlist()[index];
    if (!target || target.id === model.selectedId) return;
    model.open(target.id);
    update({ scroll: 0 });
    if (ui.current.contactOpen) void model.customerCard(target.id);
  };

  const requireDialog = (): string | null => {
    if (!model.selectedId) model.say('error', t(lang, 'notice.noDialog'));
    return model.selectedId;
  };

  const resolve = (id: string, tag: string, outcome: string) =>
    void model.run(
      () => model.client.resolve({ conversationId: id, ...(tag ? { tag } : {}), ...(outcome ? { outcome } : {}) }),
      t(lang, 'notice.resolved'),
    );

  const transfer = (id: string, target: string, note: string) => {
    const to = model.transferTarget(target);
    if (!to) return model.say('error', `${t(lang, 'notice.badTarget')}: ${sanitizeLine(target, { maxLength: 40 })}`);
    void model.run(() => model.client.transfer({ conversationId: id, to, note }), t(lang, 'notice.transferred'));
  };

  const callback = (id: string, phone: string, reason: string) =>
    void model.run(
      () => model.client.requestCallback({ conversationId: id, phone, reason }),
      `${t(lang, 'notice.callback')}: ${phone}`,
    );

  const setStatus = (status: 'available' | 'away') =>
    void model.run(
      async () => {
        const operator = await model.client.setStatus(status);
        if (operator && typeof operator === 'object' && 'status' in operator) model.operator = operator;
      },
      `${t(lang, 'notice.status')}: ${t(lang, `status.${status}`)}`,
    );

  const sendText = (text: string, isPrivate: boolean) => {
    const id = requireDialog();
    if (!id || text.trim() === '') return;
    model.send(id, text.trim(), isPrivate);
    if (model.connection !== 'online') model.say('info', t(lang, 'notice.queued'));
  };

  const run = (action: ConsoleAction, args = '', slot?: number): unknown => {
    const hotlist = model.hotlist();
    const currentIndex = hotlist.findIndex((c) => c.id === model.selectedId);
    switch (action) {
      case 'dialog.goto':
        return selectIndex((slot ?? Number.parseInt(args, 10)) - 1);
      case 'dialog.next':
        return hotlist.length > 0 && selectIndex((currentIndex + 1) % hotlist.length);
      case 'dialog.prev':
        return hotlist.length > 0 && selectIndex((currentIndex - 1 + hotlist.length) % hotlist.length);
      case 'dialog.urgent': {
        const urgent = model.mostUrgent();
        return urgent && selectIndex(hotlist.findIndex((c) => c.id === urgent.id));
      }
      case 'transcript.pageUp':
        return setScroll((value) => value + Math.max(1, transcriptRows - 2));
      case 'transcript.pageDown':
        return setScroll((value) => Math.max(0, value - Math.max(1, transcriptRows - 2)));
      case 'contact.show': {
        const id = requireDialog();
        if (!id) return;
        if (!ui.current.contactOpen) void model.customerCard(id);
        return update((state) => ({ contactOpen: !state.contactOpen }));
      }
      case 'note.toggle': {
        if (args) return sendText(args, true);
        const id = requireDialog();
        if (!id) return;
        return update((state) => {
          const next = new Set(state.noteMode);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return { noteMode: next };
        });
      }
      case 'dialog.resolve': {
        const id = requireDialog();
        if (!id) return;
        if (!args) return setOverlay({ kind: 'form', form: 'resolve' });
        const [tag, outcome] = splitFirst(args);
        return resolve(id, tag, outcome);
      }
      case 'dialog.transfer': {
        const id = requireDialog();
        if (!id) return;
        if (!args) return setOverlay({ kind: 'form', form: 'transfer' });
        const [target, note] = splitFirst(args);
        return transfer(id, target, note);
      }
      case 'dialog.callback': {
        const id = requireDialog();
        if (!id) return;
        if (!args) return setOverlay({ kind: 'form', form: 'callback' });
        const phone = /^\+?[0-9 ()-]*[0-9)]/.exec(args)?.[0] ?? splitFirst(args)[0];
        return callback(id, phone.trim(), args.slice(phone.length).trim());
      }
      case 'status.available':
        return setStatus('available');
      case 'status.away':
        return setStatus('away');
      case 'help.open':
        return setOverlay({ kind: 'help' });
      case 'app.quit':
        return onQuit();
      case 'template.open':
        return setOverlay({ kind: 'picker', query: args });
      case 'message.send':
        return submit();
      default:
        return undefined;
    }
  };

  const submit = (): unknown => {
    const text = currentDraft().text;
    const selectedId = model.selectedId;
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
    if (!selectedId) return model.say('error', t(lang, 'notice.noDialog'));
    sendText(text, ui.current.noteMode.has(selectedId));
    setDraft(edit.clear());
  };

  useInput((input, key) => {
    const { overlay } = ui.current;
    if (overlay) {
      const context: KeyContext = overlay.kind === 'form' ? 'form' : overlay.kind;
      if (matchAction(input, key, context)?.action === 'app.quit') onQuit();
      return;
    }
    const draft = currentDraft();
    const match = matchAction(input, key, 'composer', { composerEmpty: edit.isEmpty(draft) });
    if (match && !isEditAction(match.action)) return run(match.action, '', match.slot);
    const next = applyComposerKey(draft, input, key, columns);
    if (next && next !== draft) setDraft(next);
  });

  return { run, resolve, transfer, callback };
}
