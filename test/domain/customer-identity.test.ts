// Issue 18 §1: which identities link customers, in which normal form.
import { describe, expect, it } from 'vitest';
import {
  customerToJoin,
  identitiesToAdd,
  normalEmail,
  normalPhone,
  trustedIdentities,
  type Identity,
} from '../../server/domain/customer-identity';

describe('normalEmail', () => {
  it('trims and lower-cases an address', () => {
    expect(normalEmail('  Ivan.Petrov@Example.COM ')).toBe('ivan.petrov@example.com');
  });

  it('refuses what is not shaped like an address', () => {
    for (const bad of [
      '',
      'ivan',
      'ivan@',
      '@example.com',
      'ivan@example',
      'a b@example.com',
      `${'a'.repeat(250)}@x.ru`,
    ])
      expect(normalEmail(bad)).toBeNull();
  });
});

describe('normalPhone (E.164)', () => {
  it('keeps an international number, dropping spaces, dashes and brackets', () => {
    expect(normalPhone('+7 (912) 345-67-89')).toBe('+79123456789');
    expect(normalPhone('+49 151 12345678')).toBe('+4915112345678');
  });

  it('reads a number without a country code in the default region', () => {
    expect(normalPhone('8 (912) 345-67-89', 'RU')).toBe('+79123456789');
    expect(normalPhone('0151 12345678', 'de')).toBe('+4915112345678');
  });

  it('links nothing on a national number when no region is configured', () => {
    expect(normalPhone('8 (912) 345-67-89')).toBeNull();
  });

  it('refuses short codes, names, invalid and oversize numbers', () => {
    expect(normalPhone('900', 'RU')).toBeNull();
    expect(normalPhone('BANK', 'RU')).toBeNull();
    expect(normalPhone('+7 123')).toBeNull();
    expect(normalPhone(`+7${'9'.repeat(80)}`)).toBeNull();
  });
});

describe('trustedIdentities', () => {
  it('normalises each vouched identity and keeps each once, with the first source', () => {
    expect(
      trustedIdentities([
        { kind: 'email', value: 'Ann@Example.com', source: 'email-sender' },
        { kind: 'email', value: 'ann@example.com', source: 'webchat-identify' },
        { kind: 'phone', value: '+7 912 345 67 89', source: 'sms-sender' },
      ]),
    ).toEqual([
      { kind: 'email', value: 'ann@example.com', source: 'email-sender' },
      { kind: 'phone', value: '+79123456789', source: 'sms-sender' },
    ]);
  });

  it('drops what cannot be normalised: it never links', () => {
    expect(
      trustedIdentities([
        { kind: 'phone', value: '89123456789', source: 'sms-sender' },
        { kind: 'email', value: 'not an address', source: 'email-sender' },
      ]),
    ).toEqual([]);
    expect(trustedIdentities([{ kind: 'phone', value: '89123456789', source: 'sms-sender' }], 'RU')).toEqual([
      { kind: 'phone', value: '+79123456789', source: 'sms-sender' },
    ]);
  });
});

describe('linking a new contact', () => {
  const email: Identity = { kind: 'email', value: 'ann@example.com', source: 'email-sender' };
  const phone: Identity = { kind: 'phone', value: '+79123456789', source: 'sms-sender' };

  it('joins no one when nobody holds its identities', () => {
    expect(customerToJoin([email, phone], () => null)).toBeNull();
    expect(customerToJoin([], () => 'c1')).toBeNull();
  });

  it('joins the holder of its first held identity, and never merges two holders', () => {
    const owners = new Map([
      ['+79123456789', 'by-phone'],
      ['ann@example.com', 'by-email'],
    ]);
    const ownerOf = (i: Identity) => owners.get(i.value) ?? null;
    expect(customerToJoin([email, phone], ownerOf)).toBe('by-email');
    expect(customerToJoin([phone, email], ownerOf)).toBe('by-phone');
  });

  it('gives the customer only the identities nobody holds yet', () => {
    const ownerOf = (i: Identity) => (i.kind === 'phone' ? 'someone-else' : null);
    expect(identitiesToAdd([email, phone], ownerOf)).toEqual([email]);
  });
});
