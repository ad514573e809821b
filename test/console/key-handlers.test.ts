// The console's handler table (console-keys.ts): every main-screen action of the keymap has a
// handler, a guard stops its handler and says why, and — checked by `tsc --noEmit`, which
// `npm run lint` runs — a keymap action without a handler does not compile.
import { describe, expect, expectTypeOf, test } from 'vitest';
import { consoleActions, type ScreenAction, type ScreenHandlers } from '../../cli/console/console-keys';
import type { UiState } from '../../cli/console/console-ui-state';
import { DeskModel } from '../../cli/console/desk-model';
import { emptyComposer } from '../../cli/console/composer-state';
import { noDrafts } from '../../cli/console/drafts';
import { KEYMAP, type ActionOf } from '../../cli/console/keymap';
import { conversation, FakeDesk, message, NOW } from './fake-desk';

/** The handler table over an in-memory desk, outside React: the UI state is a plain object here. */
async function actionsOn(desk: FakeDesk) {
  const model = new DeskModel(desk, () => NOW);
  await model.start();
  const ui = {
    current: {
      overlay: null,
      contactOpen: false,
      cardChosen: 0,
      drafts: noDrafts,
      noteMode: new Set(),
      scroll: 0,
    } as UiState,
  };
  const update = (patch: Partial<UiState> | ((state: UiState) => Partial<UiState>)) => {
    ui.current = { ...ui.current, ...(typeof patch === 'function' ? patch(ui.current) : patch) };
  };
  const actions = consoleActions({
    model,
    lang: 'en',
    onQuit: () => undefined,
    transcriptRows: 10,
    ui,
    update,
    setOverlay: (overlay) => update({ overlay }),
    setScroll: () => undefined,
    currentDraft: () => emptyComposer,
    setDraft: () => undefined,
  });
  return { model, ui, ...actions };
}

describe('the main screen handler table', () => {
  test('has a handler for exactly the main-screen actions of the keymap', async () => {
    const { handlers } = await actionsOn(new FakeDesk());
    const bound = KEYMAP.filter(
      (b) => b.context === 'global' || (b.context === 'composer' && !b.action.startsWith('edit.')),
    ).map((b) => b.action);
    expect(Object.keys(handlers).sort()).toEqual([...bound].sort());
  });

  test('an action on the dialog, with none open, says so and does not run', async () => {
    const desk = new FakeDesk();
    desk.conversations = [];
    const { model, ui, run } = await actionsOn(desk);
    run('dialog.resolve');
    expect(ui.current.overlay).toBeNull();
    expect(model.notice).toMatchObject({ kind: 'error', text: 'No dialog selected' });
  });

  test('with a dialog open, the same action runs', async () => {
    const desk = new FakeDesk();
    desk.conversations = [conversation('a')];
    const { model, ui, run } = await actionsOn(desk);
    expect(model.selectedId).toBe('a');
    run('dialog.resolve');
    expect(ui.current.overlay).toEqual({ kind: 'form', form: 'resolve' });
    expect(model.notice?.kind).not.toBe('error');
  });

  test('retry sends the dialog’s newest failed message again, and says so when there is none', async () => {
    const desk = new FakeDesk();
    desk.conversations = [conversation('a')];
    const failed = { status: 'failed' as const, providerId: null, error: 'chat not found' };
    desk.transcripts.set('a', [
      message('a', 'first', { id: 'm1', author: { type: 'operator', id: 'me', name: 'Me' }, delivery: failed }),
      message('a', 'second', { id: 'm2', author: { type: 'operator', id: 'me', name: 'Me' }, delivery: failed }),
      message('a', 'third', { id: 'm3', author: { type: 'operator', id: 'me', name: 'Me' } }),
    ]);
    const { model, run } = await actionsOn(desk);
    await model.load('a');
    run('message.retry');
    expect(desk.calls.filter((c) => c.method === 'retryDelivery')).toEqual([
      { method: 'retryDelivery', input: { conversationId: 'a', messageId: 'm2' } },
    ]);

    desk.transcripts.set('a', []);
    const empty = await actionsOn(desk);
    await empty.model.load('a');
    empty.run('message.retry');
    expect(empty.model.notice).toMatchObject({ kind: 'error', text: 'No undelivered message in this dialog' });
  });
});

describe('a keymap action without a handler is a type error (checked by tsc --noEmit)', () => {
  test('a handler table missing one main-screen action does not type-check', async () => {
    const { handlers } = await actionsOn(new FakeDesk());
    const { 'dialog.resolve': _resolve, ...withoutResolve } = handlers;
    // @ts-expect-error 'dialog.resolve' has no handler, so this is not a ScreenHandlers
    const incomplete: ScreenHandlers = withoutResolve;
    expect(Object.keys(incomplete)).not.toContain('dialog.resolve');
  });

  test("the handler table's keys are the keymap's main-screen actions, read off the table", () => {
    // Were an action type to widen to `string`, a Record keyed by it would accept a missing handler.
    expectTypeOf<keyof ScreenHandlers>().toEqualTypeOf<ScreenAction>();
    expectTypeOf<ScreenAction>().toEqualTypeOf<
      | 'dialog.goto'
      | 'dialog.next'
      | 'dialog.prev'
      | 'dialog.urgent'
      | 'transcript.pageUp'
      | 'transcript.pageDown'
      | 'contact.show'
      | 'reviews.show'
      | 'note.toggle'
      | 'dialog.resolve'
      | 'dialog.transfer'
      | 'dialog.callback'
      | 'dialog.hold'
      | 'dialog.new'
      | 'thread.via'
      | 'customer.merge'
      | 'message.retry'
      | 'file.save'
      | 'file.attach'
      | 'status.available'
      | 'status.away'
      | 'help.open'
      | 'app.quit'
      | 'message.send'
      | 'template.open'
      | 'kb.open'
      | 'search.open'
      | 'spelling.suggest'
    >();
  });

  test("each overlay's action type is its own rows of the table (their switches are exhaustive over it)", () => {
    expectTypeOf<ActionOf<'picker'>>().toEqualTypeOf<'picker.up' | 'picker.down' | 'picker.choose' | 'picker.cancel'>();
    expectTypeOf<ActionOf<'spelling'>>().toEqualTypeOf<
      'spelling.up' | 'spelling.down' | 'spelling.choose' | 'spelling.cancel'
    >();
    expectTypeOf<ActionOf<'search'>>().toEqualTypeOf<'search.up' | 'search.down' | 'search.choose' | 'search.close'>();
    expectTypeOf<ActionOf<'help'>>().toEqualTypeOf<'help.scrollUp' | 'help.scrollDown' | 'help.close'>();
    expectTypeOf<ActionOf<'form'>>().toEqualTypeOf<
      'form.next' | 'form.prev' | 'form.optionPrev' | 'form.optionNext' | 'form.submit' | 'form.cancel'
    >();
  });
});
