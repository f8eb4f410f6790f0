/**
 * One case's report, computed from its view (as the read model folded it, notes counted) and its
 * audit trail alone: no clock, no database, so the same case always gives the same report.
 *
 * Figures that come from the evaluation form, by field name:
 * - `goals_reached` (number): goals reached, set against the number of goals in the plan;
 * - `satisfaction` (number): the satisfaction score, averaged across cases by the portfolio;
 * - `cost` (number): what the case cost, summed and averaged by the portfolio.
 * A field that is absent or not a number leaves its figure null. Every other evaluation field is
 * carried into the report as recorded.
 */
import type { TrailEntry } from '../common/case-types';
import type { CaseView } from '../common/case-view';

/** What a report reads of a case's view: all of it but the notes, which it counts. */
export type ReportedCase = Omit<CaseView, 'notes' | 'proposedPlan'>;
import { PHASES } from '../common/phases';
import type { CaseReport, PhaseTime, TimelineVisit } from './types';

export const EVALUATION_FIELDS = { goalsReached: 'goals_reached', satisfaction: 'satisfaction', cost: 'cost' } as const;
const FEEDING_FIELDS: ReadonlySet<string> = new Set(Object.values(EVALUATION_FIELDS));

export const round = (value: number, places = 2): number => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};

export const hoursBetween = (from: string, to: string): number => Math.max(0, Date.parse(to) - Date.parse(from)) / 3_600_000;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The latest moment the case itself recorded: open visits and overdue tasks are judged against it. */
function latestMoment(view: ReportedCase, trail: TrailEntry[]): string {
  if (view.closedAt) return view.closedAt;
  const moments = [
    view.openedAt,
    ...trail.map((e) => e.at),
    ...view.visits.flatMap((v) => [v.enteredAt, v.leftAt]),
    ...view.followUps.map((f) => f.recordedAt),
    ...view.tasks.map((t) => t.completedAt),
  ].filter((m): m is string => typeof m === 'string');
  return moments.reduce((latest, m) => (Date.parse(m) > Date.parse(latest) ? m : latest));
}

function timeline(view: ReportedCase, asOf: string): TimelineVisit[] {
  // The closed "phase" is where a case rests, not time anyone spends on it.
  return view.visits
    .filter((v) => v.phase !== 'closed')
    .map((v) => {
      const end = v.leftAt ?? asOf;
      return { phase: v.phase, start: v.enteredAt, end, hours: round(hoursBetween(v.enteredAt, end)), open: !v.leftAt };
    });
}

function phaseTimes(visits: TimelineVisit[]): PhaseTime[] {
  const exact = new Map<string, { visits: number; hours: number }>();
  for (const v of visits) {
    const entry = exact.get(v.phase) ?? { visits: 0, hours: 0 };
    entry.visits++;
    entry.hours += hoursBetween(v.start, v.end);
    exact.set(v.phase, entry);
  }
  const total = [...exact.values()].reduce((sum, e) => sum + e.hours, 0);
  return PHASES.filter((p) => exact.has(p)).map((phase) => {
    const e = exact.get(phase)!;
    return { phase, visits: e.visits, hours: round(e.hours), share: total > 0 ? round(e.hours / total, 4) : 0 };
  });
}

function deadlines(view: ReportedCase): CaseReport['deadlines'] {
  const items = view.deadlines.map((d) => ({
    phase: d.phase,
    dueAt: d.dueAt,
    endedAt: d.endedAt,
    met: d.met === true,
    breached: d.breached,
    ...(d.extensions?.length ? { extensions: d.extensions.map(({ by, reason, actor, at }) => ({ by, reason, actor, at })) } : {}),
  }));
  return {
    total: items.length,
    met: items.filter((d) => d.met).length,
    missed: items.filter((d) => d.breached).length,
    running: items.filter((d) => !d.endedAt && !d.breached).length,
    items,
  };
}

function followUps(view: ReportedCase): CaseReport['followUps'] {
  const done = view.followUps.filter((f) => f.recordedAt);
  return {
    scheduled: view.followUps.length,
    done: done.length,
    onTime: done.filter((f) => f.onTime === true).length,
    late: done.filter((f) => f.onTime === false).length,
    escalated: view.followUps.filter((f) => f.escalated).length,
    cancelled: view.followUps.filter((f) => !f.recordedAt && f.cancelled).length,
    pending: view.followUps.filter((f) => !f.recordedAt && !f.cancelled).length,
  };
}

function tasks(view: ReportedCase, asOf: string): CaseReport['tasks'] {
  const past = (due: string | undefined, at: string) => due !== undefined && Date.parse(at) > Date.parse(due);
  const done = view.tasks.filter((t) => t.status === 'done');
  const open = view.tasks.filter((t) => t.status === 'open');
  return {
    total: view.tasks.length,
    done: done.length,
    open: open.length,
    cancelled: view.tasks.filter((t) => t.status === 'cancelled').length,
    overdue: open.filter((t) => past(t.due, asOf)).length,
    doneLate: done.filter((t) => t.completedAt !== undefined && past(t.due, t.completedAt)).length,
  };
}

function trailSummary(trail: TrailEntry[]): CaseReport['trail'] {
  const byType: Record<string, number> = {};
  for (const e of trail) byType[e.type] = (byType[e.type] ?? 0) + 1;
  return { entries: trail.length, byType, firstAt: trail[0]?.at, lastAt: trail[trail.length - 1]?.at };
}

export function computeCaseReport(view: ReportedCase, trail: TrailEntry[]): CaseReport {
  const asOf = latestMoment(view, trail);
  const visits = timeline(view, asOf);
  const reopenings = view.reopenings ?? [];
  const lastReopened = reopenings[reopenings.length - 1]?.at;
  // A reopened case is evaluated again in its latest run, or not yet.
  const evaluatedAt = view.visits.filter((v) => v.phase === 'evaluation' && (!lastReopened || v.enteredAt >= lastReopened)).pop()?.enteredAt;
  const cycleEnd = view.closedAt ?? evaluatedAt;
  // Cycle time counts the time the case was open: the spans between a closing and its reopening are left out.
  const closedHours = sum(reopenings.map((r) => hoursBetween(r.closedAt, r.at)));
  const evaluation = view.forms.evaluation ?? {};
  const risk = view.risk;
  return {
    caseId: view.id,
    number: view.number,
    title: view.title,
    subject: view.subject,
    team: view.team,
    definition: view.definition,
    phase: view.phase,
    status: view.status,
    closure: view.closure,
    openedAt: view.openedAt,
    evaluatedAt,
    closedAt: view.closedAt,
    asOf,
    revision: view.revision,
    cycleHours: cycleEnd ? round(Math.max(0, hoursBetween(view.openedAt, cycleEnd) - closedHours)) : null,
    reopenings: reopenings.map((r) => ({ ...r })),
    phases: phaseTimes(visits),
    timeline: visits,
    deadlines: deadlines(view),
    followUps: followUps(view),
    loops: { reassessments: view.loops.reassessments, replans: view.loops.replans },
    goals: { total: view.plan?.goals.length ?? 0, reached: numberOrNull(evaluation[EVALUATION_FIELDS.goalsReached]) },
    satisfaction: numberOrNull(evaluation[EVALUATION_FIELDS.satisfaction]),
    cost: numberOrNull(evaluation[EVALUATION_FIELDS.cost]),
    evaluation: Object.fromEntries(Object.entries(evaluation).filter(([name]) => !FEEDING_FIELDS.has(name))),
    risk: risk
      ? { level: risk.level, computedLevel: risk.computedLevel, score: risk.score, reasons: [...risk.reasons], overrides: risk.overrides.map((o) => ({ ...o })) }
      : null,
    trail: trailSummary(trail),
    notes: view.noteCount,
    tasks: tasks(view, asOf),
  };
}
