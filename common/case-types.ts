/** The shapes a case takes: what starts it, what it holds, and what the API and operators see. */
import type { Capability } from './capabilities';
import type { DefinitionRef, VersionedDefinition } from './definition-schema';
import type { OwedNotification } from './notifications';
import type { Closure, FollowUpOutcome, Phase, RiskLevel, Role, CaseStatus } from './phases';
import type { TrailEvent } from './trail-events';
import type { CalendarRules } from './working-time/calendar-rules';
import type { PackedZoneRules } from './working-time/joda';

/** A version of a working calendar, named as a case pins it: by key, version and hash. */
export interface CalendarRef {
  key: string;
  version: number;
  hash: string;
}

/** A calendar version as a case counts on it. */
export interface PinnedCalendar extends CalendarRef {
  rules: CalendarRules;
  /** The rules of its time zone alone; absent in histories recorded before they were sent. */
  zone?: PackedZoneRules;
}

/** Who acted: always the authenticated user, never a field of a request body. */
export interface Actor {
  id: string;
  roles: Role[];
  /** The teams whose cases the actor may see; the workflow itself looks only at id and roles. */
  teams: string[];
}

export type { FormData } from './form-data';
import type { FormData } from './form-data';

/**
 * Arguments of a new case workflow. The definition is named by key, version and hash, and the case
 * loads it; cases opened before that carry the whole definition, and keep running by it.
 */
export interface CaseInput {
  caseId: string;
  number: number;
  title: string;
  subject?: string;
  team: string;
  assignee?: string;
  intake: FormData;
  definition: DefinitionRef | VersionedDefinition;
  /** The calendar the definition names, at the version the case starts with; absent when it names none. */
  calendar?: CalendarRef;
  openedBy: Actor;
  /** History events after which the case continues as new; a default applies when absent. */
  historyLimit?: number;
  /** State carried over by continue-as-new; absent when a case first opens. Runs begun before carry the legacy snapshot. */
  carried?: CaseState | LegacySnapshot;
  /** Notifications the previous run had not delivered yet; this run goes on delivering them. */
  owed?: OwedNotification[];
  /** Set in a child case opened by a parent's task: its closing completes that task. */
  parent?: { caseId: string; taskId: string };
  /** Set when a closed case starts again: the run records the reopening and resumes at its phase. */
  reopened?: { by: string; reason: string; phase: Phase; closure: Closure; closedAt: string };
  /**
   * The token the API opened the case with. The read model keeps it with the case's row and takes
   * writes under the case's id only from the case that has it. Absent in cases opened before.
   */
  origin?: string;
}

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

/** An open task as the case keeps it; done and cancelled tasks are only in its trail and its view. */
export interface OpenTask {
  id: string;
  title: string;
  assignee?: string;
  role?: Role;
  due?: string;
  required: boolean;
  requires?: Capability[];
  prefers?: Capability[];
  /** Set once the reminder for its due time went out. */
  reminded?: boolean;
}

/** The follow-up the case waits for: armed, neither recorded nor cancelled. */
export interface PendingFollowUp {
  n: number;
  /** When its timer was armed: the cadence counts from here, also when the risk level changes. */
  armedAt: string;
  dueAt: string;
  /** When it became due: its timer fired, or the plan's required tasks were all done. */
  madeDueAt?: string;
  escalated: boolean;
}

/** The deadline of the phase the case is in. */
export interface RunningDeadline {
  phase: Phase;
  /** Entered the phase at; the deadline moves later by any time spent on hold. */
  startedAt: string;
  dueAt: string;
  remindAt?: string;
  reminded: boolean;
  breached: boolean;
  /** Time on hold so far; absent in runs begun before it was kept. */
  heldMs?: number;
  /** Durations a supervisor extended it by. */
  extensions?: string[];
}

/**
 * What a case's workflow keeps: only what its decisions need, so that it stays the same size
 * however long the case runs. Notes, documents, done tasks, visits, recorded follow-ups,
 * overrides, deadline history, forms and intake go into trail entries only, and the read model
 * folds the case's view from them. Carried across continue-as-new.
 */
export interface CaseState {
  phase: Phase;
  status: CaseStatus;
  closure?: Closure;
  assignee?: string;
  openedAt: string;
  closedAt?: string;
  /** The level and score, and what the rules gave (the level before any override). */
  risk?: { score: number; level: RiskLevel; computedLevel: RiskLevel; reasons: string[] };
  /** Open tasks only. */
  tasks: OpenTask[];
  /** Required tasks done so far; with no required task open, the plan's required work is done. */
  requiredDone: number;
  followUp?: PendingFollowUp;
  /** Follow-ups armed so far: the next one's number is one more. */
  followUpsArmed: number;
  deadline?: RunningDeadline;
  /** When the post-transition contact falls due; set once the transition is recorded. */
  contactDueAt?: string;
  contactDue?: boolean;
  loops: { reassessments: number; replans: number };
  hold?: { reason: string; since: string; by: string };
  breached: boolean;
  /** The calendar version the case counts working time on now: the one it started with, or a later one it was sent. */
  calendar?: CalendarRef;
  /** The urgency last recorded, and the threshold whose passing gave it. */
  urgency?: { value: number; at: string };
  /** Phases entered so far. */
  visits: number;
  /** Trail position: the next entry's sequence number. */
  trail: { seq: number };
  /** Increases with every change; the read model keeps the highest it has seen. */
  revision: number;
  ids: number;
  /** Child cases its tasks opened; `open` until the child's closing reached the case. */
  children?: ChildCase[];
  /** Set by a close that withdraws the open children with it: they are told as the case ends. */
  withdrawingChildren?: { reason: string; by: string };
}

export interface ChildCase {
  caseId: string;
  taskId: string;
  open: boolean;
}

/**
 * Everything a case knew about itself before the workflow kept only what its decisions need: what
 * runs begun before carry across continue-as-new, and the shape of the views they stored.
 */
export type LegacySnapshot = Omit<CaseView, 'id' | 'number' | 'title' | 'subject' | 'team' | 'intake' | 'definition' | 'noteCount' | 'documents' | 'trailLength' | 'proposedPlan'> & {
  /** Absent from runs begun before documents were kept. */
  documents?: CaseDocument[];
  trail: { seq: number };
  ids: number;
};

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

/**
 * What a command answers through Temporal: the case and the revision its change reached. The change
 * is on record by then, so the API reads the case's view from the read model, and history keeps
 * a few bytes per command instead of a copy of the whole case.
 */
export interface CaseAnswer {
  caseId: string;
  revision: number;
}

/** Runs begun before answers were made small answer with the whole view; the API takes either. */
export type CommandAnswer = CaseAnswer | LegacyCaseView;

/** An entry of a case's audit trail as the workflow makes it, before it is on record. */
export type NewTrailEntry = TrailEvent & {
  caseId: string;
  seq: number;
  actor: string;
  at: string;
};

/** An entry on record, hashed into the case's chain by the activity that wrote it. */
export type TrailEntry = NewTrailEntry & {
  prevHash: string;
  hash: string;
  /** SHA-256 of the data; entries written before digests were kept have none, and their hash covers the data itself. */
  dataDigest?: string;
  /** Set once a purge removed the entry's data; the digest (or, before digests, the stored hash) stands for it. */
  purged?: boolean;
};

/** The case's row in the read model, as the workflow last saw it. */
export interface CaseRow {
  id: string;
  number: number;
  definitionKey: string;
  definitionVersion: number;
  title: string;
  subject?: string;
  team: string;
  phase: Phase;
  status: CaseStatus;
  closure?: Closure;
  riskLevel?: RiskLevel;
  riskScore?: number;
  assignee?: string;
  openedAt: string;
  closedAt?: string;
  dueAt?: string;
  breached: boolean;
  /** How urgent the case is now (common/urgency.ts); absent in rows written before it was kept. */
  urgency?: number;
  /** The calendar the case counts working time on, and its version. */
  calendarKey?: string;
  calendarVersion?: number;
  revision: number;
  updatedAt: string;
}

/**
 * What a case hands its recording activity after a change: the change's entries and the case's
 * row, so its size follows the command, never the case's age.
 */
export interface CaseRecord {
  row: CaseRow;
  events: NewTrailEntry[];
  /** The time of the workflow task that wrote it: a retried task is later, and its writes win. */
  writtenAt: number;
  /** The case's origin token (see CaseInput); absent in cases opened before tokens were given. */
  origin?: string;
}

/** A record as runs begun before the read model folded the trail sent it: with their whole view. */
export interface LegacyCaseRecord extends CaseRecord {
  view?: LegacyCaseView;
}
