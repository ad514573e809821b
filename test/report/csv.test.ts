// CSV quoting (RFC 4180) and the report's CSV layout.
import { describe, expect, test } from 'vitest';
import { csvField, csvLine, toCsv } from '../../cli/report/csv';
import { reportCsv } from '../../cli/report/report-format';
import { computeReport } from '../../server/domain/report';

describe('csv', () => {
  test('plain fields stay as they are', () => {
    expect(csvLine(['sales', 12, 0.5, 'Ann Lee'])).toBe('sales,12,0.5,Ann Lee');
  });

  test('commas, quotes and line breaks are quoted, inner quotes doubled', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  test('empty for null, undefined and non-finite numbers', () => {
    expect(csvLine([null, undefined, Number.NaN, Infinity, ''])).toBe(',,,,');
  });

  test('text a spreadsheet would run as a formula is defused', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-3)).toBe('-3'); // numbers are numbers
  });

  test('rows end with CRLF', () => {
    expect(
      toCsv([
        ['a', 'b'],
        [1, 'x,y'],
      ]),
    ).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe('report CSV', () => {
  test('a row per group, a total row, a column per outcome, seconds and shares', () => {
    const base = {
      channelId: 'web',
      status: 'resolved',
      assignedAt: 0,
      rating: null,
      messagesIn: 1,
      messagesOut: 2,
      slaFirstResponseMs: 60_000,
    };
    const report = computeReport(
      [
        {
          ...base,
          id: 'a',
          queueId: 'q1',
          lastOperatorId: 'x',
          createdAt: 0,
          firstResponseAt: 30_000,
          resolvedAt: 90_000,
          outcome: 'sold, "big"',
          rating: 4,
        },
        {
          ...base,
          id: 'b',
          queueId: 'q2',
          lastOperatorId: null,
          createdAt: 10,
          firstResponseAt: null,
          resolvedAt: 100,
          outcome: null,
        },
      ],
      { from: 0, to: 1000, by: 'queue', names: (_k, id) => (id === 'q1' ? 'Sales, EU' : undefined) },
      [
        {
          id: 'k1',
          queueId: 'q1',
          channelId: 'web',
          requestedBy: 'x',
          requestedAt: 5,
          status: 'done',
          closedAt: 45_005,
        },
        { id: 'k2', queueId: 'q1', channelId: 'web', requestedBy: 'x', requestedAt: 6, status: 'open', closedAt: null },
      ],
    );
    const lines = reportCsv(report).split('\r\n');
    expect(lines[0]).toBe(
      'key,name,conversations,resolved,open,abandoned,abandonment_rate,messages_in,messages_out,answered,answered_within_target,' +
        'service_level,frt_avg_s,frt_p90_s,handle_time_avg_s,rated,csat_avg,csat_share,quality_reviewed,quality_avg,' +
        'without_outcome,outbound,callbacks_requested,callbacks_done,callbacks_cancelled,callback_to_call_median_s,' +
        'resolved_idle,sla_time,csat_quality_r,csat_quality_agreement,' +
        '"outcome:sold, ""big"""',
    );
    expect(lines[1]).toBe('q1,"Sales, EU",1,1,0,0,0,1,2,1,1,1,30,30,90,1,4,1,0,,0,0,2,1,0,45,0,wall,,,1');
    expect(lines[2]).toBe('q2,q2,1,1,0,1,1,1,2,0,0,,,,0.1,0,,,0,,1,0,0,0,0,,0,wall,,,0');
    expect(lines[3]).toBe('total,Total,2,2,0,1,0.5,2,4,1,1,1,30,30,45.1,1,4,1,0,,1,0,2,1,0,45,0,wall,,,1');
    expect(lines[4]).toBe('');
  });
});
