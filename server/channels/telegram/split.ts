// Telegram takes at most 4096 characters in one text (sendMessage, "1-4096 characters after
// entities parsing"); a longer reply goes as several messages (shared/text-parts.ts).
import { splitText as splitAt } from '../../../shared/text-parts';

/** The Bot API's sendMessage limit. Counted in UTF-16 units, as its entity offsets are: never more than its characters. */
export const TEXT_LIMIT = 4096;
/** sendPhoto/sendDocument's caption limit. */
export const CAPTION_LIMIT = 1024;

/** Parts of at most `max` UTF-16 units (shared/text-parts.ts), Telegram's limit unless told. */
export function splitText(text: string, max = TEXT_LIMIT): string[] {
  return splitAt(text, max);
}
