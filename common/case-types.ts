/** The shapes a case takes: what starts it, what it keeps for its decisions, what it answers and records. The view its people see is in case-view.ts. */
import type { CaseDocument, CaseView, LegacyCaseView, Task } from './case-view';
import type { DefinitionRef, VersionedDefinition } from './definition-schema';
import type { OwedNotification } from './notifications';
import type { Closure, Phase, RiskLevel, Role, CaseStatus } from './phases';
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

/** An open task as the case keeps it: the fields of the view's task its decisions need; done and cancelled tasks are only in its trail and its view. */
export type OpenTask = Pick<Task, 'id' | 'title' | 'assignee' | 'role' | 'due' | 'required' | 'requires' | 'prefers' | 'reminded'>;

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
