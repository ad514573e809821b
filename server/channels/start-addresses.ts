// Addresses an operator or a script types to write first (issue 16), normalised to the contact
// ids the kinds' inbound messages carry, so that the customer's reply finds the conversation:
// phone numbers in E.164, e-mail addresses lowercased as the mail parser gives them.
import type { StartAddress } from './adapter';

/** A phone number in E.164 (`+` and 7–15 digits; spaces, dots, dashes and brackets dropped). */
export function phoneAddress(raw: string): StartAddress {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{6,14}$/.test(compact))
    return {
      error: `"${raw.trim().slice(0, 40)}" is not a phone number in international form: write it as +<country><number>, e.g. +4915112345678`,
    };
  return { id: compact, phone: compact };
}

/** An e-mail address, lowercased; only its shape is checked (the mail server is the judge of the rest). */
export function emailAddress(raw: string): StartAddress {
  const address = raw.trim().toLowerCase();
  if (address.length > 254 || !/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(address))
    return { error: `"${raw.trim().slice(0, 40)}" is not an e-mail address: write it as name@example.com` };
  return { id: address, email: address };
}
