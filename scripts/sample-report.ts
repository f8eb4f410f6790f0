/**
 * Renders a sample case report and a sample portfolio report from made-up but plausible cases,
 * to docs/sample-case-report.html and docs/sample-portfolio-report.html. The portfolio is added up
 * from a throw-away SQLite database, through the same store and queries the API uses.
 *
 *   npx tsx scripts/sample-report.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseRow, TrailEntry } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import type { Closure, Phase, RiskLevel } from '../common/phases';
import { computeCaseReport } from '../reports/case-report';
import { portfolioReport } from '../store/portfolio';
import { caseReportHtml } from '../reports/render-html-case';
import { portfolioHtml } from '../reports/render-html-portfolio';
import { saveCaseRecord } from '../store/cases';
import { openDb } from '../store/db';
import { saveCaseReport } from '../store/reports';

const HOUR = 3_600_000;
const DOCS = path.join(__dirname, '..', 'docs');
const later = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

/** A small seeded generator, so the sample is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plot {
  id: string;
  title: string;
  openedAt: string;
  legs: [Phase, number][];
  closure?: Closure;
  risk?: RiskLevel;
  /** Cases still open stop at this moment, in whatever phase they have reached. */
  now?: string;
}

function view(p: Plot): CaseView {
  let t = p.openedAt;
  const visits: CaseView['visits'] = [];
  for (const [phase, hours] of p.legs) {
    if (p.now && t >= p.now) break;
    const end = later(t, hours);
    visits.push({ phase, enteredAt: t, ...(p.now && end > p.now ? {} : { leftAt: end }) });
    t = end;
  }
  const ongoing = visits[visits.length - 1]?.leftAt === undefined;
  const closed = p.closure !== undefined && !ongoing;
  if (closed) visits.push({ phase: 'closed', enteredAt: t });
  return {
    id: p.id,
    number: Number(p.id.slice(-6)),
    title: p.title,
    team: 'north-east',
    intake: {},
    definition: { key: 'housing-support', version: 3 },
    trailLength: 0,
    phase: visits[visits.length - 1].phase,
    status: closed ? 'closed' : 'open',
    closure: closed ? p.closure : undefined,
    openedAt: p.openedAt,
    closedAt: closed ? t : undefined,
    tasks: [],
    followUps: [],
    deadlines: [],
    visits,
    forms: {},
    notes: [],
    noteCount: 0,
    documents: [],
    loops: { reassessments: 0, replans: 0 },
    breached: false,
    revision: 40,
    ...(p.risk ? { risk: { score: { low: 2, moderate: 5, high: 9 }[p.risk], level: p.risk, computedLevel: p.risk, reasons: [], overrides: [], at: p.openedAt } } : {}),
  };
}

const row = (v: CaseView): CaseRow => ({
  id: v.id,
  number: v.number,
  definitionKey: v.definition.key,
  definitionVersion: v.definition.version,
  title: v.title,
  team: v.team,
  phase: v.phase,
  status: v.status,
  closure: v.closure,
  riskLevel: v.risk?.level,
  riskScore: v.risk?.score,
  openedAt: v.openedAt,
  closedAt: v.closedAt,
  breached: v.deadlines.some((d) => d.breached),
  revision: v.revision,
  updatedAt: v.closedAt ?? v.openedAt,
});

/** One case in detail: a re-assessment after a failed tenancy, an overridden risk level, one late follow-up. */
function sampleCase(): { view: CaseView; trail: TrailEntry[] } {
  const legs: [Phase, number][] = [
    ['screening', 5], ['assessment', 60], ['planning', 22], ['approval', 6], ['implementation', 290], ['follow_up', 20],
    ['assessment', 36], ['planning', 9], ['approval', 4], ['implementation', 214], ['transition', 46], ['contact', 30], ['evaluation', 40],
  ];
  const v = view({ id: 'housing-support-000142', title: 'Housing support for R. Okafor & family', openedAt: '2024-02-05T09:12:00.000Z', legs, closure: 'completed', risk: 'moderate' });
  const at = (i: number, h = 0) => later(v.visits[i].enteredAt, h);
  const deadline = (i: number, within: number, breached = false) => ({
    phase: v.visits[i].phase, startedAt: at(i), dueAt: at(i, within), reminded: true, breached, met: !breached, endedAt: v.visits[i].leftAt,
  });
  const task = (n: number, title: string, i: number, due: number, done?: number) => ({
    id: `t${n}`, title, required: true, createdAt: at(i), due: at(i, due), status: done === undefined ? ('open' as const) : ('done' as const),
    ...(done === undefined ? {} : { completedAt: at(i, done), completedBy: 'j.meyer' }),
  });
  Object.assign(v, {
    subject: 'Family of four, private rented sector',
    deadlines: [deadline(0, 24), deadline(1, 48, true), deadline(2, 48), deadline(4, 336), deadline(6, 72), deadline(9, 336), deadline(12, 72)],
    followUps: [
      { n: 1, armedAt: at(4), dueAt: at(4, 168), recordedAt: at(4, 160), onTime: true, escalated: false, outcome: 'on_track' },
      { n: 2, armedAt: at(4, 168), dueAt: at(4, 290), recordedAt: at(5, 18), onTime: false, escalated: true, outcome: 'reassess' },
      { n: 3, armedAt: at(9), dueAt: at(9, 120), recordedAt: at(9, 110), onTime: true, escalated: false, outcome: 'on_track' },
      { n: 4, armedAt: at(9, 120), dueAt: at(9, 214), recordedAt: at(9, 200), onTime: true, escalated: false, outcome: 'goals_met' },
    ],
    loops: { reassessments: 1, replans: 1 },
    plan: { goals: ['Secure tenancy', 'Stable income', 'School places', 'GP registration'], approvalRequired: true, approvedBy: 's.lind', madeAt: at(7) },
    tasks: [
      task(1, 'Apply for housing benefit', 4, 72, 50), task(2, 'Register with a GP', 4, 120, 140), task(3, 'Request school places', 9, 96, 60),
      task(4, 'Tenancy sustainment visit', 9, 168, 150), task(5, 'Budgeting session', 9, 200, 190), task(6, 'Close the emergency file', 10, 24),
    ],
    notes: Array.from({ length: 9 }, (_, i) => ({ id: `n${i}`, text: 'Visit', by: 'j.meyer', at: at(i + 1) })),
    noteCount: 9,
    risk: {
      score: 6, level: 'high', computedLevel: 'moderate', at: at(1, 58),
      reasons: ['Rent arrears over two months', 'Young children in the household', 'Previous eviction (2022)'],
      overrides: [{ from: 'moderate', to: 'high', reason: 'Landlord has served a section 21 notice', by: 's.lind', at: at(1, 58) }],
    },
    forms: { evaluation: { goals_reached: 3, satisfaction: 4, cost: 2380, outcome: 'housed', still_housed_after_contact: true, summary: 'Tenancy secured in March; GP registration was late because of the surgery\'s waiting list.' } },
  });
  const types = [...v.visits.map(() => 'phase_entered'), ...v.notes.map(() => 'note_added'), ...v.tasks.map(() => 'task_completed'), 'risk_overridden', 'case_closed'];
  // Only the entries' types count in a report.
  const trail = types.map((type, i) => ({ caseId: v.id, seq: i + 1, type, actor: 'j.meyer', at: v.openedAt, data: {}, prevHash: '', hash: '' })) as TrailEntry[];
  return { view: v, trail };
}

/** Sixty cases opened over the first quarter, seen on 10 April: some closed, some still running. */
function portfolioCases(): CaseView[] {
  const r = random(7);
  const pick = <T>(items: T[]) => items[Math.floor(r() * items.length)];
  const span = (lo: number, hi: number) => Math.round(lo + r() * (hi - lo));
  return Array.from({ length: 60 }, (_, i) => {
    const openedAt = new Date(Date.parse('2024-01-02T08:00:00Z') + Math.floor((i / 60) * 88 * 24) * HOUR + span(0, 9) * HOUR).toISOString();
    const legs: [Phase, number][] = [['screening', span(2, 30)]];
    const screenedOut = r() < 0.12;
    if (!screenedOut) {
      legs.push(['assessment', span(24, 120)], ['planning', span(8, 60)], ['implementation', span(120, 600)], ['follow_up', span(12, 48)]);
      if (r() < 0.2) legs.push(['assessment', span(12, 48)], ['planning', span(6, 24)], ['implementation', span(72, 240)]);
      legs.push(['evaluation', span(24, 96)]);
    }
    const closure: Closure = screenedOut ? 'screened_out' : r() < 0.12 ? 'withdrawn' : 'completed';
    const v = view({ id: `housing-support-${String(i + 1).padStart(6, '0')}`, title: `Case ${i + 1}`, openedAt, legs, closure, risk: screenedOut ? undefined : pick(['low', 'low', 'moderate', 'moderate', 'high'] as RiskLevel[]), now: '2024-04-10T12:00:00.000Z' });
    v.deadlines = v.visits.filter((x) => x.leftAt).map((x) => ({ phase: x.phase, startedAt: x.enteredAt, dueAt: x.enteredAt, reminded: false, breached: r() < 0.14, endedAt: x.leftAt }));
    v.deadlines.forEach((d) => (d.met = !d.breached));
    v.followUps = Array.from({ length: span(1, 5) }, (_, n) => ({ n, armedAt: openedAt, dueAt: openedAt, recordedAt: openedAt, onTime: r() < 0.85, escalated: false }));
    v.forms = { evaluation: { satisfaction: span(2, 5), cost: span(300, 6000) } };
    return v;
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(DOCS, { recursive: true });
  const { view: one, trail } = sampleCase();
  const report = computeCaseReport(one, trail);
  fs.writeFileSync(path.join(DOCS, 'sample-case-report.html'), caseReportHtml({ ...report, producedAt: later(report.closedAt!, 0.05) }));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-sample-'));
  const db = await openDb({ dataDir });
  try {
    for (const v of portfolioCases()) {
      await saveCaseRecord(db, row(v), []);
      if (v.visits.some((x) => x.phase === 'evaluation')) await saveCaseReport(db, computeCaseReport(v, []), v.closedAt ?? v.openedAt);
    }
    const portfolio = await portfolioReport(db, { from: '2024-01-01', to: '2024-03-31', definition: 'housing-support' });
    fs.writeFileSync(path.join(DOCS, 'sample-portfolio-report.html'), portfolioHtml(portfolio));
  } finally {
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`wrote ${path.join(DOCS, 'sample-case-report.html')} and ${path.join(DOCS, 'sample-portfolio-report.html')}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
