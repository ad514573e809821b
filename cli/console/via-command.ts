// The via key (Alt+T, `/via [CHANNEL]`, issue 18 §1): the answer to a customer with several
// threads here goes out on their next thread, or on the one whose channel is named.
import { channelMark, channelName } from '../../shared/channel-kinds';
import type { Lang } from '../../shared/schemas';
import { sanitizeLine } from '../../shared/terminal-text';
import type { DeskModel } from './desk-model';
import { t } from './i18n';

/** Chooses the thread and returns its id; null (with a notice saying why) when there is none to choose. */
export function viaCommand(model: DeskModel, lang: Lang, conversationId: string, args: string): string | null {
  const threads = model.threadsOf(conversationId);
  if (threads.length < 2) {
    model.say('error', t(lang, 'notice.oneThread'), model.aboutDialog(conversationId));
    return null;
  }
  const wanted = args.trim().toLowerCase();
  // A channel is named as the screen shows it ("e-mail", "@"), by its kind or by its id.
  const named = threads.find((thread) =>
    [thread.channelKind, thread.channelId, channelName(thread.channelKind), channelMark(thread.channelKind)].some(
      (name) => name?.toLowerCase() === wanted,
    ),
  );
  const next = wanted
    ? named
    : threads[(threads.findIndex((thread) => thread.id === conversationId) + 1) % threads.length];
  if (!next) {
    model.say('error', `${t(lang, 'notice.noThread')}: ${sanitizeLine(args, { maxLength: 30 })}`);
    return null;
  }
  model.chooseThread(next.id);
  return next.id;
}
