/** Case and portfolio reports: exact figures from hand-built cases, over a real SQLite store. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { computeCaseReport } from '../../reports/case-report';
import { createReportActivities } from '../../activities/reports';
import { percentile, portfolioReport } from '../../store/portfolio';
import { saveCaseRecord } from '../../store/cases';
import { countCases, listCases } from '../../store/case-list';
import { openDb, type Db } from '../../store/db';
import { getCaseReport, saveCaseReport } from '../../store/reports';
import { caseRow, caseView, deadlines, followUps, handledCase, hoursAfter, OPENED, trailOf, type CaseShape } from '../fixtures/reports';

describe('reports', () => {
  describe('computeCaseReport', () => {
    const view = handledCase();
    const report = computeCaseReport(view, trailOf(view.id, OPENED, ['case_opened', 'phase_entered', 'phase_entered', 'note_added', 'case_closed']));

    it('sums the time of every visit to a phase, in hours and as a share', () => {
      expect(report.phases).to.deep.equal([
        { phase: 'screening', visits: 1, hours: 6, share: 0.0179 },
        { phase: 'assessment', visits: 2, hours: 60, share: 0.1786 },
        { phase: 'planning', visits: 2, hours: 30, share: 0.0893 },
        { phase: 'implementation', visits: 2, hours: 192, share: 0.5714 },
        { phase: 'follow_up', visits: 1, hours: 24, share: 0.0714 },
        { phase: 'evaluation', visits: 1, hours: 24, share: 0.0714 },
      ]);
      expect(report.timeline).to.have.length(9);
      expect(report.timeline[5]).to.deep.equal({ phase: 'assessment', start: hoursAfter(OPENED, 246), end: hoursAfter(OPENED, 258), hours: 12, open: false });
    });

    it('leaves out of the cycle the time a reopened case spent closed, and lists each reopening', () => {
      // Closed 100 hours in, reopened at 150: of the 336 hours from opening to the last closing, 50 were spent closed.
      const reopening = { at: hoursAfter(OPENED, 150), by: 'sup', reason: 'Appeal', phase: 'assessment' as const, closure: 'withdrawn' as const, closedAt: hoursAfter(OPENED, 100) };
      const reopened = computeCaseReport({ ...view, reopenings: [reopening] }, trailOf(view.id, OPENED, ['case_opened', 'case_closed']));
      expect(reopened.cycleHours).to.equal(286);
      expect(reopened.reopenings).to.deep.equal([reopening]);
      expect(report.reopenings).to.deep.equal([]);
    });

    it('measures the cycle from opening to closing', () => {
      expect(report.cycleHours).to.equal(336);
      expect(report.evaluatedAt).to.equal(hoursAfter(OPENED, 312));
      expect(report.asOf).to.equal(view.closedAt);
    });

    it('counts deadlines, follow-ups, loops, goals and work', () => {
      expect(report.deadlines).to.deep.include({ total: 4, met: 3, missed: 1, running: 0 });
      expect(report.followUps).to.deep.equal({ scheduled: 3, done: 2, onTime: 1, late: 1, escalated: 1, cancelled: 1, pending: 0 });
      expect(report.loops).to.deep.equal({ reassessments: 1, replans: 1 });
      expect(report.goals).to.deep.equal({ total: 4, reached: 3 });
      expect(report.tasks).to.deep.equal({ total: 4, done: 2, open: 1, cancelled: 1, overdue: 1, doneLate: 1 });
      expect(report.notes).to.equal(2);
      expect(report.trail).to.deep.equal({
        entries: 5,
        byType: { case_opened: 1, phase_entered: 2, note_added: 1, case_closed: 1 },
        firstAt: OPENED,
        lastAt: hoursAfter(OPENED, 4),
      });
    });

    it('takes satisfaction, cost and goals reached from the evaluation and keeps the other fields', () => {
      expect(report.satisfaction).to.equal(4);
      expect(report.cost).to.equal(1250.5);
      expect(report.evaluation).to.deep.equal({ outcome: 'housed, with "support"', follow_on: true });
      expect(report.risk).to.deep.include({ level: 'high', computedLevel: 'moderate', score: 7 });
      expect(report.risk?.overrides).to.have.length(1);
    });

    it('runs an open visit to the latest recorded moment and leaves the cycle open before evaluation', () => {
      const open = caseView({ id: 'housing-support-000002', openedAt: OPENED, legs: [{ phase: 'screening', hours: 2 }, { phase: 'assessment', hours: 1 }] });
      const r = computeCaseReport(open, trailOf(open.id, OPENED, ['case_opened', 'a', 'b', 'c', 'd', 'e']));
      expect(r.asOf).to.equal(hoursAfter(OPENED, 5));
      expect(r.timeline[1]).to.deep.include({ phase: 'assessment', hours: 3, open: true });
      expect(r.cycleHours).to.equal(null);
      expect([r.satisfaction, r.cost, r.goals.reached, r.risk]).to.deep.equal([null, null, null, null]);
    });
  });

  describe('portfolio over a SQLite store', () => {
    let db: Db;
    let dataDir: string;
    const shape = (id: string, openedAt: string, hours: [number, number, number, number], extra: Partial<CaseShape> = {}): CaseShape => ({
      id,
      openedAt,
      closure: 'completed',
      legs: (['screening', 'assessment', 'implementation', 'evaluation'] as const).map((phase, i) => ({ phase, hours: hours[i] })),
      ...extra,
    });
    const risk = (level: 'low' | 'moderate' | 'high') => ({ score: 1, level, computedLevel: level, reasons: [], overrides: [], at: OPENED });
    const figures = (met: number, missed: number, done: number, onTime: number, evaluation: Record<string, unknown>) => ({
      deadlines: deadlines('assessment', met, missed, OPENED),
      followUps: followUps(done, onTime, OPENED),
      forms: { evaluation },
    });

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-reports-'));
      db = await openDb({ dataDir });
      const reported = [
        shape('housing-support-000001', '2024-03-01T09:00:00.000Z', [6, 48, 100, 10], { overrides: { risk: risk('low'), ...figures(2, 0, 2, 2, { satisfaction: 4, cost: 1000 }) } }),
        shape('housing-support-000002', '2024-03-05T09:00:00.000Z', [2, 20, 200, 30], { overrides: { risk: risk('high'), ...figures(1, 2, 3, 1, { satisfaction: 2, cost: 3000 }) } }),
        shape('housing-support-000003', '2024-03-10T09:00:00.000Z', [4, 30, 50, 6], { closure: 'withdrawn', overrides: { risk: risk('moderate'), ...figures(3, 0, 1, 1, { cost: 500 }) } }),
        shape('housing-support-000006', '2024-04-02T09:00:00.000Z', [1, 1, 998, 0], { overrides: figures(0, 5, 0, 0, { satisfaction: 1 }) }),
        shape('insurance-claim-000001', '2024-03-15T09:00:00.000Z', [1, 1, 1, 1], { definition: 'insurance-claim', overrides: figures(0, 1, 0, 0, {}) }),
      ].map(caseView);
      const unreported = [
        caseView({ id: 'housing-support-000004', openedAt: '2024-03-20T09:00:00.000Z', legs: [{ phase: 'implementation', hours: 5 }], overrides: { risk: risk('moderate') } }),
        caseView({ id: 'housing-support-000005', openedAt: '2024-03-31T22:00:00.000Z', legs: [{ phase: 'screening', hours: 1 }], closure: 'screened_out' }),
      ];
      // With its view, so the read model holds its phase visits too.
      for (const v of [...reported, ...unreported]) await saveCaseRecord(db, caseRow(v), [], 0, v);
      for (const v of reported) await saveCaseReport(db, computeCaseReport(v, []), '2024-05-01T00:00:00.000Z');
    });
    after(async () => {
      await db?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('adds up the cases opened in the window of one definition', async () => {
      const r = await portfolioReport(db, { from: '2024-03-01', to: '2024-03-31', definition: 'housing-support' });
      expect(r.cases).to.equal(5);
      expect(r.byPhase).to.deep.include({ closed: 4, implementation: 1, screening: 0 });
      expect(r.byRisk).to.deep.equal({ low: 1, moderate: 2, high: 1, none: 1 });
      expect(r.byStatus).to.deep.equal({ open: 1, on_hold: 0, closed: 4 });
      expect(r.outcomes).to.deep.equal({ screened_out: 1, completed: 2, withdrawn: 1 });
      expect(r.reported).to.equal(3);
      expect(r.cycleTime.overall).to.deep.equal({ cases: 3, p50: 164, p90: 252 });
      // Per phase, the phases completed in the window: the unreported case screened out on its last evening counts too.
      expect(r.cycleTime.byPhase).to.deep.equal([
        { phase: 'screening', cases: 4, p50: 2, p90: 6 },
        { phase: 'assessment', cases: 3, p50: 30, p90: 48 },
        { phase: 'implementation', cases: 3, p50: 100, p90: 200 },
        { phase: 'evaluation', cases: 3, p50: 10, p90: 30 },
      ]);
      expect(r.deadlines).to.deep.equal({ met: 6, missed: 2, breachRate: 0.25 });
      expect(r.followUps).to.deep.equal({ done: 6, onTime: 4, compliance: 0.6667 });
      expect(r.satisfaction).to.deep.equal({ responses: 2, average: 3 });
      expect(r.cost).to.deep.equal({ cases: 3, total: 4500, average: 1500 });
    });

    it('includes a date-time bound itself and a date bound its whole day', async () => {
      expect((await portfolioReport(db, { to: '2024-03-31T22:00:00Z', definition: 'housing-support' })).cases).to.equal(5);
      expect((await portfolioReport(db, { to: '2024-03-31T21:59:59Z', definition: 'housing-support' })).cases).to.equal(4);
      expect((await portfolioReport(db, { from: '2024-04-02', to: '2024-04-30' })).cases).to.equal(1);
      expect((await portfolioReport(db)).cases).to.equal(7);
    });

    it('uses nearest-rank percentiles', () => {
      expect(percentile([], 50)).to.equal(null);
      expect(percentile([5], 90)).to.equal(5);
      expect([percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)]).to.deep.equal([5, 9]);
    });

    it('stores one report per case and never lets an older revision replace a newer one', async () => {
      const view = { ...handledCase(), id: 'housing-support-000099' };
      const report = computeCaseReport(view, []);
      await saveCaseReport(db, report, '2024-05-01T00:00:00.000Z');
      await saveCaseReport(db, { ...report, revision: 9, satisfaction: 1 }, '2024-05-02T00:00:00.000Z');
      expect((await getCaseReport(db, view.id))?.satisfaction).to.equal(4);
      await saveCaseReport(db, { ...report, revision: 11, satisfaction: 5 }, '2024-05-03T00:00:00.000Z');
      expect(await getCaseReport(db, view.id)).to.deep.include({ satisfaction: 5, producedAt: '2024-05-03T00:00:00.000Z' });
      expect(await db('case_reports').where({ case_id: view.id }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });

    it('produces a report from the case as recorded, named by its id, in the activity', async () => {
      // A case recorded with its whole view, which covers its two entries.
      const view = { ...caseView(shape('housing-support-000007', '2024-06-01T09:00:00.000Z', [1, 2, 3, 4])), revision: 2, trailLength: 2 };
      await saveCaseRecord(db, caseRow(view), trailOf(view.id, view.openedAt, ['case_opened', 'phase_entered']), 0, view);
      const { produceCaseReport } = createReportActivities({ db, now: () => new Date('2024-06-02T00:00:00.000Z') });
      const produced = await produceCaseReport({ caseId: view.id });
      expect(produced.trail.entries).to.equal(2);
      expect(produced.cycleHours).to.equal(10);
      expect(await getCaseReport(db, view.id)).to.deep.equal({ ...JSON.parse(JSON.stringify(produced)), producedAt: '2024-06-02T00:00:00.000Z' });
      // Runs begun before send the whole view; the report is made from the store all the same.
      expect(await produceCaseReport({ ...view, title: 'as the run saw it' })).to.deep.equal(produced);
    });
  });
  describe('cycle time per phase over a SQLite store', () => {
    let db: Db;
    let dataDir: string;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-phase-times-'));
      db = await openDb({ dataDir });
    });
    after(async () => {
      await db?.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

      it('counts cycle time per phase over the phases completed in the window, whenever their cases were opened', async () => {
        const cases = [
          // Opened before the window: its screening ended before it (left out), its assessment and implementation in it.
          caseView({ id: 'phase-times-000001', definition: 'phase-times', openedAt: '2024-05-30T00:00:00.000Z', closure: 'completed', legs: [{ phase: 'screening', hours: 24 }, { phase: 'assessment', hours: 48 }, { phase: 'implementation', hours: 10 }] }),
          // Still in assessment: its screening ended in the window, its assessment has not ended.
          caseView({ id: 'phase-times-000002', definition: 'phase-times', openedAt: '2024-06-10T00:00:00.000Z', legs: [{ phase: 'screening', hours: 2 }, { phase: 'assessment', hours: 5 }] }),
          // Opened at the window's end: screening ends in it, assessment after it (left out).
          caseView({ id: 'phase-times-000003', definition: 'phase-times', openedAt: '2024-06-30T20:00:00.000Z', closure: 'withdrawn', legs: [{ phase: 'screening', hours: 3 }, { phase: 'assessment', hours: 10 }] }),
          // Back to assessment once: both visits end in the window and count as one case, their hours added up.
          caseView({ id: 'phase-times-000004', definition: 'phase-times', openedAt: '2024-06-05T00:00:00.000Z', closure: 'completed', legs: [{ phase: 'screening', hours: 4 }, { phase: 'assessment', hours: 3 }, { phase: 'planning', hours: 1 }, { phase: 'assessment', hours: 4 }] }),
        ];
        for (const v of cases) await saveCaseRecord(db, caseRow(v), [], 0, v);
        const r = await portfolioReport(db, { from: '2024-06-01', to: '2024-06-30', definition: 'phase-times' });
        expect(r.reported).to.equal(0);
        expect(r.cycleTime.byPhase).to.deep.equal([
          { phase: 'screening', cases: 3, p50: 3, p90: 4 },
          { phase: 'assessment', cases: 2, p50: 7, p90: 48 },
          { phase: 'planning', cases: 1, p50: 1, p90: 1 },
          { phase: 'implementation', cases: 1, p50: 10, p90: 10 },
        ]);
        // The case list's filter finds exactly the cases each figure counts.
        const listed = async (phase: string) => (await listCases(db, { definition: 'phase-times', completedPhase: phase, completedAfter: '2024-06-01T00:00:00.000Z', completedBefore: '2024-07-01T00:00:00.000Z', sort: 'openedAt', limit: 10 })).map((c) => c.id.slice(-1));
        expect(await listed('screening')).to.deep.equal(['4', '2', '3']);
        expect(await listed('assessment')).to.deep.equal(['1', '4']);
        expect(await countCases(db, { definition: 'phase-times', completedPhase: 'assessment', completedAfter: '2024-07-01T00:00:00.000Z' })).to.equal(1);
        // A window after all of it: nothing completed there.
        expect((await portfolioReport(db, { from: '2024-08-01', to: '2024-08-31', definition: 'phase-times' })).cycleTime.byPhase).to.deep.equal([]);
      });
  });
});
