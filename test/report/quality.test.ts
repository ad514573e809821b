// Reports beside CSAT (issue 18 §4): the quality score per operator and per queue, and how far
// CSAT and quality agree over the period, in the JSON and the CSV.
import { describe, expect, it } from 'vitest';
import { reportCsv } from '../../cli/report/report-format';
import { csatQualityAgreement } from '../../server/domain/quality-agreement';
import { computeReport, type ReportConversation } from '../../server/domain/report';

const base: ReportConversation = {
  id: 'x',
  queueId: 'sales',
  channelId: 'web',
  status: 'resolved',
  lastOperatorId: 'olga',
  createdAt: 0,
  assignedAt: 0,
  firstResponseAt: 10_000,
  resolvedAt: 60_000,
  slaFirstResponseMs: 60_000,
  outcome: null,
  rating: null,
  messagesIn: 1,
  messagesOut: 1,
};
const rows: ReportConversation[] = [
  { ...base, id: 'a', rating: 5, qualityScore: 100 },
  { ...base, id: 'b', rating: 2, qualityScore: 50 },
  { ...base, id: 'c', lastOperatorId: 'ivan', queueId: 'support', rating: 4, qualityScore: 25 },
  { ...base, id: 'd', lastOperatorId: 'ivan', queueId: 'support', rating: 1 },
  { ...base, id: 'e', lastOperatorId: 'ivan', qualityScore: 75 },
];

describe('quality in reports', () => {
  it('averages the quality score per operator, over the reviewed conversations only', () => {
    const report = computeReport(rows, { from: 0, to: 1000, by: 'operator' });
    expect(report.rows.map((r) => [r.key, r.quality, r.csatAverage])).toEqual([
      ['ivan', { reviewed: 2, average: 50 }, 2.5],
      ['olga', { reviewed: 2, average: 75 }, 3.5],
    ]);
    expect(report.total.quality).toEqual({ reviewed: 4, average: 62.5 });
  });

  it('averages it per queue', () => {
    const report = computeReport(rows, { from: 0, to: 1000, by: 'queue' });
    expect(report.rows.map((r) => [r.key, r.quality?.average])).toEqual([
      ['sales', 75],
      ['support', 25],
    ]);
  });

  it('says how CSAT and quality agree on the conversations that have both', () => {
    // a: good and good; b: poor and poor; c: CSAT good, quality poor. d and e have one side only.
    const { csatVsQuality } = computeReport(rows, { from: 0, to: 1000 });
    expect(csatVsQuality?.pairs).toBe(3);
    expect(csatVsQuality?.agreement).toBeCloseTo(2 / 3, 10);
    // Ratings 5, 2, 4 against 100, 50, 25: sxy = 175/3, sxx = 14/3, syy = 8750/3, so r = 175/350.
    expect(csatVsQuality?.correlation).toBeCloseTo(0.5, 10);
  });

  it('gives no correlation under three pairs or when one side never varies, and none at all without pairs', () => {
    expect(csatQualityAgreement([{ rating: 5, quality: 100 }])).toEqual({ pairs: 1, correlation: null, agreement: 1 });
    const flat = [5, 5, 5].map((rating, i) => ({ rating, quality: i * 10 }));
    expect(csatQualityAgreement(flat).correlation).toBeNull();
    expect(csatQualityAgreement([])).toEqual({ pairs: 0, correlation: null, agreement: null });
    expect(
      csatQualityAgreement([
        { rating: 1, quality: 0 },
        { rating: 3, quality: 50 },
        { rating: 5, quality: 100 },
      ]).correlation,
    ).toBe(1);
  });

  it('puts quality next to CSAT in the CSV, and the agreement on every row', () => {
    const csv = reportCsv(computeReport(rows, { from: 0, to: 1000, by: 'operator' })).split('\r\n');
    const header = csv[0].split(',');
    const cell = (line: string, name: string) => line.split(',')[header.indexOf(name)];
    expect(header.indexOf('quality_reviewed')).toBe(header.indexOf('csat_share') + 1);
    expect(
      [csv[1], csv[2], csv[3]].map((l) => [cell(l, 'key'), cell(l, 'quality_reviewed'), cell(l, 'quality_avg')]),
    ).toEqual([
      ['ivan', '2', '50'],
      ['olga', '2', '75'],
      ['total', '4', '62.5'],
    ]);
    expect(cell(csv[1], 'csat_quality_r')).toBe('0.5');
    expect(cell(csv[3], 'csat_quality_agreement')).toBe('0.6667');
  });
});
