// Ranking customers for /new's search (issue 16): every word typed must be found in the name, the
// e-mail or the phone's digits; whole and leading words rank above inner matches.
import { describe, expect, it } from 'vitest';
import { likePatterns, rankCustomers, type SearchableCustomer } from '../../server/domain/customer-search';

const c = (id: string, name: string | null, email: string | null = null, phone: string | null = null) => ({
  id,
  name,
  email,
  phone,
});
const PEOPLE: SearchableCustomer[] = [
  c('c1', 'Иван Петров', 'ivan@example.ru', '+7 900 123-45-67'),
  c('c2', 'Иванна Котова', null, '+7 911 000-00-01'),
  c('c3', 'Пётр Иванов', 'petr@shop.ru'),
  c('c4', null, 'anna.ivanova@mail.ru'),
  c('c5', 'Anna Smith', 'anna@smith.com', '+1 (555) 010-9999'),
];
const ids = (query: string, limit = 10) => rankCustomers(query, PEOPLE, limit).map((p) => p.id);

describe('rankCustomers', () => {
  it('ranks a whole name word above a leading part above an inner part, any case', () => {
    expect(ids('иван')).toEqual(['c1', 'c2', 'c3']);
  });

  it('needs every word: "ив пет" is Иван Петров only', () => {
    expect(ids('ив пет')).toEqual(['c1']);
  });

  it('finds a phone by its digits, however it was written', () => {
    expect(ids('9001234')).toEqual(['c1']);
    expect(ids('555 010')).toEqual(['c5']);
    expect(ids('+7 900 123-45-67')).toEqual(['c1']);
  });

  it('finds by e-mail, a customer without a name too', () => {
    expect(ids('anna.iv')).toEqual(['c4']);
    expect(ids('@shop.ru')).toEqual(['c3']);
  });

  it('keeps to the limit and leaves out what does not match', () => {
    expect(ids('иван', 2)).toEqual(['c1', 'c2']);
    expect(ids('zzz')).toEqual([]);
  });
});

describe('likePatterns', () => {
  it('looks for the longest word as typed, lower-cased and capitalised, with LIKE wildcards escaped', () => {
    expect(likePatterns('ив ПЕТРОВ')).toEqual(['%ПЕТРОВ%', '%петров%', '%Петров%']);
    expect(likePatterns('50%_Off')).toEqual(['%50\\%\\_Off%', '%50\\%\\_off%']);
  });

  it('looks for a phone by its digits alone', () => {
    expect(likePatterns('+7 (900) 123-45')).toEqual(['%790012345%']);
  });
});
