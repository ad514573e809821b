// The spelling dictionaries, in a worker thread of their own: loading Russian takes seconds and
// hundreds of megabytes, and a suggestion tens of milliseconds, none of which may hold up the
// server's event loop. Plain JavaScript, so it runs the same beside the TypeScript sources and
// beside the bundle (cli/build.mjs copies it there). Requests: { id, op: 'check', words: [[lang,
// word], ...] } → { id, misspelt: [word, ...] }; { id, op: 'suggest', lang, word } → { id,
// suggestions }. It posts { ready: true } once both dictionaries are loaded.
import { parentPort } from 'node:worker_threads';
import nspell from 'nspell';

const [en, ru] = await Promise.all([import('dictionary-en'), import('dictionary-ru')]);
const dictionaries = { en: nspell(en.default), ru: nspell(ru.default) };

/** A capitalised word (sentence start) is right when its lowercase form is. */
function isCorrect(spell, word) {
  if (spell.correct(word)) return true;
  const lower = word.toLowerCase();
  return lower !== word && word[0] + lower.slice(1) === word && spell.correct(lower);
}

/** Suggestions keep the capital of a capitalised word. */
function suggest(spell, word) {
  const capital = word[0] !== word[0].toLowerCase();
  return spell
    .suggest(word)
    .map((s) => (capital ? s[0].toUpperCase() + s.slice(1) : s))
    .filter((s, i, all) => all.indexOf(s) === i);
}

parentPort.on('message', (request) => {
  if (request.op === 'check') {
    const misspelt = request.words.filter(([lang, word]) => !isCorrect(dictionaries[lang], word)).map(([, w]) => w);
    parentPort.postMessage({ id: request.id, misspelt });
  } else {
    parentPort.postMessage({ id: request.id, suggestions: suggest(dictionaries[request.lang], request.word) });
  }
});
parentPort.postMessage({ ready: true });
