import { describe, expect, test } from 'vitest';
import { detectLang, t } from '../../cli/console/i18n';

describe('t', () => {
  test('speaks English and Russian', () => {
    expect(t('en', 'picker.title')).toBe('Templates');
    expect(t('ru', 'picker.title')).toBe('Шаблоны');
  });
});

describe('detectLang', () => {
  test('the --lang flag wins over the locale', () => {
    expect(detectLang('ru', 'en_US.UTF-8')).toBe('ru');
    expect(detectLang('EN', 'ru_RU.UTF-8')).toBe('en');
  });

  test('an unknown flag is an error that names the choices', () => {
    expect(() => detectLang('de')).toThrow('unknown language "de": use --lang en or --lang ru');
  });

  test('reads Russian from the locale', () => {
    for (const locale of ['ru_RU.UTF-8', 'ru', 'ru_UA', 'RU_RU.utf8', 'ru@latin']) {
      expect(detectLang(undefined, locale)).toBe('ru');
    }
  });

  test('anything else is English', () => {
    for (const locale of [undefined, '', 'C', 'POSIX', 'en_GB.UTF-8', 'rue_UA', 'de_DE']) {
      expect(detectLang(undefined, locale)).toBe('en');
    }
  });

  test('an empty flag counts as not given', () => {
    expect(detectLang('', 'ru_RU.UTF-8')).toBe('ru');
  });
});
