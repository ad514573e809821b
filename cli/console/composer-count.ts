// The composer's count (issue 16): what the draft comes to against what the dialog's channel
// allows, as the server said (ReplyWindow.limits; no number here is the console's own). SMS in
// billed parts, "2 SMS · 134/153", cut by the SMS adapter's own rules (shared/sms-parts.ts);
// Telegram in the messages the adapter splits a long text into (shared/text-parts.ts); any other
// channel in characters against its limit, "120/4096". Over the limit the count says so in words.
import { channelName } from '../../shared/channel-kinds';
import type { ChannelLimits, Lang } from '../../shared/schemas';
import { smsCount } from '../../shared/sms-parts';
import { splitText } from '../../shared/text-parts';

/** The bar's count for this dialog's draft; null where there is nothing to say. */
export function composerCount(
  limits: ChannelLimits | null,
  channelKind: string | undefined,
  draft: string,
  isNote: boolean,
  lang: Lang,
): string | null {
  // A private note never leaves the desk; an older server tells no limits.
  if (isNote || !limits) return null;
  const said = [draft === '' ? null : textCount(limits, draft, lang), limits.files ? null : noFiles(channelKind, lang)];
  return said.filter((s) => s !== null).join(' · ') || null;
}

/** Why /attach cannot send on this channel, or null when it can (or the limits are not known yet). */
export function filesRefused(limits: ChannelLimits | null, channelKind: string | undefined, lang: Lang): string | null {
  if (!limits || limits.files) return null;
  return lang === 'ru'
    ? `${channelName(channelKind)} не передаёт файлы: отправьте текст или ссылку на файл`
    : `no files on ${channelName(channelKind)}: send the text, or a link to the file`;
}

function textCount(limits: ChannelLimits, draft: string, lang: Lang): string {
  // Measured as the server measures a reply: UTF-16 units (a zod max()).
  const length = draft.length;
  if (length > limits.maxText)
    return lang === 'ru' ? `✗ ${length}/${limits.maxText}: слишком длинно` : `✗ ${length}/${limits.maxText}: too long`;
  if (limits.smsParts) {
    const { parts, used, perPart, encoding } = smsCount(draft);
    return `${parts} SMS · ${used}/${perPart}${encoding === 'ucs2' ? ' UCS-2' : ''}`;
  }
  if (limits.partLength !== null && length > limits.partLength) {
    const parts = splitText(draft, limits.partLength).length;
    return lang === 'ru' ? `${length} симв. · ${parts} ${partsWord(parts)}` : `${length} chars · ${parts} parts`;
  }
  return `${length}/${limits.partLength ?? limits.maxText}`;
}

function noFiles(channelKind: string | undefined, lang: Lang): string {
  return lang === 'ru' ? `${channelName(channelKind)}: без файлов` : `no files on ${channelName(channelKind)}`;
}

/** Russian plural of "part" after a number: 2 части, 5 частей, 21 часть. */
function partsWord(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return 'частей';
  if (ones === 1) return 'часть';
  if (ones >= 2 && ones <= 4) return 'части';
  return 'частей';
}
