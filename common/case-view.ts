/** The case as its people see it: the view the read model folds from the trail, and its parts. */
import type { Capability } from './capabilities';
import type { FormData } from './form-data';
import type { Closure, FollowUpOutcome, Phase, RiskLevel, Role, CaseStatus } from './phases';
export interface RiskOverride {
  from: RiskLevel;
  to: RiskLevel;
  reason: string;
  by: string;
  at: string;
}

export interface Risk {
  score: number;
  level: RiskLevel;
  reasons: string[];
  /** The level the rules computed; `level` differs from it after an override. */
  computedLevel: RiskLevel;
  overrides: RiskOverride[];
  at: string;
}

export interface Task {
  id: string;
  title: string;
  assignee?: string;
  role?: Role;
  due?: string;
  required: boolean;
  requires?: Capability[];
  prefers?: Capability[];
  status: 'open' | 'done' | 'cancelled';
  /** Set once the reminder for its due time went out. */
  reminded?: boolean;
  /** The due time in words, when it was given as a duration. */
  explain?: string;
  createdAt: string;
  outcome?: string;
  completedAt?: string;
  completedBy?: string;
}

export interface Plan {
  goals: string[];
  approvalRequired: boolean;
  approvedBy?: string;
  approvedAt?: string;
  madeAt: string;
}

export interface FollowUp {
  n: number;
  /** When its timer was armed: the cadence counts from here, also when the risk level changes. */
  armedAt: string;
  dueAt: string;
  /** The due time in words. */
  explain?: string;
  /** When it became due: its timer fired, or the plan's required tasks were all done. */
  madeDueAt?: string;
  /** Left unrecorded because the case left the implementation loop. */
  cancelled?: boolean;
  recordedAt?: string;
  outcome?: FollowUpOutcome;
  note?: string;
  onTime?: boolean;
  escalated: boolean;
}

export interface DeadlineState {
  phase: Phase;
  /** Entered the phase at; the deadline moves later by any time spent on hold. */
  startedAt: string;
  dueAt: string;
  remindAt?: string;
  reminded: boolean;
  breached: boolean;
  /** The due time in words: what it counts, from when, what it skips. */
  explain?: string;
  /** Extensions a supervisor gave it, in order. */
  extensions?: DeadlineExtension[];
  /** Set when the phase is left: whether it was left before its due time. */
  met?: boolean;
  endedAt?: string;
}

export interface DeadlineExtension {
  by: string;
  reason: string;
  actor: string;
  at: string;
  /** The due time it moved the deadline to. */
  dueAt: string;
}

export interface PhaseVisit {
  phase: Phase;
  enteredAt: string;
  leftAt?: string;
}

export interface Note {
  id: string;
  text: string;
  by: string;
  at: string;
}

/** A document attached to the case; its bytes are kept by the API under its SHA-256. */
export interface CaseDocument {
  id: string;
  sha256: string;
  size: number;
  fileName: string;
  title?: string;
  by: string;
  at: string;
}

export interface Screening {
  decision: 'accept' | 'reject';
  reason: string;
  by: string;
  rule?: number;
}

export interface CaseForms {
  transition?: FormData;
  contact?: FormData;
  evaluation?: FormData;
}

export interface ProposedPlan {
  goals: string[];
  tasks: Array<{ title: string; role: Role; due: string; required: boolean }>;
  approvalRequired: boolean;
}

/** One reopening of a closed case: when and why, by whom, how it had closed and where it resumed. */
export interface Reopening {
  at: string;
  by: string;
  reason: string;
  phase: Phase;
  closure: Closure;
  closedAt: string;
}

/** The case as its people see it, folded from its trail by the read model. */
export interface CaseView {
  id: string;
  number: number;
  title: string;
  subject?: string;
  team: string;
  intake: FormData;
  definition: { key: string; version: number };
  phase: Phase;
  status: CaseStatus;
  closure?: Closure;
  closeReason?: string;
  assignee?: string;
  openedAt: string;
  closedAt?: string;
  screening?: Screening;
  assessment?: FormData;
  risk?: Risk;
  plan?: Plan;
  tasks: Task[];
  followUps: FollowUp[];
  deadlines: DeadlineState[];
  visits: PhaseVisit[];
  forms: CaseForms;
  /** The latest notes, oldest first; `noteCount` counts every one, and `GET /cases/:id/notes` pages through them. */
  notes: Note[];
  noteCount: number;
  documents: CaseDocument[];
  hold?: { reason: string; since: string; by: string };
  contactDueAt?: string;
  /** The contact's due time in words. */
  contactExplain?: string;
  contactDue?: boolean;
  loops: { reassessments: number; replans: number };
  breached: boolean;
  /** The calendar version the case counts working time on. */
  calendar?: { key: string; version: number };
  /** Set once the case's personal data was destroyed: the view keeps only what the portfolio counts. */
  purged?: { at: string; approvedBy: string };
  /** A legal hold in place: the case is not purged while it lasts. */
  legalHold?: { reason: string; since: string; by: string };
  /** Child cases its tasks opened, with how each closed once it has; the API adds each one's phase and status now. */
  children?: Array<{ caseId: string; taskId: string; definition: string; closure?: Closure }>;
  /** Each reopening, oldest first; absent while the case was never reopened. */
  reopenings?: Reopening[];
  /** The sequence number of the last trail entry the view holds. */
  revision: number;
  trailLength: number;
  /** In planning: the definition's plan for the case's risk level, to start from. */
  proposedPlan?: ProposedPlan;
  /** What the case waits for by time, each with why in words and whether its clock is stopped (common/clocks.ts); made when read. */
  clocks?: CaseClock[];
}

/** One thing a case waits for by time, as its people read it (common/clocks.ts). */
export interface CaseClock {
  kind: 'deadline' | 'reminder' | 'follow_up' | 'task' | 'contact';
  /** What falls due, e.g. "assessment deadline", "follow-up 2", "task t3: Call the landlord". */
  what: string;
  dueAt: string;
  /** The due time in words; absent for due times recorded before they were explained, or given as a date. */
  explain?: string;
  /** Set while the case is on hold: the clock does not run, and the due time moves later on resume by the time held. */
  stopped?: { reason: string; since: string; by: string };
  /** The due time has passed (the deadline breached, the follow-up escalated). */
  passed?: boolean;
  /** The deadline's extensions so far. */
  extensions?: number;
}

/** A view as runs begun before the read model folded the trail recorded it: every note, no count. */
export type LegacyCaseView = Omit<CaseView, 'noteCount'> & { noteCount?: number };
