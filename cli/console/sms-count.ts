// The composer's count in an SMS dialog (issue 16): how many SMS the draft goes out as and how
// full the last one is, "2 SMS · 134/153", cut by the same rules the server's SMS adapter sends
// with (shared/sms-parts.ts): each part is billed, and Cyrillic halves what one part holds.
import { smsCount } from '../../shared/sms-parts';

/** The bar's count for this dialog's kind and draft; null where there is nothing to count. */
export function composerCount(channelKind: string | undefined, draft: string, isNote: boolean): string | null {
  // A private note never leaves the desk.
  if (channelKind !== 'sms' || isNote || draft === '') return null;
  const { parts, used, perPart, encoding } = smsCount(draft);
  return `${parts} SMS · ${used}/${perPart}${encoding === 'ucs2' ? ' UCS-2' : ''}`;
}
