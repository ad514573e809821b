// The words of "we open at {time} {zone} on {day}" in the customer's language and the queue's
// time zone. Weekday and zone names come from Intl (Node's full ICU); Russian needs the weekday
// in the accusative after "в", which Intl does not give, so those seven are written here.
import { DateTime } from 'luxon';
import type { Lang } from '../../shared/schemas';

const RU_ON_WEEKDAY = ['понедельник', 'вторник', 'среду', 'четверг', 'пятницу', 'субботу', 'воскресенье'];
const WEEK_MS = 7 * 86_400_000;

export interface OpeningWords {
  time: string;
  zone: string;
  day: string;
}

/** `opensAt` as the bot says it to someone asking at `now`; a week or more away, the date is added. */
export function openingWords(opensAt: number, zone: string, lang: Lang, now: number): OpeningWords {
  const local = DateTime.fromMillis(opensAt, { zone }).setLocale(lang);
  const time = local.toFormat('H:mm');
  const zoneName = new Intl.DateTimeFormat(lang, {
    timeZone: zone,
    timeZoneName: lang === 'ru' ? 'shortGeneric' : 'longGeneric',
  })
    .formatToParts(new Date(opensAt))
    .find((p) => p.type === 'timeZoneName')?.value;
  const far = opensAt - now >= WEEK_MS - 86_400_000;
  const weekday = lang === 'ru' ? RU_ON_WEEKDAY[local.weekday - 1]! : local.toFormat('cccc');
  const date = local.toFormat('d MMMM');
  return { time, zone: zoneName ?? zone, day: far ? `${weekday}, ${date}` : weekday };
}
