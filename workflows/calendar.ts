/**
 * Due times that move after they were set: a newer version of the case's calendar counts the
 * pending ones again (a holiday added later moves a deadline it falls within), and a supervisor
 * extends the running deadline. Due times already passed stay as they were.
 */
import type { PinnedCalendar } from '../common/case-types';
import type { MovedDueTimes } from '../common/trail-events';
import { extendDue } from '../common/working-time/deadline';
import { explainDue, momentIn } from '../common/working-time/explain';
import { countDeadline, type DeadlineBasis } from '../common/working-time/running';
import type { CaseFile } from './case-file';
import { nowIso } from './clock';

function deadlineBasis(c: CaseFile): DeadlineBasis | undefined {
  const d = c.currentDeadline();
  const rule = d && d.phase !== 'closed' ? c.definition.deadlines[d.phase] : undefined;
  if (!d || !rule) return undefined;
  return { startedAt: d.startedAt, within: rule.within, remindBefore: rule.remind_before, heldMs: d.heldMs, extensions: d.extensions };
}

export function updateCalendar(c: CaseFile, pinned: PinnedCalendar, actor: string): void {
  c.useCalendar(pinned);
  const now = nowIso();
  const moved: MovedDueTimes = {};
  const d = c.currentDeadline();
  const basis = deadlineBasis(c);
  if (d && basis && !d.breached && d.dueAt > now) {
    const counted = countDeadline(basis, pinned.rules);
    d.dueAt = counted.dueAt;
    if (!d.reminded) d.remindAt = counted.remindAt;
    moved.deadline = { dueAt: d.dueAt, ...(d.remindAt ? { remindAt: d.remindAt } : {}), explain: counted.explain };
  }
  const f = c.pendingFollowUp();
  if (f && !f.madeDueAt && f.dueAt > now) {
    const cadence = c.definition.follow_up.cadence[c.s.risk?.level ?? 'high'];
    const due = explainDue(f.armedAt, cadence, pinned.rules);
    f.dueAt = due.at;
    moved.followUp = { n: f.n, armedAt: f.armedAt, dueAt: f.dueAt, explain: due.text };
  }
  c.record('calendar_updated', actor, { calendar: { key: pinned.key, version: pinned.version }, moved });
}

export function extendDeadline(c: CaseFile, by: string, reason: string, actor: string): void {
  const d = c.currentDeadline();
  const basis = deadlineBasis(c);
  if (!d || !basis) return;
  d.extensions = [...(d.extensions ?? []), by];
  let explain: string;
  if (d.heldMs === undefined) {
    // A deadline of a run begun before kept no time held: it moves from where it is.
    const before = Date.parse(d.dueAt);
    d.dueAt = extendDue(d.dueAt, by, c.calendar);
    if (!d.reminded && d.remindAt) d.remindAt = new Date(Date.parse(d.remindAt) + Date.parse(d.dueAt) - before).toISOString();
    explain = `extended by ${by}: due ${momentIn(d.dueAt, c.calendar)}`;
  } else {
    const counted = countDeadline({ ...basis, extensions: d.extensions }, c.calendar);
    d.dueAt = counted.dueAt;
    if (!d.reminded) d.remindAt = counted.remindAt;
    explain = counted.explain;
  }
  c.record('deadline_extended', actor, { phase: d.phase, by, reason, dueAt: d.dueAt, ...(d.remindAt ? { remindAt: d.remindAt } : {}), explain });
}
