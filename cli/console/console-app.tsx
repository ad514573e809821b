// The operator console: status line on top, hotlist left, transcript right, the composer at the
// bottom and always focused. One useInput handler resolves every key through the keymap; slash
// commands in the composer reach the same actions. The live frame is kept one row shorter than
// the terminal (a frame as tall as the terminal makes Ink clear the screen on every update).
import { memo, useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { ActionForm, type FormSpec, type FormValues } from './action-form';
import { applyComposerKey, Composer, composerWrapWidth } from './composer';
import * as edit from './composer-state';
import type { ComposerState } from './composer-state';
import { ContactPane } from './contact-pane';
import type { DeskModel } from './desk-model';
import { draftOf, noDrafts, withDraft, type Drafts } from './drafts';
import { HelpOverlay } from './help-overlay';
import { conversationSla, customerLabel, formatWait, Hotlist, hotlistEntries, SLA_MARKS } from './hotlist';
import { t } from './i18n';
import { isEditAction, matchAction, parseSlashCommand, type ConsoleAction, type KeyContext } from './keymap';
import { StatusLine } from './status-line';
import { TemplatePicker } from './template-picker';
import { layoutLines, splitGraphemes, textWidth } from './text-layout';
import { transcriptWindow, TranscriptLines } from './transcript';

export type TerminalSize = { columns: number; rows: number };

/** Below this the console shows only the status, a hint and the composer. */
export const MIN_SIZE: TerminalSize = { columns: 40, rows: 10 };
/** Below this width the hotlist pane folds into the transcript header. */
const TWO_PANE_COLUMNS = 70;
const COMPOSER_MAX_ROWS = 4;

type FormKind = 'resolve' | 'transfer' | 'callback';
type Overlay = { kind: 'help' } | { kind: 'picker'; query: string } | { kind: 'form'; form: FormKind } | null;
type UiState = {
  overlay: Overlay;
  contactOpen: boolean;
  drafts: Drafts;
  /** Dialogs whose composer writes private notes. */
  noteMode: ReadonlySet<string>;
  /** Transcript lines scrolled up from the newest. */
  scroll: number;
};

export type ConsoleAppProps = {
  model: DeskModel;
  lang: Lang;
  onQuit: () => void;
  /** The clock for timers and SLA marks (tests pin it). */
  now?: () => number;
  /** How often timers refresh; 0 turns the tick off (tests, the bench). */
  tickMs?: number;
  /** Overrides the terminal's size (tests). */
  size?: TerminalSize;
};

function useTerminalSize(override?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return override ?? size;
}

function useNow(now: () => number, tickMs: number): number {
  const [at, setAt] = useState(now);
  useEffect(() => {
    if (tickMs <= 0) return;
    const timer = setInterval(() => setAt(now()), tickMs);
    return () => clearInterval(timer);
  }, [now, tickMs]);
  return tickMs <= 0 ? now() : at;
}

/** First word, and the rest. */
function splitFirst(args: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
  return match ? [match[1], match[2].trim()] : ['', ''];
}

export function ConsoleApp({ model, lang, onQuit, now = Date.now, tickMs = 1000, size: sizeOverride }: ConsoleAppProps) {
  // Panes below are memoised on this: a keystroke in the composer redraws the composer only.
  const version = useSyncExternalStore(model.subscribe, model.getVersion);
  const size = useTerminalSize(sizeOverride);
  const at = useNow(now, tickMs);
  // UI state lives in a ref as well as on screen: keys that arrive in one chunk (a fast typist,
  // tmux send-keys) are handled before React re-renders, and each must see what the previous did.
  const ui = useRef<UiState>({ overlay: null, contactOpen: false, drafts: noDrafts, noteMode: new Set(), scroll: 0 });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const update = (patch: Partial<UiState> | ((state: UiState) => Partial<UiState>)) => {
    ui.current = { ...ui.current, ...(typeof patch === 'function' ? patch(ui.current) : patch) };
    rerender();
  };
  const setOverlay = (overlay: Overlay) => update({ overlay });
  const setScroll = useCallback((scroll: number | ((value: number) => number)) => {
    const value = typeof scroll === 'function' ? scroll(ui.current.scroll) : scroll;
    if (value === ui.current.scroll) return;
    ui.current = { ...ui.current, scroll: value };
    rerender();
  }, []);
  const currentDraft = () => draftOf(ui.current.drafts, model.selectedId ?? '');
  const setDraft = (next: ComposerState) => update((state) => ({ drafts: withDraft(state.drafts, model.selectedId ?? '', next) }));
  const { overlay, contactOpen, noteMode, scroll } = ui.current;

  const selected = model.selected;
  const selectedId = selected?.id ?? null;
  const draft = currentDraft();
  const hotlist = useMemo(() => model.hotlist(), [model, version]);

  // ---- geometry ----
  const { columns, rows } = size;
  const frameRows = Math.max(1, rows - 1);
  const tiny = columns < MIN_SIZE.columns || rows < MIN_SIZE.rows;
  const composerLines = layoutLines(splitGraphemes(draft.text), composerWrapWidth(columns)).length;
  const composerRows = Math.min(COMPOSER_MAX_ROWS, Math.max(1, composerLines), Math.max(1, frameRows - 3));
  const bodyRows = Math.max(0, frameRows - 2 - composerRows);
  const twoPane = columns >= TWO_PANE_COLUMNS;
  const hotlistWidth = twoPane ? Math.min(36, Math.max(26, Math.floor(columns * 0.32))) : 0;
  const mainWidth = columns - hotlistWidth - (twoPane ? 1 : 0);
  const transcriptRows = Math.max(0, bodyRows - 1);


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
    void model.run(() => model.client.requestCallback({ conversationId: id, phone, reason }), `${t(lang, 'notice.callback')}: ${phone}`);

  const setStatus = (status: 'available' | 'away') =>
    void model.run(async () => {
      const operator = await model.client.setStatus(status);
      if (operator && typeof operator === 'object' && 'status' in operator) model.operator = operator;
    }, `${t(lang, 'notice.status')}: ${t(lang, `status.${status}`)}`);

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
      if (/^\/[a-z]+(?:\s|$)/i.test(text)) return model.say('error', `${t(lang, 'notice.unknownCommand')}: ${sanitizeLine(text.split(/\s/)[0], { maxLength: 30 })}`);
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

  // ---- the parts ----
  const usage = useMemo(() => new Map(model.templateUsage), [model, version]);
  const operator = useMemo(() => (model.operator ? { ...model.operator, load: model.ownLoad() } : null), [model, version]);
  const entries = useMemo(() => hotlistEntries(hotlist, (id) => model.unread(id), at, lang), [model, hotlist, at, lang]);
  const strip = useMemo(() => entries.map((e) => `${e.id === selectedId ? '›' : ''}${e.number}${SLA_MARKS[e.mark].trim()}`), [entries, selectedId]);
  const status = <StatusLine operator={operator} stats={model.queueStats} connection={model.connection} width={columns} lang={lang} />;
  const composer = <Composer state={draft} width={columns} maxLines={composerRows} lang={lang} />;
  const isNote = selectedId !== null && noteMode.has(selectedId);
  const bar = (
    <ComposerBar
      width={columns}
      lang={lang}
      isNote={isNote}
      target={selected ? `#${hotlist.findIndex((c) => c.id === selectedId) + 1} ${customerLabel(selected, lang)}` : null}
      notice={model.notice}
    />
  );

  if (tiny) {
    return (
      <Box flexDirection="column" width={columns} height={frameRows}>
        {status}
        <Text wrap="truncate-end">{t(lang, 'small.terminal')}</Text>
        {composer}
      </Box>
    );
  }

  let body: ReactNode;
  if (overlay?.kind === 'help') {
    body = <HelpOverlay lang={lang} width={columns} height={bodyRows} onClose={() => setOverlay(null)} />;
  } else if (overlay?.kind === 'picker') {
    const listRows = Math.max(1, Math.min(8, Math.floor((bodyRows - 5) / 2)));
    body = (
      <TemplatePicker
        templates={model.templates}
        usage={usage}
        vars={{ 'customer.name': selected?.customerName ?? null, 'operator.name': model.operator?.name ?? null }}
        lang={lang}
        width={columns}
        listRows={listRows}
        previewRows={Math.max(1, bodyRows - 5 - listRows)}
        initialQuery={overlay.query}
        onChoose={(text, template) => {
          setOverlay(null);
          model.useTemplate(template);
          setDraft(edit.insert(currentDraft(), text));
        }}
        onCommand={(command) => {
          setOverlay(null);
          run(command.action, command.args);
        }}
        onCancel={() => setOverlay(null)}
      />
    );
  } else if (overlay?.kind === 'form' && selectedId) {
    body = (
      <ActionForm
        key={overlay.form}
        spec={formSpec(overlay.form, model)}
        lang={lang}
        width={columns}
        onCancel={() => setOverlay(null)}
        onSubmit={(values: FormValues) => {
          setOverlay(null);
          if (overlay.form === 'resolve') resolve(selectedId, values.tag.trim(), values.outcome.trim());
          if (overlay.form === 'transfer') transfer(selectedId, values.target, values.note.trim());
          if (overlay.form === 'callback') callback(selectedId, values.phone.trim(), values.reason.trim());
        }}
      />
    );
  } else {
    body = (
      <Box flexDirection="row" height={bodyRows}>
        {twoPane ? (
          <Box width={hotlistWidth + 1} height={bodyRows} borderStyle="single" borderTop={false} borderBottom={false} borderLeft={false} borderDimColor>
            <Hotlist entries={entries} selectedId={selectedId} width={hotlistWidth} height={bodyRows} lang={lang} />
          </Box>
        ) : null}
        <Box flexDirection="column" width={mainWidth} height={bodyRows}>
          <DialogHeader model={model} version={version} width={mainWidth} at={at} lang={lang} compact={!twoPane} entries={strip} />
          {selected && contactOpen ? (
            <ContactPane card={model.cards.get(selected.id)} currentId={selected.id} width={mainWidth} height={transcriptRows} lang={lang} />
          ) : (
            <TranscriptPane model={model} version={version} width={mainWidth} height={transcriptRows} scroll={scroll} onScroll={setScroll} lang={lang} />
          )}
        </Box>
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={frameRows}>
      {status}
      <Box height={bodyRows} overflow="hidden" flexDirection="column">
        {body}
      </Box>
      {bar}
      {composer}
    </Box>
  );
}

function formSpec(form: FormKind, model: DeskModel): FormSpec {
  switch (form) {
    case 'resolve':
      return { title: 'form.resolve', fields: [{ name: 'tag', label: 'form.tag', kind: 'text' }, { name: 'outcome', label: 'form.outcome', kind: 'text' }] };
    case 'transfer': {
      const me = model.operator?.id;
      const options = [
        ...model.queues.map((q) => ({ value: q.id, label: `${q.name} (${q.id})` })),
        ...model.colleagues.filter((c) => c.id !== me).map((c) => ({ value: `@${c.login}`, label: `@${c.login} ${c.name} · ${c.status} ${c.load}/${c.capacity}` })),
      ];
      return { title: 'form.transfer', fields: [{ name: 'target', label: 'form.target', kind: 'choice', options }, { name: 'note', label: 'form.note', kind: 'text' }] };
    }
    case 'callback':
      return {
        title: 'form.callback',
        fields: [
          { name: 'phone', label: 'form.phone', kind: 'text', initial: model.selected ? (model.cards.get(model.selected.id)?.customer.phone ?? '') : '' },
          { name: 'reason', label: 'form.reason', kind: 'text' },
        ],
      };
  }
}

const DialogHeader = memo(function DialogHeader({ model, at, lang, compact, entries }: { model: DeskModel; version: number; width: number; at: number; lang: Lang; compact: boolean; entries: string[] }) {
  const selected = model.selected;
  const strip = compact && entries.length > 0 ? `[${entries.join(' ')}] ` : '';
  if (!selected) return <Text bold wrap="truncate-end">{strip}{t(lang, 'transcript.none')}</Text>;
  const number = model.hotlist().findIndex((c) => c.id === selected.id) + 1;
  const mark = conversationSla(selected, at);
  // Most important first, since a narrow pane cuts the end: who, how late, then where from.
  const sla = mark === 'none' ? '' : ` ${SLA_MARKS[mark].trim() || '✓'} ${t(lang, `sla.${mark}`)}`;
  const waiting = selected.waitingSince === null ? '' : ` · ${t(lang, 'transcript.waiting')} ${formatWait(at - selected.waitingSince)}`;
  const rest = `${waiting} · ${sanitizeLine(selected.channelId, { maxLength: 30 })} · ${selected.medium}`;
  return (
    <Text bold wrap="truncate-end">
      {`${strip}#${number} ${customerLabel(selected, lang)}${sla ? ' ·' : ''}`}
      <Text color={mark === 'breached' ? 'red' : mark === 'near' ? 'yellow' : 'green'}>{sla}</Text>
      {rest}
    </Text>
  );
});

const TranscriptPane = memo(function TranscriptPane({ model, width, height, scroll, onScroll, lang }: { model: DeskModel; version: number; width: number; height: number; scroll: number; onScroll: (n: number) => void; lang: Lang }) {
  const selected = model.selected;
  const window = selected
    ? transcriptWindow({
        messages: model.transcript(selected.id),
        pending: model.pending(selected.id),
        markerAfter: model.markers.has(selected.id) ? model.markers.get(selected.id) : undefined,
        complete: model.isComplete(selected.id),
        width,
        height,
        scroll,
        context: { me: model.operator?.id ?? null, lang },
      })
    : null;
  useEffect(() => {
    if (!window || !selected) return;
    if (window.scroll !== scroll) onScroll(window.scroll);
    if (window.atTop && scroll > 0 && !model.isComplete(selected.id)) void model.loadEarlier(selected.id);
  });
  return (
    <Box flexDirection="column" height={height}>
      {window ? <TranscriptLines lines={window.lines} width={width} /> : null}
    </Box>
  );
});

function ComposerBar({ width, lang, isNote, target, notice }: { width: number; lang: Lang; isNote: boolean; target: string | null; notice: DeskModel['notice'] }) {
  const mode = `── ${target ? `${t(lang, isNote ? 'bar.note' : 'bar.reply')} → ${target}` : t(lang, 'bar.noDialog')} `;
  const noticeText = notice ? `── ${notice.kind === 'error' ? '✗' : '✓'} ${sanitizeLine(notice.text, { maxLength: 200 })} ` : '';
  const fill = Math.max(0, width - textWidth(mode) - textWidth(noticeText));
  return (
    <Text wrap="truncate-end">
      <Text inverse={isNote} color={isNote ? 'yellow' : undefined} bold>
        {mode}
      </Text>
      <Text color={notice?.kind === 'error' ? 'red' : 'green'}>{noticeText}</Text>
      <Text dimColor>{'─'.repeat(fill)}</Text>
    </Text>
  );
}
