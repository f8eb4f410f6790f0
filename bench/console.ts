/**
 * Part 9: the server time of the console's dashboard and board at 100,000 cases: each page's reads
 * (store/dashboard.ts with the portfolio report, store/board.ts) and its rendering to HTML, timed in
 * process over a read model of its own (SQLite or PostgreSQL), seeded through `saveCaseRecord` with
 * each case's phase visits (what per-phase cycle time reads), for a few filters in turn.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { render } from 'preact-render-to-string';
import type { CaseRow } from '../common/case-types';
import { PHASES, RISK_LEVELS } from '../common/phases';
import { movesFor } from '../console/board-moves';
import type { Viewer } from '../console/context';
import { dashboardData, defaultPeriod } from '../console/routes/dashboard-data';
import { BoardPage } from '../console/templates/board';
import { DashboardPage } from '../console/templates/dashboard';
import { boardColumns } from '../store/board';
import { saveCaseRecord } from '../store/cases';
import { openDb, type Db, type DbOptions } from '../store/db';
import { seededRandom } from '../common/seeded-random';

const BATCH = 1_000;
const QUARTER_MS = 91 * 86_400_000;
const TEAMS = ['team-a', 'team-b', 'team-c', 'team-d'];
const DEFINITIONS = ['hr-grievance', 'insurance-claim', 'fraud-investigation', 'incident-resolution'];

/** Cases opened over two quarters, a fifth closed, most open ones with something due within two weeks either side of now. */
function seededRow(i: number, rnd: () => number, now: number): CaseRow {
  const pick = <T>(values: readonly T[]) => values[Math.floor(rnd() * values.length)];
  const phase = pick(PHASES);
  const openedAt = new Date(now - Math.floor(rnd() * 2 * QUARTER_MS)).toISOString();
  const closed = phase === 'closed';
  const assessed = phase !== 'screening' && phase !== 'assessment';
  return {
    id: `seed-${String(i).padStart(7, '0')}`,
    number: i,
    definitionKey: pick(DEFINITIONS),
    definitionVersion: 1,
    title: `Seeded case ${i}`,
    team: pick(TEAMS),
    phase,
    status: closed ? 'closed' : rnd() < 0.9 ? 'open' : 'on_hold',
    riskLevel: assessed ? pick(RISK_LEVELS) : undefined,
    riskScore: assessed ? Math.round(rnd() * 100) / 10 : undefined,
    assignee: `worker-${Math.floor(rnd() * 40)}`,
    openedAt,
    closedAt: closed ? new Date(Math.min(now, Date.parse(openedAt) + Math.floor(rnd() * QUARTER_MS))).toISOString() : undefined,
    dueAt: closed || rnd() < 0.1 ? undefined : new Date(now + Math.floor((rnd() - 0.5) * 28 * 86_400_000)).toISOString(),
    breached: rnd() < 0.05,
    revision: 1,
    updatedAt: openedAt,
  };
}

/**
 * The phase visits per-phase cycle time reads: the phases in order up to the case's own, its time
 * from opening to closing (or now) shared out evenly; the last one still open unless it closed.
 */
function visitsOf(row: CaseRow, now: number): Array<Record<string, unknown>> {
  const upTo = PHASES.indexOf(row.phase);
  const start = Date.parse(row.openedAt);
  const step = ((row.closedAt ? Date.parse(row.closedAt) : now) - start) / (upTo + 1);
  const at = (k: number) => new Date(start + Math.round(k * step)).toISOString();
  return PHASES.slice(0, upTo + 1).map((phase, k) => ({
    case_id: row.id,
    position: k + 1,
    phase,
    entered_at: at(k),
    left_at: k < upTo ? at(k + 1) : null,
    // What store/projection-tables.ts writes beside: the case's team and definition, the visit's length.
    team: row.team,
    definition_key: row.definitionKey,
    duration_ms: k < upTo ? Date.parse(at(k + 1)) - Date.parse(at(k)) : null,
    repeated: false,
  }));
}

async function seed(db: Db, rows: number, now: number): Promise<number> {
  const rnd = seededRandom(7);
  const started = performance.now();
  for (let from = 0; from < rows; from += BATCH) {
    await db.transaction(async (trx) => {
      const visits: Array<Record<string, unknown>> = [];
      for (let i = from; i < Math.min(rows, from + BATCH); i++) {
        const row = seededRow(i + 1, rnd, now);
        await saveCaseRecord(trx, row, []);
        visits.push(...visitsOf(row, now));
      }
      for (let at = 0; at < visits.length; at += 200) await trx('case_visits').insert(visits.slice(at, at + 200));
    });
  }
  return (performance.now() - started) / 1000;
}

const VIEWER = {
  user: { id: 'bench', name: 'Bench Supervisor', email: 'bench@example.org', roles: ['supervisor'], teams: TEAMS, active: true, createdAt: new Date(0).toISOString() },
  session: { csrfToken: 'x' },
  timeZone: 'UTC',
} as unknown as Viewer;

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);
const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { requests: s.length, p50Ms: r(pct(s, 50)), p95Ms: r(pct(s, 95)), maxMs: r(s[s.length - 1]) };
};

export async function consolePart(o: { readModel: DbOptions; rows: number; requests: number }) {
  const loadAtStart = loadAverage();
  const db = await openDb(o.readModel);
  try {
    const now = Date.now();
    const seedSeconds = await seed(db, o.rows, now);
    console.log(`  ${o.rows} cases written in ${seedSeconds.toFixed(1)} s`);
    const filters = [{}, { team: 'team-b' }, { definition: 'insurance-claim' }, { team: 'team-c', definition: 'hr-grievance' }];
    const dashboard = async (i: number) => {
      const filter = { ...defaultPeriod(new Date(now)), ...filters[i % filters.length] };
      const data = await dashboardData(db, filter, TEAMS, new Date(now));
      return render(DashboardPage({ viewer: VIEWER, csrfToken: 'x', values: filter, errors: {}, choices: { teams: TEAMS, definitions: [] }, data, csvHref: '/app/dashboard.csv' })).length;
    };
    const boards = [{}, { team: 'team-b' }, { assignee: 'worker-7' }, { definition: 'fraud-investigation' }];
    const board = async (i: number) => {
      const f = boards[i % boards.length];
      const columns = await boardColumns(db, { ...f, teams: TEAMS }, 50, new Date(now - 7 * 86_400_000).toISOString());
      return render(BoardPage({ viewer: VIEWER, csrfToken: 'x', columns, movesOf: (row) => movesFor(row, ['supervisor']), names: new Map(), now: new Date(now), values: f, errors: {}, choices: { teams: TEAMS, definitions: [], people: [] }, back: '/app/board' })).length;
    };
    const time = async (run: (i: number) => Promise<number>) => {
      for (let i = 0; i < 8; i++) await run(i);
      const ms: number[] = [];
      for (let i = 0; i < o.requests; i++) {
        const t0 = performance.now();
        await run(i);
        ms.push(performance.now() - t0);
      }
      return stats(ms);
    };
    const d = await time(dashboard);
    console.log(`  dashboard: ${d.requests} pages, p50 ${d.p50Ms} ms, p95 ${d.p95Ms} ms, max ${d.maxMs} ms`);
    const b = await time(board);
    console.log(`  board: ${b.requests} pages, p50 ${b.p50Ms} ms, p95 ${b.p95Ms} ms, max ${b.maxMs} ms`);
    return { rows: o.rows, seedSeconds: Math.round(seedSeconds * 10) / 10, dashboard: d, board: b, filters: { dashboard: filters, board: boards }, loadAverage: { atStart: loadAtStart, atEnd: loadAverage() } };
  } finally {
    await db.destroy();
  }
}
