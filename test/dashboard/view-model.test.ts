import { describe, expect, test } from 'vitest';
import { buildViewModel, cycleFilter } from '../../cli/dashboard/view-model';
import { deskStory } from './snapshot-fixture';

const narrow = { filter: null, wide: false };

describe('dashboard view model', () => {
  test('queue table: the whole desk first, then each queue, with a word for the SLA state', () => {
    const { snapshot, alerts } = deskStory();
    expect(buildViewModel(snapshot, alerts, narrow).queues).toEqual({
      headers: ['  Queue', 'Waiting', 'Longest', 'SL%', 'SLA'],
      rows: [
        ['> All queues', '2', '1m20s', '100%', 'BREACH 1'],
        ['  Sales', '2', '1m20s', '-', 'BREACH 1'],
        ['  Support {bold}', '0', '-', '100%', 'ok'],
      ],
    });
  });

  test('wide adds service level over the hour, assigned, p90 first response, inflow', () => {
    const { snapshot, alerts } = deskStory();
    const vm = buildViewModel(snapshot, alerts, { filter: 'support', wide: true });
    // 2 messages in over the 2 min 20 s the engine has run: 0.857/min
    expect(vm.queues.rows[2]).toEqual(['> Support {bold}', '0', '-', '100%', 'ok', '100%', '2', '40s', '0.9']);
  });

  // Issue 13 §6: the operator's column runs from assignment, so it is not labelled FRT, which the
  // queue table's p90 and the report measure from the customer's first message.
  test('operator table: over capacity first, status as a word, answer time, names made terminal-safe', () => {
    const { snapshot, alerts } = deskStory();
    expect(buildViewModel(snapshot, alerts, narrow).operators).toEqual({
      headers: ['Operator', 'Status', 'Load', 'Done', 'Answer'],
      rows: [
        ['Ann Lee', 'avail', '3/2!', '0', '0s'],
        ['Bob^[]0;pwned^G', 'away', '0/3', '0', '-'],
      ],
    });
  });

  test('alert lines newest first, with time and severity marks', () => {
    const { snapshot, alerts } = deskStory();
    expect(buildViewModel(snapshot, alerts, narrow).alertLines).toEqual([
      '09:32:20 !  Ann Lee is over capacity: load 3 of 2',
      '09:32:20 !  Queue "Sales": 1 waiting near or past the SLA target',
      '09:32:00 !! SLA breached in "Sales": conversation w1 has no reply after 1m00s',
    ]);
  });

  test('alert times in the supervisor’s zone', () => {
    const { snapshot, alerts } = deskStory();
    const vm = buildViewModel(snapshot, alerts, { ...narrow, utcOffsetMinutes: 180 });
    expect(vm.alertLines[0].startsWith('12:32:20')).toBe(true);
  });

  test('a queue filter keeps that queue’s alerts and operator alerts, and selects its chart', () => {
    const { snapshot, alerts } = deskStory();
    const vm = buildViewModel(snapshot, alerts, { filter: 'support', wide: false });
    expect(vm.scopeName).toBe('Support {bold}');
    expect(vm.alertLines).toEqual(['09:32:20 !  Ann Lee is over capacity: load 3 of 2']);
    expect(vm.queues.rows.map((r) => r[0][0])).toEqual([' ', ' ', '>']);
    expect(vm.serviceLevel).toEqual({ share: 1, goal: 0.8, label: '100% OK goal 80%' });
  });

  test('chart: 60 points a minute apart, ending "now"', () => {
    const { snapshot, alerts } = deskStory();
    const { chart } = buildViewModel(snapshot, alerts, narrow);
    expect(chart.x).toHaveLength(60);
    expect([chart.x[0], chart.x[58], chart.x[59]]).toEqual(['-59m', '-1m', 'now']);
    // peak waiting per minute: 09:30 s1 then s2; 09:31 s2 until taken, then w1; 09:32 w1 + w2
    expect(chart.waiting.slice(-3)).toEqual([1, 1, 2]);
    expect(chart.messagesIn.at(-3)).toBe(2);
  });

  test('no service level yet reads as a dash, not 0 %', () => {
    const { snapshot, alerts } = deskStory();
    const vm = buildViewModel(snapshot, alerts, { filter: 'sales', wide: false });
    expect(vm.serviceLevel).toEqual({ share: null, goal: 0.8, label: '- goal 80%' });
  });

  test('the filter cycles all → each queue → all, both ways', () => {
    const { snapshot } = deskStory();
    expect(cycleFilter(snapshot, null, 1)).toBe('sales');
    expect(cycleFilter(snapshot, 'sales', 1)).toBe('support');
    expect(cycleFilter(snapshot, 'support', 1)).toBeNull();
    expect(cycleFilter(snapshot, null, -1)).toBe('support');
    expect(cycleFilter(snapshot, 'gone', 1)).toBe('sales');
  });
});
