/**
 * What the dashboard shows for a filter, each figure with the address of the case list that holds
 * exactly the cases behind it: the counts of store/dashboard.ts and the portfolio report's figures,
 * both read with the same team, definition and period. Cycle time per phase counts the phases
 * completed in the period, so its figures lead to the cases that completed each one then.
 */
import { PHASES, RISK_LEVELS, type Phase } from '../../common/phases';
import { dashboardCounts, weeksOf, type Week } from '../../store/dashboard';
import type { Db } from '../../store/db';
import { portfolioReport } from '../../store/portfolio';
import type { PortfolioReport } from '../../reports/types';

export interface DashboardFilter {
  team?: string;
  definition?: string;
  /** The period, as calendar days (UTC): from its first day to its last, both whole. */
  from: string;
  to: string;
}

export interface Figure {
  label: string;
  value: number;
  /** The case list of exactly the cases counted. */
  href: string;
}

export interface DashboardData {
  filter: DashboardFilter;
  /** The period as the half-open range of instants the counts use. */
  since: string;
  before: string;
  openByPhase: Figure[];
  openByRisk: Figure[];
  overdue: Figure;
  breached: Figure;
  dueThisWeek: Figure;
  weeks: Week[];
  openedPerWeek: Figure[];
  closedPerWeek: Figure[];
  /** Per phase, the cases that completed it in the period (and the list of them), with the median and p90 hours. */
  cycleTimes: Array<{ phase: Phase; cases: Figure; p50: number | null; p90: number | null }>;
  /** The cases whose reports the portfolio's figures come from. */
  reportedHref: string;
  portfolio: PortfolioReport;
}

const DAY_MS = 86_400_000;
/** The last quarter: 13 weeks up to today. */
export const DEFAULT_PERIOD_DAYS = 91;

export const dayOf = (at: Date) => at.toISOString().slice(0, 10);
export const defaultPeriod = (now: Date) => ({ from: dayOf(new Date(now.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS)), to: dayOf(now) });

const listHref = (params: Record<string, string | undefined>) => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, v);
  return `/app/cases?${query.toString()}`;
};

const weekLabel = (w: Week) => `Week of ${w.from.slice(0, 10)}`;

export async function dashboardData(db: Db, filter: DashboardFilter, teams: string[] | undefined, now: Date): Promise<DashboardData> {
  const since = new Date(`${filter.from}T00:00:00.000Z`).toISOString();
  const before = new Date(Date.parse(`${filter.to}T00:00:00.000Z`) + DAY_MS).toISOString();
  const scope = { team: filter.team, definition: filter.definition, ...(teams ? { teams } : {}) };
  const weeks = weeksOf(since, before);
  const at = now.toISOString();
  const weekOn = new Date(now.getTime() + 7 * DAY_MS).toISOString();
  const [counts, portfolio] = await Promise.all([
    dashboardCounts(db, scope, weeks, now),
    portfolioReport(db, { from: since, to: new Date(Date.parse(before) - 1).toISOString(), definition: filter.definition, team: filter.team, ...(teams ? { teams } : {}) }),
  ]);
  const base = { team: filter.team, definition: filter.definition };
  return {
    filter,
    since,
    before,
    openByPhase: PHASES.filter((p) => p !== 'closed').map((p) => ({ label: p, value: counts.openByPhase[p], href: listHref({ ...base, phase: p, open: 'true' }) })),
    openByRisk: [...RISK_LEVELS, 'none'].map((r) => ({ label: r, value: counts.openByRisk[r], href: listHref({ ...base, risk: r, open: 'true' }) })),
    overdue: { label: 'Overdue', value: counts.overdue, href: listHref({ ...base, overdue: 'true' }) },
    breached: { label: 'Deadline breached', value: counts.breached, href: listHref({ ...base, open: 'true', breached: 'true' }) },
    dueThisWeek: { label: 'Due in the next 7 days', value: counts.dueThisWeek, href: listHref({ ...base, open: 'true', dueAfter: at, dueBefore: weekOn }) },
    weeks,
    openedPerWeek: weeks.map((w, i) => ({ label: weekLabel(w), value: counts.openedPerWeek[i], href: listHref({ ...base, openedAfter: w.from, openedBefore: w.before }) })),
    closedPerWeek: weeks.map((w, i) => ({ label: weekLabel(w), value: counts.closedPerWeek[i], href: listHref({ ...base, closedAfter: w.from, closedBefore: w.before }) })),
    cycleTimes: portfolio.cycleTime.byPhase.map((c) => ({ phase: c.phase, cases: { label: c.phase, value: c.cases, href: listHref({ ...base, completedPhase: c.phase, completedAfter: since, completedBefore: before }) }, p50: c.p50, p90: c.p90 })),
    reportedHref: listHref({ ...base, openedAfter: since, openedBefore: before, reported: 'true' }),
    portfolio,
  };
}

const csvCell = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  // A cell a spreadsheet would read as a formula is kept as text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof v === 'string' ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** What the dashboard shows, as CSV: one row per figure, with the list it leads to. */
export function dashboardCsv(d: DashboardData): string {
  const rows: Array<[string, string, string | number | null, string]> = [['widget', 'item', 'value', 'cases']];
  const add = (widget: string, f: Figure) => rows.push([widget, f.label, f.value, f.href]);
  d.openByPhase.forEach((f) => add('open cases by phase', f));
  d.openByRisk.forEach((f) => add('open cases by risk', f));
  add('deadlines', d.overdue);
  add('deadlines', d.breached);
  add('deadlines', d.dueThisWeek);
  d.openedPerWeek.forEach((f) => add('opened per week', f));
  d.closedPerWeek.forEach((f) => add('closed per week', f));
  const p = d.portfolio;
  for (const c of d.cycleTimes) {
    rows.push(['phases completed', c.phase, c.cases.value, c.cases.href]);
    rows.push(['cycle time p50 (hours)', c.phase, c.p50, c.cases.href]);
    rows.push(['cycle time p90 (hours)', c.phase, c.p90, c.cases.href]);
  }
  rows.push(['follow-ups on time', 'compliance', p.followUps.compliance, d.reportedHref]);
  rows.push(['satisfaction', 'average', p.satisfaction.average, d.reportedHref]);
  rows.push(['cost', 'total', p.cost.total, d.reportedHref]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
