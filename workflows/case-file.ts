/**
 * A case's state and the one place it changes: every change is an entry of the audit trail (the
 * recording activity chains it by hash, and the read model folds the case's view from it) and
 * bumps the revision the read model follows. The state holds only what the case's decisions need.
 */
import { patched, type CancellationScope } from '@temporalio/workflow';
import type { CaseAnswer, CaseInput, CaseRow, CaseState, NewTrailEntry, PinnedCalendar, RunningDeadline } from '../common/case-types';
import type { Closure, Phase } from '../common/phases';
import { planTemplateFor } from '../common/plan-template';
import { urgency } from '../common/urgency';
import type { CalendarRules } from '../common/working-time/calendar-rules';
import { dueAfter } from '../common/working-time/deadline';
import { explainDue } from '../common/working-time/explain';
import { countDeadline } from '../common/working-time/running';
import { useZoneRules } from '../common/working-time/joda';
import type { TrailEvents, TrailEventType } from '../common/trail-events';
import type { Definition, NotificationEvent, PlanTemplate } from '../common/definition-schema';
import { carriedState } from './carried-state';
import type { Delivery } from './delivery';
import { Inbox } from './inbox';
import { nowIso } from './clock';
import { CANCEL_FOLLOW_UP_ON_CLOSE_PATCH } from './patches';

/** The one durable timer a case keeps across its waits, set for the earliest thing it waits for (alarm.ts). */
export interface Alarm {
  at: number;
  rang: boolean;
  scope: CancellationScope;
}

/** A notification the case owes: the trail entry that caused it and the template data. */
export interface Announcement {
  event: NotificationEvent;
  seq: number;
  phase?: Phase;
  data: Record<string, unknown>;
}

/** What the case last made visible outside the workflow (publish.ts). */
export interface Published {
  revision: number;
  attributes: Record<string, string>;
}

export const SYSTEM = 'system';

function newState(input: CaseInput): CaseState {
  return {
    phase: 'screening',
    status: 'open',
    assignee: input.assignee,
    openedAt: nowIso(),
    tasks: [],
    requiredDone: 0,
    followUpsArmed: 0,
    loops: { reassessments: 0, replans: 0 },
    breached: false,
    ...(input.calendar ? { calendar: input.calendar } : {}),
    visits: 0,
    trail: { seq: 1 },
    revision: 0,
    ids: 0,
  };
}

export class CaseFile {
  readonly s: CaseState;
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
  /** The one durable timer the case keeps across its waits (alarm.ts). */
  alarm?: Alarm;
  /** What the case last made visible (publish.ts); unset until its first write. */
  published?: Published;
  /** The writes of the case's changes, one after another (publish.ts). */
  writes: Promise<void> = Promise.resolve();
  /** Notifications being delivered (notify.ts). */
  readonly deliveries = new Set<Delivery>();
  /** Set while the case hands what it owes to its next run: it starts no delivery (notify.ts). */
  handingOver = false;
  /** Whether the history was past its limit when code that history explains last looked (history-length.ts). */
  historySeenTooLong = false;

  private loaded?: Definition;
  /** The rules of the calendar version in `s.calendar`, once loaded. */
  private rules?: CalendarRules;

  constructor(readonly input: CaseInput) {
    const { carried } = input;
    this.s = carried ? carriedState(carried) : newState(input);
    // Cases opened before definitions were passed by reference carry theirs.
    if ('definition' in input.definition) this.loaded = input.definition.definition;
  }

  get id(): string {
    return this.input.caseId;
  }

  /** Whether the case has its definition and calendar; until then it takes no command. */
  get ready(): boolean {
    return this.loaded !== undefined && (this.s.calendar === undefined || this.rules !== undefined);
  }

  /** The calendar working time counts on; undefined for a definition that names none. */
  get calendar(): CalendarRules | undefined {
    return this.rules;
  }

  useCalendar(pinned: PinnedCalendar): void {
    this.s.calendar = { key: pinned.key, version: pinned.version, hash: pinned.hash };
    this.rules = pinned.rules;
    if (pinned.zone) useZoneRules(pinned.zone);
  }

  /** The instant `duration` (calendar or working time) after `from`, now unless given. */
  dueAfter(duration: string, from = nowIso()): string {
    return dueAfter(from, duration, this.rules);
  }

  /** The instant `duration` from now, and why, in words. */
  dueIn(duration: string): { at: string; text: string } {
    return explainDue(nowIso(), duration, this.rules);
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
  record<K extends TrailEventType>(type: K, actor: string, data: TrailEvents[K]): number {
    const entry = { caseId: this.id, seq: this.s.trail.seq, type, actor, at: nowIso(), data } as NewTrailEntry;
    this.unrecorded.push(entry);
    this.s.trail = { seq: entry.seq + 1 };
    this.s.revision++;
    return entry.seq;
  }

  /**
   * Records an entry and owes the notifications the definition attaches to its event. Their
   * templates see `announced`, the entry's data unless the entry carries more than a message needs.
   */
  recordAndAnnounce<K extends NotificationEvent>(event: K, actor: string, data: TrailEvents[K], phase?: Phase, announced: Record<string, unknown> = data): number {
    const seq = this.record(event, actor, data);
    if (this.definition.notifications.some((r) => r.on === event && (!r.phase || r.phase === phase))) {
      this.announcements.push({ event, seq, phase, data: announced });
    }
    return seq;
  }

  wakeTimers(): void {
    this.timerVersion++;
  }

  planTemplate(): PlanTemplate {
    return planTemplateFor(this.definition, this.s.risk?.level);
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

  /** Enters a phase; its deadline, if the definition gives it one, starts now. */
  enter(phase: Phase, actor = SYSTEM): void {
    const previous = this.s.visits > 0 ? this.s.phase : undefined;
    this.s.deadline = undefined;
    this.s.phase = phase;
    this.s.visits++;
    const rule = phase === 'closed' ? undefined : this.definition.deadlines[phase];
    let explain: string | undefined;
    if (rule) {
      const startedAt = nowIso();
      const counted = countDeadline({ startedAt, within: rule.within, remindBefore: rule.remind_before }, this.rules);
      explain = counted.explain;
      this.s.deadline = { phase, startedAt, dueAt: counted.dueAt, remindAt: counted.remindAt, reminded: false, breached: false, heldMs: 0 };
    }
    const deadline = this.s.deadline && { dueAt: this.s.deadline.dueAt, ...(this.s.deadline.remindAt ? { remindAt: this.s.deadline.remindAt } : {}), explain };
    const entered = { phase: { name: phase, previous } };
    this.recordAndAnnounce('phase_entered', actor, { ...entered, ...(deadline ? { deadline } : {}) }, phase, entered);
    this.wakeTimers();
  }

  /** The deadline of the phase the case is in, while it runs. */
  currentDeadline(): RunningDeadline | undefined {
    return this.s.deadline;
  }

  close(closure: Closure, reason: string, actor: string): void {
    if (this.closed) return;
    // A case withdrawn while it waits for a follow-up leaves none waiting once it is closed.
    if (patched(CANCEL_FOLLOW_UP_ON_CLOSE_PATCH)) this.cancelFollowUp();
    this.enter('closed', actor);
    this.s.status = 'closed';
    this.s.closure = closure;
    this.s.closedAt = nowIso();
    this.recordAndAnnounce('case_closed', actor, { closure: { reason: closure, note: reason } });
  }

  /** What a command answers once its change is on record: the revision, read from the read model by the API. */
  answer(): CaseAnswer {
    return { caseId: this.id, revision: this.s.revision };
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
      urgency: this.urgencyNow(),
      ...(s.calendar ? { calendarKey: s.calendar.key, calendarVersion: s.calendar.version } : {}),
      revision: s.revision,
      updatedAt: nowIso(),
    };
  }

  pendingFollowUp() {
    return this.s.followUp;
  }

  /** Leaving the loop for planning, assessment or beyond cancels the follow-up still pending. */
  cancelFollowUp(): void {
    const f = this.s.followUp;
    if (!f) return;
    this.s.followUp = undefined;
    this.record('follow_up_cancelled', SYSTEM, { n: f.n });
  }

  /** The deadline whose time left counts towards urgency: the running one, while the case is open. */
  urgencyDeadline(): string | undefined {
    return this.s.status === 'open' ? this.s.deadline?.dueAt : undefined;
  }

  urgencyNow(at = nowIso()): number {
    return urgency({ now: at, dueAt: this.urgencyDeadline(), risk: this.s.risk?.level });
  }

  /** The earliest time something is due: the phase deadline or a follow-up. */
  nextDueAt(): string | undefined {
    if (this.closed) return undefined;
    const due = [this.s.deadline?.dueAt, this.s.followUp?.dueAt];
    return due.filter((d): d is string => d !== undefined).sort()[0];
  }
}
