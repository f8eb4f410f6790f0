/**
 * The dashboard's counts, each made with the very filters (`whereCases`) the case list takes, so a
 * count and the list its link opens are one query apart only in what they select. The figures
 * taken from case reports come from the portfolio report (portfolio.ts), unchanged.
 */
import { PHASES, RISK_LEVELS } from '../common/phases';
import { countCases as count, type CaseFilters } from './case-list';
import type { Db } from './db';
import { inScope } from './scope';

/** What every widget shares: the team and definition chosen, and what the reader may see. */
export type DashboardScope = Pick<CaseFilters, 'team' | 'teams' | 'definition'>;

export interface Week {
  /** Start (inclusive) and end (exclusive) of the week, ISO 8601 UTC. */
  from: string;
  before: string;
}

export interface DashboardCounts {
  openByPhase: Record<string, number>;
  openByRisk: Record<string, number>;
  overdue: number;
  breached: number;
  dueThisWeek: number;
  openedPerWeek: number[];
  closedPerWeek: number[];
}

const WEEK_MS = 7 * 86_400_000;

/** Seven-day weeks from `from` up to `before`; the last one may be shorter. */
export function weeksOf(from: string, before: string): Week[] {
  const weeks: Week[] = [];
  const end = Date.parse(before);
  for (let at = Date.parse(from); at < end; at += WEEK_MS) {
    weeks.push({ from: new Date(at).toISOString(), before: new Date(Math.min(at + WEEK_MS, end)).toISOString() });
  }
  return weeks;
}

interface OpenCounts {
  byPhase: Record<string, number>;
  byRisk: Record<string, number>;
  breached: number;
}

/**
 * The open cases by phase, by risk level and breached, from the counts triggers keep as cases
 * change (migration 190): a few rows per team and definition, where grouping the open cases
 * themselves walked every one of them on each load.
 */
async function countOpen(db: Db, scope: DashboardScope): Promise<OpenCounts> {
  const rows = (await inScope(db('open_case_counts').select('phase', 'risk_level', 'breached').sum({ n: 'n' }).groupBy('phase', 'risk_level', 'breached'), scope)) as Array<{ phase: string; risk_level: string; breached: number | string; n: unknown }>;
  const counts: OpenCounts = { byPhase: {}, byRisk: {}, breached: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    counts.byPhase[r.phase] = (counts.byPhase[r.phase] ?? 0) + n;
    const risk = r.risk_level || 'none';
    counts.byRisk[risk] = (counts.byRisk[risk] ?? 0) + n;
    if (Number(r.breached)) counts.breached += n;
  }
  return counts;
}

/** How many cases' `column` falls in each week: a count per week, each a short range of an index on that column. */
async function perWeek(db: Db, scope: DashboardScope, column: 'opened_at' | 'closed_at', weeks: Week[]): Promise<number[]> {
  const key = column === 'opened_at' ? (['openedAfter', 'openedBefore'] as const) : (['closedAfter', 'closedBefore'] as const);
  return Promise.all(weeks.map((w) => count(db, { ...scope, [key[0]]: w.from, [key[1]]: w.before })));
}

export async function dashboardCounts(db: Db, scope: DashboardScope, weeks: Week[], now: Date): Promise<DashboardCounts> {
  const at = now.toISOString();
  const weekOn = new Date(now.getTime() + WEEK_MS).toISOString();
  const [{ byPhase, byRisk, breached }, overdue, dueThisWeek, openedPerWeek, closedPerWeek] = await Promise.all([
    countOpen(db, scope),
    count(db, { ...scope, overdue: true, now: at }),
    count(db, { ...scope, open: true, dueAfter: at, dueBefore: weekOn }),
    perWeek(db, scope, 'opened_at', weeks),
    perWeek(db, scope, 'closed_at', weeks),
  ]);
  const openByPhase: Record<string, number> = {};
  for (const p of PHASES) if (p !== 'closed') openByPhase[p] = byPhase[p] ?? 0;
  const openByRisk: Record<string, number> = {};
  for (const r of [...RISK_LEVELS, 'none']) openByRisk[r] = byRisk[r] ?? 0;
  return { openByPhase, openByRisk, overdue, breached, dueThisWeek, openedPerWeek, closedPerWeek };
}
