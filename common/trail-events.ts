/**
 * Every kind of entry a case's audit trail holds, each with the data it carries. The trail is the
 * case's record: the read model is folded from it (store/projection.ts), so an entry carries all
 * that the case's view needs from the change it records, and the workflow keeps none of it.
 *
 * Entries written before an entry carried a field lack it; those fields are optional here, and
 * the fold starts such cases from the view stored with them.
 */
import type { Capability } from './capabilities';
import type { FormData } from './form-data';
import type { Closure, FollowUpOutcome, Phase, RiskLevel, Role } from './phases';

export interface TaskData {
  id: string;
  title: string;
  assignee?: string;
  role?: Role;
  due?: string;
  /** The due time in words, when it was given as a duration. */
  explain?: string;
  /** Absent in entries written before it was recorded; such a task was required. */
  required?: boolean;
  requires?: Capability[];
  prefers?: Capability[];
}

/** The due times a resumed case moved later by the time it spent on hold. */
export interface MovedDueTimes {
  deadline?: { dueAt: string; remindAt?: string; explain?: string };
  followUp?: { n: number; armedAt: string; dueAt: string; explain?: string };
  tasks?: Array<{ id: string; due: string }>;
  contactDueAt?: string;
}

export interface TrailEvents {
  case_opened: {
    title: string;
    /** The definition's key. */
    definition: string;
    version: number;
    number?: number;
    subject?: string;
    team?: string;
    assignee?: string;
    intake?: FormData;
    /** The calendar version the case counts working time on. */
    calendar?: { key: string; version: number };
  };
  phase_entered: { phase: { name: Phase; previous?: Phase }; deadline?: { dueAt: string; remindAt?: string; explain?: string } };
  screening_decided: { decision: 'accept' | 'reject'; reason: string; rule?: number; problems?: string[] };
  assessment_recorded: { data: FormData };
  risk_stratified: { score: number; level: RiskLevel; reasons: string[] };
  risk_overridden: { from: RiskLevel; to: RiskLevel; reason: string };
  risk_changed: { risk: { level: RiskLevel; previous?: RiskLevel; score: number; reasons: string[] } };
  plan_made: { goals: string[]; approvalRequired: boolean };
  plan_returned: { reason?: string };
  plan_approved: { reason?: string };
  task_assigned: { task: TaskData };
  task_completed: { taskId: string; outcome?: string; note?: string };
  /** An open task of the plan a new plan replaced. */
  task_cancelled: { taskId: string };
  task_due: { task: TaskData };
  /** A task given to a person (`to`) or back to its team's queue (no `to`), with the rule or reason that decided it. */
  task_routed: { taskId: string; from?: string; to?: string; reason: string };
  follow_up_scheduled: { n: number; cadence: string; due: string; explain?: string };
  follow_up_rescheduled: { n: number; cadence: string; due: string; explain?: string };
  follow_up_due: { follow_up: { n: number; due: string; window_ends: string } };
  follow_up_overdue: { n: number; due: string; escalate_to?: Role };
  follow_up_recorded: { n?: number; outcome: FollowUpOutcome; note?: string; onTime?: boolean };
  follow_up_cancelled: { n: number };
  deadline_near: { deadline: { phase: Phase; due: string } };
  deadline_passed: { deadline: { phase: Phase; due: string; escalate_to?: Role } };
  transition_recorded: { data: FormData };
  contact_scheduled: { due: string; explain?: string };
  contact_due: { due: string };
  contact_recorded: { data: FormData };
  evaluation_recorded: { data: FormData };
  note_added: { noteId: string; text: string };
  document_added: { documentId: string; sha256: string; size: number; fileName: string; contentType: string; title?: string };
  /** The case given to a person (`to`) or back to its team's queue (no `to`). */
  case_assigned: { from?: string; to?: string; reason?: string };
  case_held: { reason: string };
  /** Absent `moved` in entries written before it was recorded: the fold moves every due time by `heldMs`. */
  case_resumed: { heldMs: number; moved?: MovedDueTimes };
  case_closed: { closure: { reason: Closure; note: string } };
  /** A closed case started again in a new run, at `phase`, by the definition version it ran by. */
  case_reopened: { reason: string; phase: Phase; closure: Closure; closedAt: string; version: number };
  case_continued: { historyLength: number };
  /** A new version of the case's calendar: the pending due times it moved (those already passed stay). */
  calendar_updated: { calendar: { key: string; version: number }; moved: MovedDueTimes };
  deadline_extended: { phase: Phase; by: string; reason: string; dueAt: string; remindAt?: string; explain: string };
  /** The case's urgency changed as a threshold before its deadline passed. */
  urgency_changed: { urgency: number };
  /** A task opened a child case; the child's closing completes it. */
  child_opened: { caseId: string; taskId: string; definition: string };
  child_closed: { caseId: string; closure: Closure };
  /** The child case a task was to open could not be opened (its definition is missing, or the mapped intake does not fit); the task stays as it is. */
  child_refused: { taskId: string; definition: string; reason: string };
  /** A closing that withdrew the case's open children with it. */
  children_withdrawn: { caseIds: string[] };
  /** The case moved to a newer version of its definition; its running deadline and pending follow-up counted again by it. */
  version_moved: { from: number; to: number; reason: string; deadline?: { dueAt: string; remindAt?: string }; followUp?: { n: number; dueAt: string } };
  /** A link to another case, recorded in both cases' trails: `outgoing` in the case that made it. */
  case_linked: { caseId: string; kind: 'related' | 'duplicate_of' | 'follows_from'; reason: string; direction: 'outgoing' | 'incoming' };
  /** A legal hold: while placed, the case is not purged however long ago it closed. */
  legal_hold_placed: { reason: string };
  legal_hold_released: { reason: string };
  /** The case's personal data was destroyed, past its retention, by this approval; every entry before it keeps only its digest. */
  case_purged: { approvedBy: string; reason: string; listedAt: string };
  /** A person's intake data corrected on their request: the fields and their new values. */
  personal_data_corrected: { intake: FormData; reason: string };
  report_produced: { cycleHours: number | null };
  notification_sent: { event: string; eventSeq: number; messages: unknown[] };
  notification_failed: { event: string; eventSeq: number; round: number; error: string; final?: boolean | null };
}

export type TrailEventType = keyof TrailEvents;

/**
 * Entries the API adds to a case's trail from outside its process: through the case's workflow
 * while it runs, so they take their place among its commands, and straight to the read model once
 * it is closed.
 */
export const ANNOTATION_TYPES = ['case_linked', 'legal_hold_placed', 'legal_hold_released', 'personal_data_corrected'] as const;
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];
export type Annotation = { [K in AnnotationType]: { type: K; data: TrailEvents[K] } }[AnnotationType];

/** One entry's type with its data, as a union over every type. */
export type TrailEvent = { [K in TrailEventType]: { type: K; data: TrailEvents[K] } }[TrailEventType];
