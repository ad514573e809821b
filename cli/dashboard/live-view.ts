// The dashboard's live view of one open dialog (issue 18 §4): its transcript follows new
// messages, notes, whispers and delivery states as supervisor.follow brings them; from it the
// supervisor whispers to the operator or takes the dialog over. Closing it ends the follow.
// Every text is sanitised (./transcript-lines.ts) and no widget parses blessed tags.
import blessed, { type Widgets } from 'blessed';
import type { FollowItem } from '../../shared/monitor-schemas';
import type { Conversation } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import { LIVE_VIEW_KEYMAP, type LiveViewAction } from './keymap';
import { LiveTranscript } from './live-transcript';

/** The server calls of live monitoring (the command implements them over tRPC). */
export interface MonitorApi {
  /** Starts following a dialog; returns how to stop. */
  follow(
    conversationId: string,
    handlers: { onItem(item: FollowItem): void; onError(error: unknown): void },
  ): () => void;
  whisper(conversationId: string, text: string): Promise<unknown>;
  takeOver(conversationId: string): Promise<unknown>;
}

/** Asks for one line of text (null: cancelled) or a yes/no choice; the actions' own dialogs. */
export interface LiveViewPrompts {
  ask(label: string): Promise<string | null>;
  confirm(label: string): Promise<boolean>;
}

const HINT = LIVE_VIEW_KEYMAP.map(
  (b) => `${b.label.split(' ')[0]} ${b.action === 'takeOver' ? 'take over' : b.action}`,
).join(' · ');

/** Shows the live view of `conversation` until the supervisor closes it. */
export function showLiveView(
  screen: Widgets.Screen,
  api: MonitorApi,
  conversation: Conversation,
  deps: LiveViewPrompts & { operatorName(id: string): string; notify(text: string): void },
): Promise<void> {
  return new Promise((resolve) => {
    const transcript = new LiveTranscript(deps.operatorName);
    const box = blessed.box({
      parent: screen,
      top: 'center',
      left: 'center',
      width: '90%',
      height: '90%',
      label: ' LIVE ',
      content: '(connecting…)',
      border: { type: 'line' },
      tags: false,
      scrollable: true,
      alwaysScroll: true,
      keys: true,
      vi: true,
      scrollbar: { ch: ' ', track: { bg: 'black' }, style: { bg: 'cyan' } },
      style: { border: { fg: 'red' } },
    });
    const draw = () => {
      // Stay at the newest line unless the supervisor scrolled up to read.
      const atBottom = box.getScrollPerc() >= 100 || box.getScrollHeight() <= Number(box.height);
      const lines = transcript.lines();
      box.setContent(lines.length > 0 ? lines.join('\n') : '(no messages yet)');
      // On a narrow terminal the keys come first, as their initials: the title is cut from the end.
      const width = Number(box.width);
      const label = width >= 110 ? ` LIVE ${transcript.title()} │ ${HINT} ` : ` LIVE [w/o/Esc] ${transcript.title()} `;
      box.setLabel(sanitizeLine(label, { maxLength: Math.max(10, Number(box.width) - 4) }));
      if (atBottom) box.setScrollPerc(100);
      screen.render();
    };
    const stop = api.follow(conversation.id, {
      onItem: (item) => {
        transcript.apply(item);
        draw();
      },
      onError: (error) => {
        deps.notify(
          `live view stopped: ${sanitizeLine((error as Error).message ?? String(error), { maxLength: 200 })}`,
        );
        transcript.happenings.push('NOT FOLLOWING any more');
        draw();
      },
    });
    let prompting = false;
    const run = (work: () => Promise<void>) => {
      if (prompting) return;
      prompting = true;
      work()
        .catch((error: unknown) =>
          deps.notify(`failed: ${sanitizeLine((error as Error).message ?? String(error), { maxLength: 200 })}`),
        )
        .finally(() => {
          prompting = false;
          box.focus();
          screen.render();
        });
    };
    const handlers: Record<LiveViewAction, () => void> = {
      whisper: () =>
        run(async () => {
          const text = await deps.ask(' Whisper to the operator (the customer never sees it) ');
          if (!text?.trim()) return;
          await api.whisper(conversation.id, text.trim());
          deps.notify('whispered');
        }),
      takeOver: () =>
        run(async () => {
          if (!(await deps.confirm(' Take this dialog over? It leaves its operator. '))) return;
          await api.takeOver(conversation.id);
          deps.notify('taken over: answer it from your console');
        }),
      close: () => {
        if (prompting) return;
        stop();
        box.destroy();
        screen.render();
        resolve();
      },
    };
    for (const binding of LIVE_VIEW_KEYMAP) box.key(binding.keys, () => handlers[binding.action]());
    box.focus();
    draw();
  });
}
