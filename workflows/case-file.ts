/**
 * A case's state and the one place it changes: every change is written to the audit trail (hashed
 * into the case's chain) and bumps the revision the read model follows.
 */
import type { CaseInput, CaseRow, CaseSnapshot, CaseView, DeadlineState, TrailEntry } from '../common/case-types';
import type { Closure, Phase } from '../common/phases';
import { GENESIS_HASH, trailHash } from '../common/trail-hash';
import { durationMs } from '../common/duration';
import type { Definition } from '../definitions/schema';
import { Inbox } from './inbox';
import { isoIn, nowIso } from './clock';

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
    loops: { reassessments: 0, replans: 0 },
    breached: false,
    trail: { seq: 1, lastHash: GENESIS_HASH },
    revision: 0,
    ids: 0,
  };
}

export class CaseFile {
  readonly s: CaseSnapshot;
  readonly inbox = new Inbox();
  private unrecorded: TrailEntry[] = [];

  constructor(readonly input: CaseInput) {
    this.s = input.carried ?? newSnapshot(input);
  }

  get id(): string {
    return this.input.caseId;
  }

  get definition(): Definition {
    return this.input.definition.definition;
  }

  get closed(): boolean {
    return this.s.status === 'closed';
  }

  /** Appends an entry to the trail; the recording activity writes it out. */
  record(type: string, actor: string, data: Record<string, unknown> = {}): void {
    const content = { caseId: this.id, seq: this.s.trail.seq, type, actor, at: nowIso(), data };
    const hash = trailHash(content, this.s.trail.lastHash);
    this.unrecorded.push({ ...content, prevHash: this.s.trail.lastHash, hash });
    this.s.trail = { seq: content.seq + 1, lastHash: hash };
    this.s.revision++;
  }

  /** Entries not yet handed to the recording activity; taking them leaves none behind. */
  takeUnrecorded(): TrailEntry[] {
    const entries = this.unrecorded;
    this.unrecorded = [];
    return entries;
  }

  nextId(prefix: string): string {
    return `${prefix}${++this.s.ids}`;
  }

  enter(phase: Phase, actor = SYSTEM): void {
    this.leavePhase();
    this.s.phase = phase;
    this.s.visits.push({ phase, enteredAt: nowIso() });
    const deadline = phase === 'closed' ? undefined : this.definition.deadlines[phase];
    if (deadline) {
      const within = durationMs(deadline.within);
      const remindAt = deadline.remind_before ? isoIn(within - durationMs(deadline.remind_before)) : undefined;
      this.s.deadlines.push({ phase, startedAt: nowIso(), dueAt: isoIn(within), remindAt, reminded: false, breached: false });
    }
    this.record('phase_entered', actor, { phase });
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
    this.enter('closed', actor);
    this.s.status = 'closed';
    this.s.closure = closure;
    this.s.closeReason = reason;
    this.s.closedAt = nowIso();
    this.record('case_closed', actor, { closure, reason });
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
    };
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

  /** The earliest time something is due: the phase deadline or a follow-up. */
  nextDueAt(): string | undefined {
    if (this.closed) return undefined;
    const due = [this.currentDeadline()?.dueAt, ...this.s.followUps.filter((f) => !f.recordedAt).map((f) => f.dueAt)];
    return due.filter((d): d is string => d !== undefined).sort()[0];
  }
}

/** A deep copy, so a view handed out is never changed by later work on the case. */
function structuredCloneish<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
