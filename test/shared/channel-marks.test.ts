import { expect, it } from 'vitest';
import { CHANNEL_KINDS, channelMark } from '../../shared/channel-kinds';

it('marks every kind in letters, each kind its own mark', () => {
  // Written out per kind, so a build with more kinds checks each of its own against this table.
  const expected: Record<string, string> = {
    api: 'API',
    webchat: 'W',
    email: '@',
    telegram: 'TG',
    whatsapp: 'WA',
    vk: 'VK',
    viber: 'VB',
    sms: 'SMS',
  };
  expect(CHANNEL_KINDS.map(channelMark)).toEqual(CHANNEL_KINDS.map((kind) => expected[kind]));
  expect(['telegram', 'whatsapp', 'vk', 'viber', 'sms'].map(channelMark)).toEqual(['TG', 'WA', 'VK', 'VB', 'SMS']);
  expect(channelMark('odnoklassniki')).toBe('ODN');
  expect(channelMark(undefined)).toBe('?');
  // A kind named like an Object property is still just a name.
  expect(channelMark('constructor')).toBe('CON');
});
