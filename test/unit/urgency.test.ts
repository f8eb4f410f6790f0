import { expect } from 'chai';
import { nextUrgencyChange, urgency, urgencyThresholds } from '../../common/urgency';

const DUE = '2026-12-11T17:30:00.000Z';
const before = (ms: number) => new Date(Date.parse(DUE) - ms).toISOString();
const H = 3_600_000;
const D = 24 * H;

describe('urgency', () => {
  const table: Array<[string, string | undefined, 'low' | 'moderate' | 'high' | undefined, number]> = [
    ['no deadline, not assessed', undefined, undefined, 0],
    ['no deadline, high risk', undefined, 'high', 10],
    ['8 days left, low', before(8 * D), 'low', 0],
    ['exactly 7 days left, low', before(7 * D), 'low', 10],
    ['5 days left, moderate', before(5 * D), 'moderate', 15],
    ['3 days left, high', before(3 * D), 'high', 30],
    ['1 day left, low', before(D), 'low', 30],
    ['5 hours left, high', before(5 * H), 'high', 40],
    ['4 hours left, low', before(4 * H), 'low', 40],
    ['1 minute left, moderate', before(60_000), 'moderate', 45],
    ['due now, low', DUE, 'low', 50],
    ['2 days overdue, high', new Date(Date.parse(DUE) + 2 * D).toISOString(), 'high', 60],
  ];
  for (const [what, now, risk, expected] of table) {
    it(`${what}: ${expected}`, () => expect(urgency({ now: now ?? DUE, dueAt: now === undefined ? undefined : DUE, risk })).to.equal(expected));
  }

  it('ranks a high-risk case with a low-risk one a band closer to its deadline', () => {
    expect(urgency({ now: before(5 * D), dueAt: DUE, risk: 'high' })).to.equal(urgency({ now: before(2 * D), dueAt: DUE, risk: 'low' }));
  });

  it('changes only at the thresholds, each the first instant of its band', () => {
    const thresholds = urgencyThresholds(DUE);
    expect(thresholds).to.deep.equal(['2026-12-04T17:30:00.000Z', '2026-12-08T17:30:00.000Z', '2026-12-10T17:30:00.000Z', '2026-12-11T13:30:00.000Z', DUE]);
    for (const t of thresholds) {
      const justBefore = new Date(Date.parse(t) - 1).toISOString();
      expect(urgency({ now: t, dueAt: DUE, risk: 'low' }), t).to.equal(urgency({ now: justBefore, dueAt: DUE, risk: 'low' }) + 10);
    }
  });

  it('names the next change, and none once the deadline has passed or when none runs', () => {
    expect(nextUrgencyChange(before(10 * D), DUE)).to.equal('2026-12-04T17:30:00.000Z');
    expect(nextUrgencyChange('2026-12-04T17:30:00.000Z', DUE)).to.equal('2026-12-08T17:30:00.000Z');
    expect(nextUrgencyChange(before(H), DUE)).to.equal(DUE);
    expect(nextUrgencyChange(DUE, DUE)).to.equal(undefined);
    expect(nextUrgencyChange(DUE, undefined)).to.equal(undefined);
  });
});
