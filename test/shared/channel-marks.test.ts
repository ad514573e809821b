import { expect, it } from 'vitest';
import { CHANNEL_KINDS, channelMark } from '../../shared/channel-kinds';

it('marks every kind in letters, each kind its own mark', () => {
  const marks = CHANNEL_KINDS.map(channelMark);
  expect(marks).toEqual(['API', 'W', '@', 'SMS']);
  expect(['telegram', 'whatsapp', 'vk', 'viber', 'sms'].map(channelMark)).toEqual(['TG', 'WA', 'VK', 'VB', 'SMS']);
  expect(channelMark('odnoklassniki')).toBe('ODN');
  expect(channelMark(undefined)).toBe('?');
  // A kind named like an Object property is still just a name.
  expect(channelMark('constructor')).toBe('CON');
});
