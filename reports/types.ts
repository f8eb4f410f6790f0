/** The shapes of the reports: one case's report and the portfolio over many cases. */
import type { Closure, Phase, RiskLevel, CaseStatus } from '../common/phases';
import type { Reopening, RiskOverride } from '../common/case-view';

export interface PhaseTime {
  phase: Phase;
  visits: number;
  hours: number;
  /** Fraction (0 to 1) of all the time the case spent in its phases. */
  share: number;
}

export interface TimelineVisit {
  phase: Phase;
  start: string;
  end: string;
  hours: number;
  /** The case is still in this visit; `end` is the time the report was made as of. */
  open: boolean;
}

export interface CaseReport {
  caseId: string;
  number: number;
  title: string;
  subject?: string;
  team: string;
  definition: { key: string; version: number };
  phase: Phase;
  status: CaseStatus;
  closure?: Closure;
  openedAt: string;
  evaluatedAt?: string;
  closedAt?: string;
  /** Open visits run to this time: the close, or else the latest moment the case recorded. */
  asOf: string;
  /** The case's revision the report was made from; an older one never replaces a newer. */
  revision: number;
  /** Hours the case was open, from its opening to its (latest) closing or evaluation, less the time it spent closed before each reopening. */
  cycleHours: number | null;
  /** Each reopening of the case, oldest first. */
  reopenings: Reopening[];
  phases: PhaseTime[];
  timeline: TimelineVisit[];
  deadlines: { total: number; met: number; missed: number; running: number; items: { phase: Phase; dueAt: string; endedAt?: string; met: boolean; breached: boolean; extensions?: Array<{ by: string; reason: string; actor: string; at: string }> }[] };
  /** `pending` follow-ups are neither recorded nor cancelled (a case that leaves the loop cancels them). */
  followUps: { scheduled: number; done: number; onTime: number; late: number; escalated: number; cancelled: number; pending: number };
  loops: { reassessments: number; replans: number };
  goals: { total: number; reached: number | null };
  satisfaction: number | null;
  cost: number | null;
  /** Every evaluation field other than goals_reached, satisfaction and cost, as recorded. */
  evaluation: Record<string, unknown>;
  risk: { level: RiskLevel; computedLevel: RiskLevel; score: number; reasons: string[]; overrides: RiskOverride[] } | null;
  trail: { entries: number; byType: Record<string, number>; firstAt?: string; lastAt?: string };
  notes: number;
  /** `overdue`: open past its due time as of `asOf`; `doneLate`: completed after its due time. */
  tasks: { total: number; done: number; open: number; cancelled: number; overdue: number; doneLate: number };
}

/** A case report as the store keeps it: with the time it was made. */
export interface StoredCaseReport extends CaseReport {
  producedAt: string;
}

export interface PortfolioFilter {
  /** ISO date or date-time; cases opened at or after it. */
  from?: string;
  /** ISO date (the whole day counts) or date-time; cases opened at or before it. */
  to?: string;
  definition?: string;
  /** Only the cases of this team. */
  team?: string;
  /** Only cases of these teams: what the reader may see. Absent: every team. */
  teams?: string[];
}

export interface Percentiles {
  cases: number;
  p50: number | null;
  p90: number | null;
}

export interface PortfolioReport {
  filter: PortfolioFilter;
  cases: number;
  byPhase: Record<string, number>;
  byRisk: Record<string, number>;
  byStatus: Record<string, number>;
  /** Closed cases by how they ended. */
  outcomes: Record<string, number>;
  /** Cases in the window that have a stored report; the figures below come from those. */
  reported: number;
  cycleTime: { overall: Percentiles; byPhase: ({ phase: Phase } & Percentiles)[] };
  deadlines: { met: number; missed: number; breachRate: number | null };
  followUps: { done: number; onTime: number; compliance: number | null };
  satisfaction: { responses: number; average: number | null };
  cost: { cases: number; total: number; average: number | null };
}
