/**
 * A case's state and the one place it changes: every change is an entry of the audit trail (the
 * recording activity chains it by hash) and bumps the revision the read model follows.
 */
import { patched } from '@temporalio/workflow';
import type { CaseInput, CaseRow, CaseSnapshot, CaseView, CommandAnswer, DeadlineState, NewTrailEntry } from '../common/case-types';
import type { Closure, Phase } from '../common/phases';
import { durationMs } from '../common/duration';
import type { Definition, NotificationEvent, PlanTemplate } from '../common/definition-schema';
import { Inbox } from './inbox';
import { isoIn, nowIso } from './clock';

/** Runs begun before a withdrawal cancelled the pending follow-up close as they did, without cancelling it. */
export const CANCEL_FOLLOW_UP_ON_CLOSE_PATCH = 'cancel-follow-up-on-close';

/** A notification the case owes: the trail entry that caused it and the template data. */
export interface Announcement {
  event: NotificationEvent;
  seq: number;
  phase?: Phase;
  data: Record<string, unknown>;
}

export const SYSTEM = 'system';

function newSnapshot(input: CaseInput): CaseSnapshot {
  return {
    phase: 'screening',
    status: 'open',
    assignee: input.assignee,
    openedAt: nowIso(),
    tasks: [],
    followUps: [],
    deadlines: [],
    visits: [],
    forms: {},
    notes: [],
    documents: [],
    loops: { reassessments: 0, replans: 0 },
    breached: false,
    trail: { seq: 1 },
    revision: 0,
    ids: 0,
  };
}

export class CaseFile {
  readonly s: CaseSnapshot;
  readonly inbox = new Inbox();
  private unrecorded: NewTrailEntry[] = [];
  /** Notifications to send once the entries that caused them are recorded. */
  announcements: Announcement[] = [];
  /** Changes whenever what the case waits for by time may have changed, so its timer is set again. */
  timerVersion = 0;
  /** How many commands wait for their answer; their changes are written the fast way. */
  answering = 0;
  /** Set while the case rolls over into a new run; commands are then refused as busy, and the API sends them again. */
  rollingOver = false;
  /** Whether commands answer with the revision their change reached (true) or the whole view. */
  smallAnswers = false;

  private loaded?: Definition;

  constructor(readonly input: CaseInput) {
    this.s = input.carried ?? newSnapshot(input);
    // A case carried over from a run that had no documents yet.
    this.s.documents ??= [];
    // Cases opened before definitions were passed by reference carry theirs.
    if ('definition' in input.definition) this.loaded = input.definition.definition;
  }

  get id(): string {
    return this.input.caseId;
  }

  /** Whether the case has its definition; until then it takes no command. */
  get ready(): boolean {
    return this.loaded !== undefined;
  }

  get definition(): Definition {
    if (!this.loaded) throw new Error(`case ${this.id} has not loaded its definition yet`);
    return this.loaded;
  }

  useDefinition(definition: Definition): void {
    this.loaded = definition;
  }

  get closed(): boolean {
    return this.s.status === 'closed';
  }

  /** Appends an entry to the trail; the recording activity writes it out. Returns its sequence number. */
  record(type: string, actor: string, data: Record<string, unknown> = {}): number {
    const entry = { caseId: this.id, seq: this.s.trail.seq, type, actor, at: nowIso(), data };
    this.unrecorded.push(entry);
    this.s.trail = { seq: entry.seq + 1 };
    this.s.revision++;
    return entry.seq;
  }

  /** Records an entry and owes the notifications the definition attaches to its event. */
  recordAndAnnounce(event: NotificationEvent, actor: string, data: Record<string, unknown>, phase?: Phase): number {
    const seq = this.record(event, actor, data);
    if (this.definition.notifications.some((r) => r.on === event && (!r.phase || r.phase === phase))) {
      this.announcements.push({ event, seq, phase, data });
    }
    return seq;
  }

  wakeTimers(): void {
    this.timerVersion++;
  }

  planTemplate(): PlanTemplate {
    return this.definition.planning[this.s.risk?.level ?? 'high'];
  }

  /** Entries not yet handed to the recording activity; taking them leaves none behind. */
  takeUnrecorded(): NewTrailEntry[] {
    const entries = this.unrecorded;
    this.unrecorded = [];
    return entries;
  }

  nextId(prefix: string): string {
    return `${prefix}${++this.s.ids}`;
  }

  enter(phase: Phase, actor = SYSTEM): void {
    const previous = this.s.visits.length > 0 ? this.s.phase : undefined;
    this.leavePhase();
    this.s.phase = phase;
    this.s.visits.push({ phase, enteredAt: nowIso() });
    const deadline = phase === 'closed' ? undefined : this.definition.deadlines[phase];
    if (deadline) {
      const within = durationMs(deadline.within);
      const remindAt = deadline.remind_before ? isoIn(within - durationMs(deadline.remind_before)) : undefined;
      this.s.deadlines.push({ phase, startedAt: nowIso(), dueAt: isoIn(within), remindAt, reminded: false, breached: false });
    }
    this.recordAndAnnounce('phase_entered', actor, { phase: { name: phase, previous } }, phase);
    this.wakeTimers();
  }

  private leavePhase(): void {
    const visit = this.s.visits[this.s.visits.length - 1];
    if (visit && !visit.leftAt) visit.leftAt = nowIso();
    const deadline = this.currentDeadline();
    if (deadline) {
      deadline.endedAt = nowIso();
      deadline.met = !deadline.breached;
    }
  }

  /** The deadline of the phase the case is in, while it runs. */
  currentDeadline(): DeadlineState | undefined {
    const d = this.s.deadlines[this.s.deadlines.length - 1];
    return d && d.phase === this.s.phase && !d.endedAt ? d : undefined;
  }

  close(closure: Closure, reason: string, actor: string): void {
    if (this.closed) return;
    // A case withdrawn while it waits for a follow-up leaves none waiting once it is closed.
    if (patched(CANCEL_FOLLOW_UP_ON_CLOSE_PATCH)) this.cancelFollowUp();
    this.enter('closed', actor);
    this.s.status = 'closed';
    this.s.closure = closure;
    this.s.closeReason = reason;
    this.s.closedAt = nowIso();
    this.recordAndAnnounce('case_closed', actor, { closure: { reason: closure, note: reason } });
  }

  view(): CaseView {
    const { trail, ids, ...rest } = this.s;
    const { caseId, number, title, subject, team, intake, definition } = this.input;
    return {
      ...structuredCloneish(rest),
      id: caseId,
      number,
      title,
      subject,
      team,
      intake,
      definition: { key: definition.key, version: definition.version },
      trailLength: trail.seq - 1,
      ...(this.s.phase === 'planning' ? { proposedPlan: this.proposedPlan() } : {}),
    };
  }

  /** What a command answers once its change is on record. */
  answer(): CommandAnswer {
    return this.smallAnswers ? { caseId: this.id, revision: this.s.revision } : this.view();
  }

  private proposedPlan(): CaseView['proposedPlan'] {
    const t = this.planTemplate();
    return { goals: [...t.goals], tasks: t.tasks.map((task) => ({ ...task })), approvalRequired: t.approval };
  }

  row(): CaseRow {
    const s = this.s;
    const { caseId, number, title, subject, team, definition } = this.input;
    return {
      id: caseId,
      number,
      definitionKey: definition.key,
      definitionVersion: definition.version,
      title,
      subject,
      team,
      phase: s.phase,
      status: s.status,
      closure: s.closure,
      riskLevel: s.risk?.level,
      riskScore: s.risk?.score,
      assignee: s.assignee,
      openedAt: s.openedAt,
      closedAt: s.closedAt,
      dueAt: this.nextDueAt(),
      breached: s.breached,
      revision: s.revision,
      updatedAt: nowIso(),
    };
  }

  pendingFollowUp() {
    return pendingFollowUpOf(this.s);
  }

  /** Leaving the loop for planning, assessment or beyond cancels the follow-up still pending. */
  cancelFollowUp(): void {
    const f = this.pendingFollowUp();
    if (!f) return;
    f.cancelled = true;
    this.record('follow_up_cancelled', 'system', { n: f.n });
  }

  /** The earliest time something is due: the phase deadline or a follow-up. */
  nextDueAt(): string | undefined {
    if (this.closed) return undefined;
    const due = [this.currentDeadline()?.dueAt, this.pendingFollowUp()?.dueAt];
    return due.filter((d): d is string => d !== undefined).sort()[0];
  }
}

/** The follow-up the case waits for: armed, not yet recorded, not cancelled. */
export function pendingFollowUpOf(s: CaseSnapshot) {
  return s.followUps.find((f) => !f.recordedAt && !f.cancelled);
}

/** A deep copy, so a view handed out is never changed by later work on the case. */
function structuredCloneish<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
