// What each kind allows in one reply (issue 16, the composer's count): the registry answers from
// each adapter's capabilities, and this is the one place the numbers are read back. The console
// shows them as the server sends them (test/console/composer-count.test.tsx).
import { expect, it } from 'vitest';
import { BUILT_IN_ADAPTERS, ChannelAdapters } from '../../server/channels/registry';
import type { ChannelRecord } from '../../server/desk/mappers';

const adapters = new ChannelAdapters(Object.values(BUILT_IN_ADAPTERS));
const limitsOf = (adapter: string) => adapters.limits({ adapter } as ChannelRecord);

it.each([
  // Telegram splits a long text into 4096-character messages, so it is not refused: the desk's 16000 holds.
  ['telegram', { maxText: 16_000, partLength: 4096, smsParts: false, files: true }],
  ['vk', { maxText: 4096, partLength: null, smsParts: false, files: true }],
  ['viber', { maxText: 7000, partLength: null, smsParts: false, files: true }],
  ['whatsapp', { maxText: 4096, partLength: null, smsParts: false, files: true }],
  // About ten billed parts, and no files in an SMS.
  ['sms', { maxText: 670, partLength: null, smsParts: true, files: false }],
  // No limit of the provider's own: the desk's.
  ['email', { maxText: 16_000, partLength: null, smsParts: false, files: true }],
  ['webchat', { maxText: 16_000, partLength: null, smsParts: false, files: true }],
  ['api', { maxText: 16_000, partLength: null, smsParts: false, files: true }],
])('a %s reply may hold %o', (kind, limits) => {
  expect(limitsOf(kind)).toEqual(limits);
});
