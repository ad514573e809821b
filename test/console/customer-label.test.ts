// How the console names a customer who gave no name: by the contact, an opaque visitor token
// shortened to its last characters, an address or a number kept whole.
import { expect, it } from 'vitest';
import { customerLabel } from '../../cli/console/hotlist';
import { conversation } from './fake-desk';

it('names a nameless customer by a short form of an opaque contact id, and by an address or number in full', () => {
  const label = (contactId: string) => customerLabel(conversation('a', { customerName: null, contactId }), 'ru');
  expect(label('v-aa9QT6kg5cdxAayU')).toBe('Клиент …dxAayU');
  expect(label('petr@example.ru')).toBe('Клиент petr@example.ru');
  expect(label('+79001234567')).toBe('Клиент +79001234567');
  expect(label('123456789')).toBe('Клиент 123456789');
  expect(customerLabel(conversation('b', { customerName: ' Пётр ', contactId: 'v-aa9QT6kg5cdxAayU' }), 'ru')).toBe(
    'Пётр',
  );
});
