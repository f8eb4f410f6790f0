/**
 * The portfolio: how the cases opened in a window are spread over phases, risk levels and
 * statuses, and how well the ones that reached evaluation were handled (from their stored reports);
 * and how long the phases completed in the window took, whenever their cases were opened.
 */
import { CASE_STATUSES, CLOSURE_REASONS, PHASES, RISK_LEVELS } from '../common/phases';
import type { Db } from './db';
import { completedPhaseTimes } from './phase-times';
import { countCasesByEach, reportFigures, type ReportWindow } from './reports';
import { round } from '../reports/case-report';
import type { Percentiles, PortfolioFilter, PortfolioReport } from '../reports/types';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Turns the filter's dates into the half-open range the store compares against. A date-only `to`
 * takes in its whole day; a date-time `to` is itself included.
 */
export function windowOf(filter: PortfolioFilter): ReportWindow {
  const at = (value: string, plusMs = 0) => new Date(Date.parse(value) + plusMs).toISOString();
  return {
    since: filter.from ? at(filter.from) : undefined,
    before: filter.to ? at(filter.to, DATE_ONLY.test(filter.to) ? DAY_MS : 1) : undefined,
    definition: filter.definition,
    // A team the reader may not see adds up to no cases, as a list of it shows none.
    teams: filter.team === undefined ? filter.teams : (filter.teams ?? [filter.team]).filter((t) => t === filter.team),
  };
}

/** Nearest-rank percentile: always a value some case really had, never one in between. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const percentiles = (values: number[]): Percentiles => ({ cases: values.length, p50: percentile(values, 50), p90: percentile(values, 90) });

/** Known values first and in their usual order, zero when no case has them; anything else after. */
function ordered(counts: Record<string, number>, known: readonly string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const k of known) result[k] = counts[k] ?? 0;
  for (const [k, n] of Object.entries(counts)) if (!(k in result)) result[k] = n;
  return result;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

export async function portfolioReport(db: Db, filter: PortfolioFilter = {}): Promise<PortfolioReport> {
  const w = windowOf(filter);
  const [counts, figures, phaseTimes] = await Promise.all([countCasesByEach(db, w), reportFigures(db, w), completedPhaseTimes(db, w)]);
  const byPhaseTimes = new Map(phaseTimes.map((t) => [t.phase, t]));
  const { phase: byPhase, risk_level: byRisk, status: byStatus, closure: outcomes } = counts;
  const met = sum(figures.map((f) => f.deadlinesMet));
  const missed = sum(figures.map((f) => f.deadlinesMissed));
  const done = sum(figures.map((f) => f.followUpsDone));
  const onTime = sum(figures.map((f) => f.followUpsOnTime));
  const satisfaction = present(figures.map((f) => f.satisfaction));
  const costs = present(figures.map((f) => f.cost));

  return {
    filter,
    cases: sum(Object.values(byStatus)),
    byPhase: ordered(byPhase, PHASES),
    byRisk: ordered(byRisk, [...RISK_LEVELS, 'none']),
    byStatus: ordered(byStatus, CASE_STATUSES),
    outcomes: ordered(outcomes, CLOSURE_REASONS),
    reported: figures.length,
    cycleTime: {
      overall: percentiles(present(figures.map((f) => f.cycleHours))),
      byPhase: PHASES.filter((p) => byPhaseTimes.has(p)).map((phase) => byPhaseTimes.get(phase)!),
    },
    deadlines: { met, missed, breachRate: ratio(missed, met + missed) },
    followUps: { done, onTime, compliance: ratio(onTime, done) },
    satisfaction: { responses: satisfaction.length, average: satisfaction.length > 0 ? round(sum(satisfaction) / satisfaction.length) : null },
    cost: { cases: costs.length, total: round(sum(costs)), average: costs.length > 0 ? round(sum(costs) / costs.length) : null },
  };
}
