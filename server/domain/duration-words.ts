// A span of minutes in the words the bot's texts put it in ("about {wait}", "within {within}").
// Russian takes the genitive after both «около» and «в течение»: 1 минуты, 5 минут, 21 часа.
import type { Lang } from '../../shared/schemas';

export function durationWords(lang: Lang, minutes: number): string {
  const hours = minutes >= 60 && minutes % 60 === 0 ? minutes / 60 : null;
  const n = hours ?? minutes;
  if (lang === 'ru') {
    const singular = n % 10 === 1 && n % 100 !== 11;
    const word = hours === null ? (singular ? 'минуты' : 'минут') : singular ? 'часа' : 'часов';
    return `${n} ${word}`;
  }
  const word = hours === null ? 'minute' : 'hour';
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
