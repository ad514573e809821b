// Addresses typed to start a conversation (issue 16) become the contact ids the kinds' inbound
// messages carry, or a refusal that says what form is wanted.
import { describe, expect, test } from 'vitest';
import { BUILT_IN_ADAPTERS } from '../../server/channels/registry';
import { emailAddress, phoneAddress } from '../../server/channels/start-addresses';

describe('start addresses', () => {
  test('phone numbers: E.164 from the usual ways of writing one; anything else refused', () => {
    expect(phoneAddress(' +7 (900) 123-45-67 ')).toEqual({ id: '+79001234567', phone: '+79001234567' });
    expect(phoneAddress('+49.151.1234.5678')).toEqual({ id: '+4915112345678', phone: '+4915112345678' });
    for (const bad of ['89001234567', '+0123456789', '+12345', '+7900123456789012', 'Shop', '+7 900 CALL-NOW'])
      expect(phoneAddress(bad)).toMatchObject({ error: expect.stringMatching(/international form/) });
  });

  test('e-mail addresses: lowercased as the mail parser files replies; a bare name refused', () => {
    expect(emailAddress(' Anna.Petrova@Example.COM ')).toEqual({
      id: 'anna.petrova@example.com',
      email: 'anna.petrova@example.com',
    });
    for (const bad of ['anna', 'anna@', '@example.com', 'a b@example.com', 'Anna <anna@example.com>'])
      expect(emailAddress(bad)).toMatchObject({ error: expect.stringMatching(/not an e-mail address/) });
  });

  test('each kind: WhatsApp names the number by its digits (as Meta does), the API channel takes ids as they are', () => {
    expect(BUILT_IN_ADAPTERS.whatsapp.startAddress('+7 900 123-45-67')).toEqual({
      id: '79001234567',
      phone: '+79001234567',
    });
    expect(BUILT_IN_ADAPTERS.sms.startAddress('+79001234567')).toMatchObject({ id: '+79001234567' });
    expect(BUILT_IN_ADAPTERS.email.startAddress('X@Y.ORG')).toMatchObject({ id: 'x@y.org' });
    expect(BUILT_IN_ADAPTERS.api.startAddress(' crm-4711 ')).toEqual({ id: 'crm-4711' });
    const starts = Object.fromEntries(
      Object.entries(BUILT_IN_ADAPTERS).map(([kind, a]) => [kind, a.capabilities.startsConversations]),
    );
    expect(starts).toEqual({
      api: 'any-address',
      webchat: false,
      email: 'any-address',
      telegram: 'known-contacts',
      vk: 'known-contacts',
      viber: 'known-contacts',
      whatsapp: 'any-address',
      sms: 'any-address',
    });
  });
});
