/** Holding a case stops its clocks: on resume, every time it waits for moves later by the hold. */
import type { MovedDueTimes } from '../common/trail-events';
import { countDeadline } from '../common/working-time/running';
import type { CaseFile } from './case-file';
import { nowIso } from './clock';

export function holdCase(c: CaseFile, reason: string, actor: string): void {
  c.s.status = 'on_hold';
  c.s.hold = { reason, since: nowIso(), by: actor };
  c.record('case_held', actor, { reason });
}

export function resumeCase(c: CaseFile, actor: string): void {
  const since = c.s.hold?.since ?? nowIso();
  const heldMs = Date.parse(nowIso()) - Date.parse(since);
  const later = (iso: string | undefined) => (iso ? new Date(Date.parse(iso) + heldMs).toISOString() : iso);
  const moved: MovedDueTimes = {};
  const deadline = c.currentDeadline();
  if (deadline) {
    const rule = deadline.phase === 'closed' ? undefined : c.definition.deadlines[deadline.phase];
    let explain: string | undefined;
    // A deadline that kept its time held is counted again from its start; one of a run begun before, which kept none, moves by the hold.
    if (rule && deadline.heldMs !== undefined) {
      deadline.heldMs += heldMs;
      const counted = countDeadline({ startedAt: deadline.startedAt, within: rule.within, remindBefore: rule.remind_before, heldMs: deadline.heldMs, extensions: deadline.extensions }, c.calendar);
      Object.assign(deadline, { dueAt: counted.dueAt, remindAt: counted.remindAt });
      explain = counted.explain;
    } else {
      Object.assign(deadline, { dueAt: later(deadline.dueAt), remindAt: later(deadline.remindAt) });
    }
    moved.deadline = { dueAt: deadline.dueAt, ...(deadline.remindAt ? { remindAt: deadline.remindAt } : {}), ...(explain ? { explain } : {}) };
  }
  const followUp = c.pendingFollowUp();
  if (followUp) {
    Object.assign(followUp, { armedAt: later(followUp.armedAt), dueAt: later(followUp.dueAt) });
    moved.followUp = { n: followUp.n, armedAt: followUp.armedAt, dueAt: followUp.dueAt };
  }
  const tasks = c.s.tasks.filter((t) => t.due);
  for (const task of tasks) task.due = later(task.due);
  if (tasks.length > 0) moved.tasks = tasks.map((t) => ({ id: t.id, due: t.due as string }));
  if (!c.s.contactDue && c.s.contactDueAt) {
    c.s.contactDueAt = later(c.s.contactDueAt);
    moved.contactDueAt = c.s.contactDueAt;
  }
  c.s.status = 'open';
  c.s.hold = undefined;
  c.record('case_resumed', actor, { heldMs, moved });
}
