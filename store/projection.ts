/**
 * The case's view as a fold of its trail: a pure function from entries to the view (the rows of the
 * tables that lists and pages query come from the view, in projection-tables.ts). The read model applies it in the
 * transaction that writes the entries (case-views.ts), so the stored view is always the fold of
 * the trail on record. The one copy of how an entry changes the view is here.
 *
 * Notes are the one part of a case that grows by whole texts, so the view counts them and the
 * fold hands them out apart, to a table of their own.
 */
import type { CaseRow } from '../common/case-types';
import type { CaseView, LegacyCaseView, Note } from '../common/case-view';
import type { MovedDueTimes, TrailEvent } from '../common/trail-events';

/** The view as stored: without its notes (counted in `noteCount`) and without the proposed plan, which is read from the definition. */
export type FoldedCase = Omit<CaseView, 'notes' | 'proposedPlan' | 'clocks'>;

/** An entry as the fold needs it: what the workflow made, at the time on record. */
export type FoldEntry = TrailEvent & { seq: number; actor: string; at: string };

export interface Fold {
  view: FoldedCase;
  /** The notes the entries added, in order. */
  notes: Note[];
}

/** What a case's view starts from before its first entry: the row names the case. */
export function blankCase(row: Pick<CaseRow, 'id' | 'number' | 'title' | 'subject' | 'team' | 'assignee' | 'definitionKey' | 'definitionVersion' | 'openedAt'>): FoldedCase {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    ...(row.subject ? { subject: row.subject } : {}),
    team: row.team,
    intake: {},
    definition: { key: row.definitionKey, version: row.definitionVersion },
    phase: 'screening',
    status: 'open',
    ...(row.assignee ? { assignee: row.assignee } : {}),
    openedAt: row.openedAt,
    tasks: [],
    followUps: [],
    deadlines: [],
    visits: [],
    forms: {},
    noteCount: 0,
    documents: [],
    loops: { reassessments: 0, replans: 0 },
    breached: false,
    revision: 0,
    trailLength: 0,
  };
}

/** A view stored before the read model folded the trail: its notes go apart, and it counts them. */
export function fromLegacyView(legacy: LegacyCaseView): Fold {
  const { notes, proposedPlan: _plan, clocks: _clocks, ...rest } = legacy;
  return { view: clean({ ...rest, documents: rest.documents ?? [], noteCount: notes.length }), notes: clean(notes) };
}

export const isLegacyView = (stored: unknown): stored is LegacyCaseView => Array.isArray((stored as { notes?: unknown })?.notes);

/** Folds `entries` (in order of their sequence numbers) into `start`, which stays as it was. */
export function foldTrail(start: FoldedCase, entries: readonly FoldEntry[]): Fold {
  const view = clean(start);
  const notes = foldInto(view, entries);
  return { view: clean(view), notes };
}

/**
 * The same fold, from a view as stored (JSON text), for the store's writes: the view it gives may
 * hold undefined fields, which JSON leaves out when it is stored again.
 */
export function foldStored(stored: string, entries: readonly FoldEntry[]): Fold {
  const view = JSON.parse(stored) as FoldedCase;
  return { view, notes: foldInto(view, entries) };
}

/** The one loop both folds share: changes `view`, and answers the notes the entries added. */
function foldInto(view: FoldedCase, entries: readonly FoldEntry[]): Note[] {
  const notes: Note[] = [];
  for (const e of entries) {
    try {
      apply(view, e, notes);
    } catch (err) {
      // Data the fold cannot read (the workflow writes none such) changes no more than it did
      // before failing, the same way on every fold: the trail's writes go on, and the stored
      // view stays the fold of the trail.
      if (!(err instanceof TypeError)) throw err;
    }
    view.trailLength = Math.max(view.trailLength, e.seq);
    view.revision = view.trailLength;
  }
  return notes;
}

/** JSON as it is stored: no undefined fields, nothing shared with the input. */
function clean<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const runningDeadline = (v: FoldedCase) => {
  const d = v.deadlines[v.deadlines.length - 1];
  return d && !d.endedAt ? d : undefined;
};
const followUp = (v: FoldedCase, n: number | undefined) =>
  n === undefined ? v.followUps.find((f) => !f.recordedAt && !f.cancelled) : v.followUps.find((f) => f.n === n);
const task = (v: FoldedCase, id: string) => v.tasks.find((t) => t.id === id);
const later = (iso: string | undefined, ms: number) => (iso ? new Date(Date.parse(iso) + ms).toISOString() : iso);

function apply(v: FoldedCase, e: FoldEntry, notes: Note[]): void {
  switch (e.type) {
    case 'case_opened': {
      const d = e.data;
      Object.assign(v, {
        title: d.title,
        definition: { key: d.definition, version: d.version },
        number: d.number ?? v.number,
        team: d.team ?? v.team,
        intake: d.intake ?? v.intake,
        openedAt: e.at,
        ...(d.subject ? { subject: d.subject } : {}),
        ...(d.assignee ? { assignee: d.assignee } : {}),
        ...(d.calendar ? { calendar: d.calendar } : {}),
      });
      return;
    }
    case 'phase_entered': {
      const visit = v.visits[v.visits.length - 1];
      if (visit && !visit.leftAt) visit.leftAt = e.at;
      const running = runningDeadline(v);
      if (running) Object.assign(running, { endedAt: e.at, met: !running.breached });
      v.phase = e.data.phase.name;
      v.visits.push({ phase: v.phase, enteredAt: e.at });
      const deadline = e.data.deadline;
      if (deadline) v.deadlines.push({ phase: v.phase, startedAt: e.at, dueAt: deadline.dueAt, remindAt: deadline.remindAt, reminded: false, breached: false, explain: deadline.explain });
      return;
    }
    case 'screening_decided':
      v.screening = { decision: e.data.decision, reason: e.data.reason, by: e.actor, rule: e.data.rule };
      return;
    case 'assessment_recorded':
      v.assessment = e.data.data;
      return;
    case 'risk_stratified': {
      const { score, level, reasons } = e.data;
      v.risk = { score, level, reasons, computedLevel: level, overrides: v.risk?.overrides ?? [], at: e.at };
      return;
    }
    case 'risk_overridden':
      if (!v.risk) return;
      v.risk.overrides.push({ from: e.data.from, to: e.data.to, reason: e.data.reason, by: e.actor, at: e.at });
      v.risk.level = e.data.to;
      return;
    case 'plan_made':
      v.plan = { goals: e.data.goals, approvalRequired: e.data.approvalRequired, madeAt: e.at };
      return;
    case 'plan_approved':
      if (v.plan) Object.assign(v.plan, { approvedBy: e.actor, approvedAt: e.at });
      return;
    case 'task_assigned': {
      const { id, title, assignee, role, due, required, explain, requires, prefers } = e.data.task;
      v.tasks.push({ id, title, assignee, role, due, required: required ?? true, ...(requires ? { requires } : {}), ...(prefers ? { prefers } : {}), status: 'open', explain, createdAt: e.at });
      return;
    }
    case 'task_completed': {
      const t = task(v, e.data.taskId);
      if (t) Object.assign(t, { status: 'done', outcome: e.data.outcome, completedAt: e.at, completedBy: e.actor });
      return;
    }
    case 'task_cancelled': {
      const t = task(v, e.data.taskId);
      if (t) t.status = 'cancelled';
      return;
    }
    case 'task_routed': {
      const t = task(v, e.data.taskId);
      if (t) t.assignee = e.data.to;
      return;
    }
    case 'task_due': {
      const t = task(v, e.data.task.id);
      if (t) t.reminded = true;
      return;
    }
    case 'follow_up_scheduled':
      v.followUps.push({ n: e.data.n, armedAt: e.at, dueAt: e.data.due, explain: e.data.explain, escalated: false });
      return;
    case 'follow_up_rescheduled': {
      const f = followUp(v, e.data.n);
      if (f) Object.assign(f, { dueAt: e.data.due, explain: e.data.explain });
      return;
    }
    case 'follow_up_due': {
      const f = followUp(v, e.data.follow_up.n);
      if (f) Object.assign(f, { madeDueAt: e.at, dueAt: e.data.follow_up.due });
      return;
    }
    case 'follow_up_overdue': {
      const f = followUp(v, e.data.n);
      if (f) f.escalated = true;
      v.breached = true;
      return;
    }
    case 'follow_up_recorded': {
      const f = followUp(v, e.data.n);
      if (f) Object.assign(f, { recordedAt: e.at, outcome: e.data.outcome, note: e.data.note, onTime: e.data.onTime });
      if (e.data.outcome === 'replan') v.loops.replans++;
      if (e.data.outcome === 'reassess') v.loops.reassessments++;
      return;
    }
    case 'follow_up_cancelled': {
      const f = followUp(v, e.data.n);
      if (f) f.cancelled = true;
      return;
    }
    case 'deadline_near': {
      const d = runningDeadline(v);
      if (d) d.reminded = true;
      return;
    }
    case 'deadline_passed': {
      const d = runningDeadline(v);
      if (d) d.breached = true;
      v.breached = true;
      return;
    }
    case 'transition_recorded':
      v.forms.transition = e.data.data;
      return;
    case 'contact_recorded':
      v.forms.contact = e.data.data;
      return;
    case 'evaluation_recorded':
      v.forms.evaluation = e.data.data;
      return;
    case 'contact_scheduled':
      Object.assign(v, { contactDueAt: e.data.due, contactExplain: e.data.explain });
      return;
    case 'contact_due':
      v.contactDue = true;
      return;
    case 'note_added':
      if (typeof e.data.noteId !== 'string' || typeof e.data.text !== 'string') return;
      v.noteCount++;
      notes.push({ id: e.data.noteId, text: e.data.text, by: e.actor, at: e.at });
      return;
    case 'document_added': {
      const { documentId, sha256, size, fileName, title } = e.data;
      if (v.documents.some((d) => d.id === documentId)) return;
      v.documents.push({ id: documentId, sha256, size, fileName, ...(title ? { title } : {}), by: e.actor, at: e.at });
      return;
    }
    case 'case_assigned':
      v.assignee = e.data.to;
      return;
    case 'case_held':
      v.status = 'on_hold';
      v.hold = { reason: e.data.reason, since: e.at, by: e.actor };
      return;
    case 'case_resumed':
      resume(v, e.data.heldMs, e.data.moved);
      return;
    case 'case_closed':
      Object.assign(v, { status: 'closed', closure: e.data.closure.reason, closeReason: e.data.closure.note, closedAt: e.at });
      return;
    case 'calendar_updated':
      v.calendar = e.data.calendar;
      moveTo(v, e.data.moved);
      return;
    case 'deadline_extended': {
      const d = runningDeadline(v);
      if (!d) return;
      const { by, reason, dueAt, remindAt, explain } = e.data;
      Object.assign(d, { dueAt, remindAt: d.reminded ? d.remindAt : remindAt, explain });
      d.extensions = [...(d.extensions ?? []), { by, reason, actor: e.actor, at: e.at, dueAt }];
      return;
    }
    case 'case_reopened': {
      const { reason, phase, closure, closedAt } = e.data;
      v.status = 'open';
      delete v.closure;
      delete v.closeReason;
      delete v.closedAt;
      v.reopenings = [...(v.reopenings ?? []), { at: e.at, by: e.actor, reason, phase, closure, closedAt }];
      return;
    }
    case 'legal_hold_placed':
      v.legalHold = { reason: e.data.reason, since: e.at, by: e.actor };
      return;
    case 'legal_hold_released':
      delete v.legalHold;
      return;
    case 'case_purged':
      purge(v, e.at, e.data.approvedBy);
      return;
    case 'version_moved': {
      v.definition = { ...v.definition, version: e.data.to };
      const d = runningDeadline(v);
      if (d && e.data.deadline) Object.assign(d, { dueAt: e.data.deadline.dueAt, remindAt: e.data.deadline.remindAt });
      const f = e.data.followUp && followUp(v, e.data.followUp.n);
      if (f && e.data.followUp) f.dueAt = e.data.followUp.dueAt;
      return;
    }
    case 'child_opened':
      v.children = [...(v.children ?? []), { caseId: e.data.caseId, taskId: e.data.taskId, definition: e.data.definition }];
      return;
    case 'child_closed': {
      const child = v.children?.find((c) => c.caseId === e.data.caseId);
      if (child) child.closure = e.data.closure;
      return;
    }
    case 'child_refused':
    case 'children_withdrawn':
      return;
    case 'personal_data_corrected':
      v.intake = { ...v.intake, ...e.data.intake };
      return;
    case 'case_linked':
    case 'urgency_changed':
    case 'risk_changed':
    case 'plan_returned':
    case 'case_continued':
    case 'report_produced':
    case 'notification_sent':
    case 'notification_failed':
      return;
    default: {
      // Every type of the union has its case above; a type from elsewhere changes nothing.
      const other: never = e;
      void other;
    }
  }
}

export const PURGED_TITLE = '(purged)';

/** What a purged case's view keeps: what it was and how it went, for the portfolio; nothing about anyone. */
function purge(v: FoldedCase, at: string, approvedBy: string): void {
  // A blank case under its own id, keeping only what the portfolio counts.
  const kept = {
    ...blankCase({ id: v.id, number: v.number, title: PURGED_TITLE, team: v.team, definitionKey: v.definition.key, definitionVersion: v.definition.version, openedAt: v.openedAt }),
    definition: v.definition,
    phase: v.phase,
    status: v.status,
    ...(v.closure ? { closure: v.closure } : {}),
    ...(v.closedAt ? { closedAt: v.closedAt } : {}),
    ...(v.risk ? { risk: { ...v.risk, reasons: [], overrides: [] } } : {}),
    loops: v.loops,
    breached: v.breached,
    purged: { at, approvedBy },
    revision: v.revision,
    trailLength: v.trailLength,
  };
  for (const key of Object.keys(v)) delete (v as unknown as Record<string, unknown>)[key];
  Object.assign(v, kept);
}

/** Moves what the case waits for later, to the times the entry names (or by the hold's length, in entries that name none). */
function resume(v: FoldedCase, heldMs: number, moved: Extract<FoldEntry, { type: 'case_resumed' }>['data']['moved']): void {
  v.status = 'open';
  delete v.hold;
  const deadline = runningDeadline(v);
  const pending = followUp(v, undefined);
  const open = v.tasks.filter((t) => t.status === 'open');
  if (!moved) {
    if (deadline) Object.assign(deadline, { dueAt: later(deadline.dueAt, heldMs), remindAt: later(deadline.remindAt, heldMs) });
    if (pending) Object.assign(pending, { armedAt: later(pending.armedAt, heldMs), dueAt: later(pending.dueAt, heldMs) });
    for (const t of open) t.due = later(t.due, heldMs);
    if (!v.contactDue) v.contactDueAt = later(v.contactDueAt, heldMs);
    return;
  }
  moveTo(v, moved);
}

/** Sets the due times an entry names, with their words where it gives them. */
function moveTo(v: FoldedCase, moved: MovedDueTimes): void {
  const deadline = runningDeadline(v);
  if (deadline && moved.deadline) Object.assign(deadline, { dueAt: moved.deadline.dueAt, remindAt: moved.deadline.remindAt }, moved.deadline.explain ? { explain: moved.deadline.explain } : {});
  const f = moved.followUp && followUp(v, moved.followUp.n);
  if (f && moved.followUp) Object.assign(f, { armedAt: moved.followUp.armedAt, dueAt: moved.followUp.dueAt }, moved.followUp.explain ? { explain: moved.followUp.explain } : {});
  for (const { id, due } of moved.tasks ?? []) {
    const t = task(v, id);
    if (t) t.due = due;
  }
  if (moved.contactDueAt) v.contactDueAt = moved.contactDueAt;
}
