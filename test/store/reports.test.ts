/** Stored case reports and the figures the portfolio is added up from, on SQLite and PostgreSQL. */
import { expect } from 'chai';
import { computeCaseReport } from '../../reports/case-report';
import type { CaseReport } from '../../reports/types';
import { saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { completedPhaseTimes } from '../../store/phase-times';
import { countCasesBy, getCaseReport, reportFigures, saveCaseReport } from '../../store/reports';
import { caseRow, caseView, handledCase, type CaseShape } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

const shape = (n: number, overrides: Partial<CaseShape> = {}): CaseShape => ({
  id: `housing-support-${String(n).padStart(6, '0')}`,
  openedAt: `2024-03-${String(n).padStart(2, '0')}T09:00:00.000Z`,
  legs: [
    { phase: 'screening', hours: 2 },
    { phase: 'evaluation', hours: 3 },
  ],
  closure: 'completed',
  ...overrides,
});

describe('report store', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  const record = async (s: CaseShape, report?: (r: CaseReport) => CaseReport) => {
    const view = caseView(s);
    await saveCaseRecord(db, caseRow(view), []);
    if (report) await saveCaseReport(db, report(computeCaseReport(view, [])), '2024-05-01T00:00:00.000Z');
    return view;
  };

  it('reads a report back whole, and never lets an older revision replace a newer one', async () => {
    const report = computeCaseReport(handledCase(), []);
    await saveCaseReport(db, report, '2024-05-01T00:00:00.000Z');
    expect(await getCaseReport(db, report.caseId)).to.deep.equal({ ...JSON.parse(JSON.stringify(report)), producedAt: '2024-05-01T00:00:00.000Z' });
    await saveCaseReport(db, { ...report, revision: report.revision - 1, satisfaction: 1 }, '2024-05-02T00:00:00.000Z');
    expect(await getCaseReport(db, report.caseId)).to.deep.include({ satisfaction: 4, producedAt: '2024-05-01T00:00:00.000Z' });
    await saveCaseReport(db, { ...report, revision: report.revision + 1, satisfaction: 5 }, '2024-05-03T00:00:00.000Z');
    expect(await getCaseReport(db, report.caseId)).to.deep.include({ satisfaction: 5, producedAt: '2024-05-03T00:00:00.000Z' });
    expect(await getCaseReport(db, 'housing-support-999999')).to.equal(undefined);
  });

  it('counts the cases of a window by a column, as numbers, a missing value as none', async () => {
    await record(shape(1, { overrides: { risk: { score: 1, level: 'low', computedLevel: 'low', reasons: [], overrides: [], at: '2024-03-01T09:00:00.000Z' } } }));
    await record(shape(2, { closure: 'withdrawn' }));
    await record(shape(3, { closure: undefined }));
    await record(shape(4, { definition: 'insurance-claim', id: 'insurance-claim-000004' }));
    await record(shape(5, { overrides: { team: 'team-b' } }));
    expect(await countCasesBy(db, {}, 'risk_level')).to.deep.equal({ low: 1, none: 4 });
    expect(await countCasesBy(db, {}, 'status')).to.deep.equal({ closed: 4, open: 1 });
    expect(await countCasesBy(db, {}, 'closure')).to.deep.equal({ completed: 3, withdrawn: 1 });
    const window = { since: '2024-03-02T09:00:00.000Z', before: '2024-03-05T09:00:00.000Z', definition: 'housing-support' };
    expect(await countCasesBy(db, window, 'phase')).to.deep.equal({ closed: 1, evaluation: 1 });
    expect(await countCasesBy(db, { teams: ['team-b'] }, 'status')).to.deep.equal({ closed: 1 });
  });

  it('gives the stored figures exactly as the report had them', async () => {
    const exact = (r: CaseReport): CaseReport => ({ ...r, cycleHours: 1234.5678, satisfaction: 4.25, cost: 1234567.89 });
    await record(shape(1), exact);
    await record(shape(2), (r) => ({ ...r, satisfaction: null, cost: null }));
    const figures = await reportFigures(db, {});
    expect(figures.map((f) => [f.cycleHours, f.satisfaction, f.cost])).to.have.deep.members([
      [1234.5678, 4.25, 1234567.89],
      [5, null, null],
    ]);
    for (const f of figures) {
      expect(f).to.deep.include({ deadlinesMet: 0, deadlinesMissed: 0, followUpsDone: 0, followUpsOnTime: 0 });
    }
  });

  it('gives the figures of the reports of the window and its teams only', async () => {
    await record(shape(1), (r) => ({ ...r, cost: 1 }));
    await record(shape(2), (r) => ({ ...r, cost: 2 }));
    await record(shape(3, { overrides: { team: 'team-b' } }), (r) => ({ ...r, cost: 3 }));
    await record(shape(4, { definition: 'insurance-claim', id: 'insurance-claim-000004' }), (r) => ({ ...r, cost: 4 }));
    const costs = async (w: Parameters<typeof reportFigures>[1]) => (await reportFigures(db, w)).map((f) => f.cost).sort();
    expect(await costs({ since: '2024-03-02T09:00:00.000Z', before: '2024-03-04T09:00:00.000Z' })).to.deep.equal([2, 3]);
    expect(await costs({ definition: 'insurance-claim' })).to.deep.equal([4]);
    expect(await costs({ teams: ['team-b'] })).to.deep.equal([3]);
    expect(await costs({ teams: ['team-a'], definition: 'housing-support' })).to.deep.equal([1, 2]);
  });
  it('ranks the hours of the phases completed in a window in the database, per phase, for its teams and definition', async () => {
    // Screening 2 h and evaluation 3 h from the opening at 09:00 of the day; the third case's phases end after the window.
    for (const v of [caseView(shape(1)), caseView(shape(2, { legs: [{ phase: 'screening', hours: 5 }, { phase: 'evaluation', hours: 1.5 }] })), caseView(shape(9)), caseView(shape(3, { overrides: { team: 'team-b' } }))]) {
      await saveCaseRecord(db, caseRow(v), [], 0, v);
    }
    const window = { since: '2024-03-01T00:00:00.000Z', before: '2024-03-05T00:00:00.000Z', teams: ['team-a'], definition: 'housing-support' };
    expect(await completedPhaseTimes(db, window)).to.have.deep.members([
      { phase: 'screening', cases: 2, p50: 2, p90: 5 },
      { phase: 'evaluation', cases: 2, p50: 1.5, p90: 3 },
    ]);
    expect(await completedPhaseTimes(db, { ...window, teams: ['team-b'] })).to.have.deep.members([
      { phase: 'screening', cases: 1, p50: 2, p90: 2 },
      { phase: 'evaluation', cases: 1, p50: 3, p90: 3 },
    ]);
    expect(await completedPhaseTimes(db, { ...window, definition: 'insurance-claim' })).to.deep.equal([]);
  });
}));
