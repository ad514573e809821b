import { expect, it } from 'vitest';
import { CHANNEL_KINDS, channelMark } from '../../shared/channel-kinds';

it('marks every kind in letters, each kind its own mark', () => {
  const marks = CHANNEL_KINDS.map(channelMark);
  // The built-in kinds first; the messengers' kinds join the list as their adapters are built.
  expect(marks.slice(0, 3)).toEqual(['API', 'W', '@']);
  expect(new Set(marks).size).toBe(marks.length);
  expect(marks.every((mark) => /^[A-Z@]{1,3}$/.test(mark))).toBe(true);
  expect(['telegram', 'whatsapp', 'vk', 'viber', 'sms'].map(channelMark)).toEqual(['TG', 'WA', 'VK', 'VB', 'SMS']);
  expect(channelMark('odnoklassniki')).toBe('ODN');
  expect(channelMark(undefined)).toBe('?');
  // A kind named like an Object property is still just a name.
  expect(channelMark('constructor')).toBe('CON');
});
