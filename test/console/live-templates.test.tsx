// Issue 13 §3: a template added or deleted while the console runs reaches its picker from the
// live feed, without a restart.
import { afterEach, expect, test } from 'vitest';
import { desk3, start, type, unmountAll } from './console-app-harness';
import { KEYS, press } from './helpers';

afterEach(unmountAll);

test('a template added on the feed is in the picker; a deleted one is gone', async () => {
  const desk = desk3();
  desk.templateList = [{ id: 't1', name: 'Refund policy', text: 'Refunds take 5 days.', lang: 'en', useCount: 0 }];
  const { app } = await start(desk);

  desk.emit({
    type: 'template.changed',
    template: { id: 't2', name: 'Delivery', text: 'Delivery is free over 50 €.', lang: 'en', useCount: 0 },
  });
  await press(app, '/');
  await type(app, 'deliv');
  expect(app.lastFrame()).toContain('Delivery is free over 50 €.');
  await press(app, KEYS.escape);

  desk.emit({ type: 'template.deleted', templateId: 't1' });
  await press(app, '/');
  expect(app.lastFrame()).toContain('Delivery');
  expect(app.lastFrame()).not.toContain('Refund policy');
});
