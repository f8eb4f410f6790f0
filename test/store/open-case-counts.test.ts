/**
 * The dashboard's open cases by phase, risk level and breach, read from the counts the triggers of
 * migration 190 keep, against the same figures worked out here from the rows written: as cases
 * open, move phase, change risk, breach, change team, close, reopen and are removed, on SQLite and
 * PostgreSQL.
 */
import { expect } from 'chai';
import type { CaseRow } from '../../common/case-types';
import { RISK_LEVELS, type Phase, type RiskLevel } from '../../common/phases';
import { saveCaseRecord } from '../../store/cases';
import { dashboardCounts, type DashboardScope } from '../../store/dashboard';
import type { Db } from '../../store/db';
import { forEachDatabase } from '../helpers/databases';

const TEAMS = ['team-a', 'team-b', 'team-c'];
const OPEN_PHASES: Phase[] = ['screening', 'assessment', 'planning', 'implementation', 'follow_up'];
const NOW = new Date('2024-04-01T00:00:00.000Z');

function rowOf(n: number): CaseRow {
  const definitionKey = n % 2 === 0 ? 'housing-support' : 'insurance-claim';
  return {
    id: `${definitionKey}-${String(n).padStart(6, '0')}`,
    number: n,
    definitionKey,
    definitionVersion: 1,
    title: `Case ${n}`,
    team: TEAMS[n % 3],
    phase: OPEN_PHASES[n % OPEN_PHASES.length],
    status: n % 11 === 0 ? 'on_hold' : 'open',
    riskLevel: n % 4 === 0 ? undefined : (RISK_LEVELS[n % 3] as RiskLevel),
    openedAt: '2024-03-01T09:00:00.000Z',
    breached: n % 5 === 0,
    urgency: 0,
    revision: 1,
    updatedAt: '2024-03-01T09:00:00.000Z',
  } as CaseRow;
}

/** The open figures as the dashboard gives them, worked out from the rows. */
function expected(rows: Iterable<CaseRow>, scope: DashboardScope) {
  const byPhase: Record<string, number> = {};
  const byRisk: Record<string, number> = {};
  let breached = 0;
  for (const r of rows) {
    if (r.status === 'closed' || (scope.teams && !scope.teams.includes(r.team)) || (scope.team && r.team !== scope.team) || (scope.definition && r.definitionKey !== scope.definition)) continue;
    byPhase[r.phase] = (byPhase[r.phase] ?? 0) + 1;
    byRisk[r.riskLevel ?? 'none'] = (byRisk[r.riskLevel ?? 'none'] ?? 0) + 1;
    if (r.breached) breached++;
  }
  return { byPhase, byRisk, breached };
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

const SCOPES: DashboardScope[] = [{}, { teams: TEAMS }, { teams: ['team-a', 'team-c'] }, { team: 'team-b' }, { definition: 'insurance-claim', teams: ['team-b', 'team-c'] }, { teams: [] }];

describe('the dashboard\'s open cases, counted as cases change', () => forEachDatabase((open) => {
  let db: Db;
  const rows = new Map<string, CaseRow>();
  beforeEach(async () => {
    db = await open();
    rows.clear();
  });

  const save = async (row: CaseRow) => {
    rows.set(row.id, row);
    await saveCaseRecord(db, row, [], row.revision);
  };
  const change = async (id: string, to: Partial<CaseRow>) => {
    const row = rows.get(id)!;
    await save({ ...row, ...to, revision: row.revision + 1 });
  };
  const check = async (when: string) => {
    for (const scope of SCOPES) {
      const counts = await dashboardCounts(db, scope, [], NOW);
      const want = expected(rows.values(), scope);
      const label = `${when}, ${JSON.stringify(scope)}`;
      expect(nonZero(counts.openByPhase), label).to.deep.equal(want.byPhase);
      expect(nonZero(counts.openByRisk), label).to.deep.equal(want.byRisk);
      expect(counts.breached, label).to.equal(want.breached);
    }
  };

  it('gives the open cases by phase, risk and breach for any teams and definition, as they open, change, close and go', async () => {
    for (let n = 1; n <= 45; n++) await save(rowOf(n));
    await check('opened');

    const ids = [...rows.keys()];
    await change(ids[0], { phase: 'planning' });
    await change(ids[1], { riskLevel: 'high' });
    await change(ids[2], { riskLevel: undefined });
    await change(ids[3], { breached: true });
    await change(ids[4], { breached: false });
    await change(ids[5], { team: 'team-c' });
    await change(ids[6], { status: 'closed', phase: 'closed', closedAt: '2024-03-20T09:00:00.000Z' });
    await change(ids[7], { status: 'on_hold' });
    await change(ids[8], { title: 'Only the title changes' });
    await check('changed');

    // A closed case opened again, and a case removed from the read model.
    await change(ids[6], { status: 'open', phase: 'assessment', closedAt: undefined });
    await db('cases').where({ id: ids[9] }).delete();
    rows.delete(ids[9]);
    await check('reopened and removed');
  });
}));
