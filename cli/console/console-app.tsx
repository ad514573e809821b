// The operator console: status line on top, hotlist left, transcript right, the composer at the
// bottom and always focused. Keys are handled in console-keys.ts; this file lays the panes out.
// The live frame is kept one row shorter than the terminal (a frame as tall as the terminal makes
// Ink clear the screen on every update).
import { useCallback, useEffect, useMemo, useReducer, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { channelName } from '../../shared/channel-kinds';
import type { Lang } from '../../shared/schemas';
import { wordSpans } from '../../shared/spelling-words';
import { ActionForm, type FormValues } from './action-form';
import { finishChannelTemplate, lastCustomerMessageId } from './channel-template-form';
import { formSpec } from './action-form-specs';
import { finishNewDialog, finishStartTemplate } from './new-dialog-form';
import { Composer, composerWrapWidth } from './composer';
import { composerCount } from './composer-count';
import type { ComposerState } from './composer-state';
import { useConsoleKeys } from './console-keys';
import type { Overlay, UiState } from './console-ui-state';
import { ContactPane } from './contact-pane';
import type { DeskModel } from './desk-model';
import { ComposerBar, DialogHeader, dialogHeaderRows, TranscriptPane } from './dialog-panes';
import { draftOf, noDrafts, withDraft } from './drafts';
import { HelpOverlay } from './help-overlay';
import { ReadOnlyPane } from './read-only-pane';
import { ReviewsOverlay } from './reviews-overlay';
import { KbArticlePane, KbSearchPane } from './kb-picker';
import { confirmMerge, pickMergeTarget } from './merge-form';
import { SearchResultsPane } from './search-picker';
import { customerLabel, Hotlist, hotlistEntries, SLA_MARKS } from './hotlist';
import { t } from './i18n';
import { SpellingSuggestions } from './spelling-suggestions';
import { StatusLine } from './status-line';
import { TemplatePicker, templateVars } from './template-picker';
import { useNow, useTerminalSize, type TerminalSize } from './terminal-hooks';
import { layoutLines, splitGraphemes } from './text-layout';

export type { TerminalSize } from './terminal-hooks';

/** Below this the console shows only the status, a hint and the composer. */
export const MIN_SIZE: TerminalSize = { columns: 40, rows: 10 };
/** Below this width the hotlist pane folds into the transcript header. */
const TWO_PANE_COLUMNS = 70;
const COMPOSER_MAX_ROWS = 4;

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
  /** Runs as `textdesk demo`'s console: the help says how to attach a dashboard to the demo. */
  demo?: boolean;
  /** The demo's shop page, named in the help (cli/demo/site.ts). */
  demoSite?: string;
};

export function ConsoleApp({
  model,
  lang,
  onQuit,
  now = Date.now,
  tickMs = 1000,
  size: sizeOverride,
  demo = false,
  demoSite,
}: ConsoleAppProps) {
  // Notices the feed brings (a dialog lost for want of a reply) speak the console's language.
  model.lang = lang;
  // The desk is one mutable object: what changes is its version, and the snapshots taken of it
  // per version. Panes below are memoised on these: a keystroke in the composer redraws the
  // composer only.
  const version = useSyncExternalStore(model.subscribe, model.getVersion);
  const hotlist = useSyncExternalStore(model.subscribe, model.hotlistSnapshot);
  const usage = useSyncExternalStore(model.subscribe, model.templateUsageSnapshot);
  const operator = useSyncExternalStore(model.subscribe, model.operatorSnapshot);
  const size = useTerminalSize(sizeOverride);
  const at = useNow(now, tickMs);
  // UI state lives in a ref as well as on screen: keys that arrive in one chunk (a fast typist,
  // tmux send-keys) are handled before React re-renders, and each must see what the previous did.
  const ui = useRef<UiState>({
    overlay: null,
    contactOpen: false,
    cardChosen: 0,
    drafts: noDrafts,
    noteMode: new Set(),
    scroll: 0,
  });
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
  // The draft and the note mode belong to the customer, not the thread: choosing another channel
  // to answer on (the via key) keeps what was typed.
  const currentDraft = () => draftOf(ui.current.drafts, model.selected?.customerId ?? '');
  const setDraft = (next: ComposerState) => {
    const id = model.selectedId;
    const customerId = model.selected?.customerId ?? '';
    // Typing a reply (not a private note) may show "typing…" to the customer: throttled, never awaited.
    if (id && next.text && next.text !== currentDraft().text && !ui.current.noteMode.has(customerId))
      model.draftTyped(id);
    update((state) => ({ drafts: withDraft(state.drafts, customerId, next) }));
  };
  const { overlay, contactOpen, cardChosen, noteMode, scroll } = ui.current;
  // A transcript open read-only (read-only-view.ts) takes the transcript pane and hides the composer.
  const readOnly = useSyncExternalStore(model.subscribeReadOnly, model.readOnlySnapshot);

  const selected = model.selected;
  const selectedId = selected?.id ?? null;
  const draft = currentDraft();

  // ---- geometry ----
  const { columns, rows } = size;
  const frameRows = Math.max(1, rows - 1);
  const tiny = columns < MIN_SIZE.columns || rows < MIN_SIZE.rows;
  const graphemes = useMemo(() => splitGraphemes(draft.text), [draft.text]);
  const composerLines = layoutLines(graphemes, composerWrapWidth(columns)).length;
  const composerRows = readOnly
    ? 1
    : Math.min(COMPOSER_MAX_ROWS, Math.max(1, composerLines), Math.max(1, frameRows - 3));
  const bodyRows = Math.max(0, frameRows - 2 - composerRows);
  const twoPane = columns >= TWO_PANE_COLUMNS;
  const hotlistWidth = twoPane ? Math.min(36, Math.max(26, Math.floor(columns * 0.32))) : 0;
  const mainWidth = columns - hotlistWidth - (twoPane ? 1 : 0);
  const transcriptRows = Math.max(0, bodyRows - dialogHeaderRows(selected));

  const { resolve, transfer, callback } = useConsoleKeys({
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
  });

  // ---- the parts ----
  const entries = useMemo(() => hotlistEntries(hotlist, model, at, lang), [model, hotlist, at, lang]);
  const strip = useMemo(
    () => entries.map((e) => `${e.id === selectedId ? '›' : ''}${e.number}${SLA_MARKS[e.mark].trim()}`),
    [entries, selectedId],
  );
  const status = (
    <StatusLine
      operator={operator}
      stats={model.queueStats}
      connection={model.connection}
      width={columns}
      lang={lang}
    />
  );
  // Every draft change may bring a word the verdicts have not seen: they ask the server after the
  // frame, never during the keystroke (spelling-verdicts.ts).
  const spans = useMemo(() => wordSpans(graphemes), [graphemes]);
  useEffect(() => model.spelling.draftChanged(spans, draft.cursor), [model, spans, draft.cursor]);
  const misspelt = model.spelling.misspelt(spans);
  const composer = readOnly ? (
    <Text dimColor wrap="truncate-end">
      {t(lang, 'readonly.composer')}
    </Text>
  ) : (
    <Composer state={draft} width={columns} maxLines={composerRows} lang={lang} misspelt={misspelt} />
  );
  const isNote = selected !== null && noteMode.has(selected.customerId);
  const lastCustomerId = selectedId ? lastCustomerMessageId(model.transcript(selectedId)) : null;
  useEffect(() => {
    if (selectedId) model.windows.refresh(selectedId, lastCustomerId);
  }, [model, selectedId, lastCustomerId]);
  const replyWindow = selected ? model.windows.label(selected.id, selected.channelKind, lang) : null;
  const bar = (
    <ComposerBar
      width={columns}
      lang={lang}
      isNote={isNote && !readOnly}
      readOnly={readOnly !== null}
      target={selected ? `#${model.numberOf(selected.id)} ${customerLabel(selected, lang)}` : null}
      notice={model.notice}
      misspelt={misspelt.length}
      replyWindow={replyWindow}
      via={selected && model.threadsOf(selected.id).length > 1 ? channelName(selected.channelKind) : null}
      count={composerCount(
        selected ? model.windows.limits(selected.id) : null,
        selected?.channelKind,
        draft.text,
        isNote,
        lang,
      )}
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
    body = (
      <HelpOverlay
        lang={lang}
        width={columns}
        height={bodyRows}
        demo={demo}
        demoSite={demoSite}
        onClose={() => setOverlay(null)}
      />
    );
  } else if (overlay?.kind === 'reviews') {
    body = (
      <ReviewsOverlay
        reviews={model.reviews}
        lang={lang}
        width={columns}
        height={bodyRows}
        onClose={() => setOverlay(null)}
      />
    );
  } else if (overlay?.kind === 'picker') {
    const listRows = Math.max(1, Math.min(8, Math.floor((bodyRows - 5) / 2)));
    body = (
      <TemplatePicker
        state={overlay.picker}
        templates={model.templates}
        usage={usage}
        vars={templateVars(selected, model.operator)}
        lang={lang}
        width={columns}
        listRows={listRows}
        previewRows={Math.max(1, bodyRows - 5 - listRows)}
      />
    );
  } else if (overlay?.kind === 'kb' && overlay.kb.stage === 'search') {
    body = <KbSearchPane state={overlay.kb} lang={lang} width={columns} rows={bodyRows} />;
  } else if (overlay?.kind === 'search') {
    body = <SearchResultsPane state={overlay.search} lang={lang} width={columns} rows={bodyRows} />;
  } else if (overlay?.kind === 'spelling') {
    body = <SpellingSuggestions state={overlay.spelling} lang={lang} width={columns} rows={bodyRows} />;
  } else if (overlay?.kind === 'form' && (overlay.start || overlay.form === 'newDialog')) {
    // Starting a conversation (/new) needs no open dialog.
    const start = overlay.start;
    body = (
      <ActionForm
        key={overlay.form}
        spec={formSpec(overlay.form, model, overlay.template, start)}
        lang={lang}
        width={columns}
        onCancel={() => setOverlay(null)}
        onSubmit={(values: FormValues) => {
          setOverlay(null);
          if (!start) return finishNewDialog(model, lang, values, setOverlay);
          finishStartTemplate(model, lang, start, overlay.template ?? values.template, values, setOverlay);
        }}
      />
    );
  } else if (overlay?.kind === 'form' && selectedId) {
    body = (
      <ActionForm
        key={overlay.form}
        spec={formSpec(overlay.form, model, overlay.template, undefined, { lang, target: overlay.merge })}
        lang={lang}
        width={columns}
        onCancel={() => setOverlay(null)}
        onSubmit={(values: FormValues) => {
          setOverlay(null);
          if (overlay.form === 'resolve') resolve(selectedId, values.tag.trim(), values.outcome.trim());
          if (overlay.form === 'transfer') transfer(selectedId, values.target, values.note.trim());
          if (overlay.form === 'callback') callback(selectedId, values.phone.trim(), values.reason.trim());
          if (overlay.form === 'merge') pickMergeTarget(model, lang, values, setOverlay);
          if (overlay.form === 'mergeConfirm') confirmMerge(model, lang, selectedId, overlay.merge, values);
          if (overlay.form === 'channelTemplate' || overlay.form === 'templateParams')
            finishChannelTemplate(model, selectedId, overlay.template ?? values.template, values, setOverlay);
        }}
      />
    );
  } else {
    body = (
      <Box flexDirection="row" height={bodyRows}>
        {twoPane ? (
          <Box
            width={hotlistWidth + 1}
            height={bodyRows}
            borderStyle="single"
            borderTop={false}
            borderBottom={false}
            borderLeft={false}
            borderDimColor
          >
            <Hotlist entries={entries} selectedId={selectedId} width={hotlistWidth} height={bodyRows} lang={lang} />
          </Box>
        ) : null}
        <Box flexDirection="column" width={mainWidth} height={bodyRows}>
          <DialogHeader
            model={model}
            version={version}
            width={mainWidth}
            at={at}
            lang={lang}
            compact={!twoPane}
            entries={strip}
          />
          {overlay?.kind === 'kb' && overlay.kb.stage === 'article' ? (
            <KbArticlePane state={overlay.kb} lang={lang} width={mainWidth} height={transcriptRows} />
          ) : readOnly ? (
            <ReadOnlyPane
              view={readOnly}
              me={model.operator?.id ?? null}
              width={mainWidth}
              height={transcriptRows}
              lang={lang}
            />
          ) : selected && contactOpen ? (
            <ContactPane
              card={model.cards.get(selected.id)}
              currentId={selected.id}
              chosen={cardChosen}
              width={mainWidth}
              height={transcriptRows}
              lang={lang}
            />
          ) : (
            <TranscriptPane
              model={model}
              version={version}
              width={mainWidth}
              height={transcriptRows}
              scroll={scroll}
              onScroll={setScroll}
              lang={lang}
            />
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
