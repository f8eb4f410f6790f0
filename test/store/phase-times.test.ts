/**
 * Cycle time per phase against the figures worked out here from the cases' own visits, on SQLite
 * and PostgreSQL: cases that left a phase more than once among many that left it once, windows that
 * start and end at midnight or in the middle of a day, teams and definitions, and cases whose later
 * visits or team change after their first write.
 */
import { expect } from 'chai';
import type { CaseView } from '../../common/case-view';
import { PHASES, type Phase } from '../../common/phases';
import { round } from '../../reports/case-report';
import { saveCaseRecord } from '../../store/cases';
import type { Db } from '../../store/db';
import { completedPhaseTimes } from '../../store/phase-times';
import { percentile } from '../../store/portfolio';
import type { ReportWindow } from '../../store/reports';
import { caseRow, caseView, type Leg } from '../fixtures/reports';
import { forEachDatabase } from '../helpers/databases';

const HOUR_MS = 3_600_000;
const TEAMS = ['team-a', 'team-b', 'team-c'];

/** Case `n`: opened over ten days at odd hours, in one of three teams and two definitions; one in five goes back from approval to planning once, and one in seven twice. */
function shapeOf(n: number, legsAfter = 0): CaseView {
  const hours = (k: number) => ((n * 7 + k * 13) % 50) + 0.25 * (n % 4) + 1;
  const loops = n % 7 === 0 ? 2 : n % 5 === 0 ? 1 : 0;
  const legs: Leg[] = [
    { phase: 'screening', hours: hours(1) },
    { phase: 'assessment', hours: hours(2) },
    { phase: 'planning', hours: hours(3) },
    { phase: 'approval', hours: hours(4) },
  ];
  for (let i = 0; i < loops; i++) legs.push({ phase: 'planning', hours: hours(5 + i) }, { phase: 'approval', hours: hours(7 + i) });
  legs.push({ phase: 'implementation', hours: hours(9) });
  for (let i = 0; i < legsAfter; i++) legs.push({ phase: 'planning', hours: hours(10 + i) }, { phase: 'implementation', hours: hours(12 + i) });
  const definition = n % 2 === 0 ? 'housing-support' : 'insurance-claim';
  const id = `${definition}-${String(n).padStart(6, '0')}`;
  const openedAt = new Date(Date.parse('2024-03-01T00:00:00.000Z') + ((n * 37) % 240) * HOUR_MS + (n % 3) * 60_000).toISOString();
  return caseView({ id, openedAt, legs, definition, overrides: { team: TEAMS[n % 3] } });
}

/** The figures as the dashboard gives them, from the views: per case the hours of its visits that ended in the window, added up; nearest rank. */
function expected(views: CaseView[], w: ReportWindow) {
  const perPhase = new Map<Phase, number[]>();
  for (const v of views) {
    if (w.teams && !w.teams.includes(v.team)) continue;
    if (w.definition && v.definition.key !== w.definition) continue;
    const sums = new Map<Phase, number>();
    for (const visit of v.visits) {
      if (!visit.leftAt || (w.since && visit.leftAt < w.since) || (w.before && visit.leftAt >= w.before)) continue;
      sums.set(visit.phase, (sums.get(visit.phase) ?? 0) + (Date.parse(visit.leftAt) - Date.parse(visit.enteredAt)) / HOUR_MS);
    }
    for (const [phase, h] of sums) perPhase.set(phase, [...(perPhase.get(phase) ?? []), h]);
  }
  return PHASES.filter((p) => perPhase.has(p)).map((phase) => {
    const values = perPhase.get(phase)!;
    return { phase, cases: values.length, p50: round(percentile(values, 50)!), p90: round(percentile(values, 90)!) };
  });
}

const WINDOWS: ReportWindow[] = [
  {},
  { since: '2024-03-03T00:00:00.000Z', before: '2024-03-09T00:00:00.000Z' },
  { since: '2024-03-02T13:30:00.000Z', before: '2024-03-08T07:15:00.000Z', teams: ['team-a', 'team-c'] },
  { since: '2024-03-04T05:00:00.000Z', before: '2024-03-04T21:00:00.000Z' },
  { since: '2024-03-05T00:00:00.000Z', definition: 'housing-support' },
  { before: '2024-03-06T12:00:00.000Z', teams: ['team-b'], definition: 'insurance-claim' },
  { since: '2024-03-01T00:00:00.000Z', before: '2024-03-20T00:00:00.000Z', teams: [] },
];

const inOrder = (rows: Array<{ phase: Phase }>) => [...rows].sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));

describe('cycle time per phase', () => forEachDatabase((open) => {
  let db: Db;
  beforeEach(async () => {
    db = await open();
  });

  const save = async (v: CaseView) => saveCaseRecord(db, caseRow(v), [], 0, v);

  it('gives the nearest ranks of the cases\' hours per phase, a case that left a phase more than once counted once with its hours added up, for any window, team and definition', async () => {
    const views = Array.from({ length: 60 }, (_, i) => shapeOf(i + 1));
    for (const v of views) await save(v);
    for (const w of WINDOWS) expect(inOrder(await completedPhaseTimes(db, w)), JSON.stringify(w)).to.deep.equal(expected(views, w));
    // The figures take in several percentiles' worth of cases that left planning more than once.
    const planning = (await completedPhaseTimes(db, {})).find((p) => p.phase === 'planning');
    expect(planning?.cases).to.equal(60);
  });

  it('gives a percentile that falls on a length the daily counts count by, a quarter of an hour doubled', async () => {
    const hours = [...Array(5).fill(3), ...Array(10).fill(4), ...Array(5).fill(6)] as number[];
    const views = hours.map((h, i) => caseView({ id: `housing-support-${String(i + 1).padStart(6, '0')}`, openedAt: '2024-03-01T09:00:00.000Z', legs: [{ phase: 'screening', hours: h }, { phase: 'assessment', hours: 1 }] }));
    for (const v of views) await save(v);
    expect(await completedPhaseTimes(db, {})).to.deep.include({ phase: 'screening', cases: 20, p50: 4, p90: 6 });
    expect(inOrder(await completedPhaseTimes(db, {}))).to.deep.equal(expected(views, {}));
  });

  it('follows cases that go back to a phase after their first write, and a case moved to another team', async () => {
    const views = Array.from({ length: 30 }, (_, i) => shapeOf(i + 1));
    for (const v of views) await save(v);
    // A third of the cases go back to planning later: their earlier ends of planning and implementation become one case's sum.
    const later = views.map((v, i) => (i % 3 === 0 ? { ...shapeOf(i + 1, 1 + (i % 2)), revision: v.revision + 1 } : v));
    for (const v of later.filter((v, i) => v !== views[i])) await save(v);
    for (const w of WINDOWS) expect(inOrder(await completedPhaseTimes(db, w)), JSON.stringify(w)).to.deep.equal(expected(later, w));

    const moved = later[1];
    expect(moved.team).to.equal('team-c');
    await saveCaseRecord(db, { ...caseRow(moved), team: 'team-b', revision: moved.revision + 1 }, []);
    const after = later.map((v) => (v === moved ? { ...v, team: 'team-b' } : v));
    for (const w of WINDOWS) expect(inOrder(await completedPhaseTimes(db, w)), JSON.stringify(w)).to.deep.equal(expected(after, w));
  });
}));
