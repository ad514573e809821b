import { describe, expect, test } from 'vitest';
import { renderTemplate, templateVariables } from '../../shared/template';

const vars = { 'customer.name': 'Анна', 'operator.name': 'Ivan' };

describe('renderTemplate', () => {
  test('fills customer and operator names', () => {
    expect(renderTemplate('Hello {{customer.name}}, this is {{operator.name}}.', vars)).toBe(
      'Hello Анна, this is Ivan.',
    );
  });

  test('allows spaces inside the braces', () => {
    expect(renderTemplate('Hi {{ customer.name }}!', vars)).toBe('Hi Анна!');
  });

  test('uses the fallback when the variable is missing', () => {
    expect(renderTemplate('Hello {{customer.name|there}}!', {})).toBe('Hello there!');
  });

  test('uses the fallback when the variable is null, empty or blank', () => {
    for (const value of [null, undefined, '', '   ']) {
      expect(renderTemplate('Hello {{customer.name|there}}!', { 'customer.name': value })).toBe('Hello there!');
    }
  });

  test('ignores the fallback when the variable has a value', () => {
    expect(renderTemplate('Hello {{customer.name|there}}!', vars)).toBe('Hello Анна!');
  });

  test('a fallback may hold spaces and Cyrillic; surrounding spaces are trimmed', () => {
    expect(renderTemplate('Здравствуйте, {{customer.name | уважаемый клиент}}!', {})).toBe(
      'Здравствуйте, уважаемый клиент!',
    );
  });

  test('an empty fallback renders as nothing', () => {
    expect(renderTemplate('Hello{{customer.name|}}!', {})).toBe('Hello!');
  });

  test('an unknown variable without fallback renders as nothing', () => {
    expect(renderTemplate('Order {{order.id}} shipped', vars)).toBe('Order  shipped');
  });

  test('does not read inherited properties as variables', () => {
    expect(renderTemplate('{{constructor}}|{{toString|x}}', {})).toBe('|x');
  });

  test('an unclosed {{ stays literal', () => {
    expect(renderTemplate('Use {{customer.name to greet', vars)).toBe('Use {{customer.name to greet');
  });

  test('braces that are not a variable stay literal', () => {
    expect(renderTemplate('JSON: {{"a": 1}} and {{ }} and {{1x}}', vars)).toBe('JSON: {{"a": 1}} and {{ }} and {{1x}}');
  });

  test('a value is inserted as is, never re-expanded', () => {
    expect(renderTemplate('Hi {{customer.name}}', { 'customer.name': '{{operator.name}}' })).toBe(
      'Hi {{operator.name}}',
    );
  });

  test('fills every occurrence', () => {
    expect(renderTemplate('{{customer.name}} / {{customer.name}}', vars)).toBe('Анна / Анна');
  });
});

describe('templateVariables', () => {
  test('lists each variable once, in order of first use', () => {
    expect(templateVariables('{{operator.name}} to {{customer.name|you}}: {{operator.name}} {{x}} {{ broken')).toEqual([
      'operator.name',
      'customer.name',
      'x',
    ]);
  });

  test('is empty for plain text', () => {
    expect(templateVariables('Thank you!')).toEqual([]);
  });
});
