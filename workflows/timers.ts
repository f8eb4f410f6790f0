/**
 * What a case waits for by time: the phase deadline's reminder and escalation, the follow-up on
 * the risk level's cadence and its window, task due dates, and the post-transition contact. The
 * case's alarm rings for the earliest (waiting.ts); it is set again only when something falls due
 * before it.
 */
import { patched } from '@temporalio/workflow';
import { nextUrgencyChange } from '../common/urgency';
import { SYSTEM, type CaseFile } from './case-file';
import { nowIso } from './clock';
import { URGENCY_TIMERS_PATCH } from './patches';

export interface Due {
  at: string;
  summary: string;
  fire(): void;
}

function deadlineTimers(c: CaseFile): Due[] {
  const d = c.currentDeadline();
  if (!d) return [];
  const rule = d.phase === 'closed' ? undefined : c.definition.deadlines[d.phase];
  const timers: Due[] = [];
  if (d.remindAt && !d.reminded && !d.breached) {
    timers.push({
      at: d.remindAt,
      summary: `${d.phase} deadline reminder`,
      fire: () => {
        d.reminded = true;
        c.recordAndAnnounce('deadline_near', SYSTEM, { deadline: { phase: d.phase, due: d.dueAt } }, d.phase);
      },
    });
  }
  if (!d.breached) {
    timers.push({
      at: d.dueAt,
      summary: `${d.phase} deadline`,
      fire: () => {
        d.breached = true;
        c.s.breached = true;
        const data = { deadline: { phase: d.phase, due: d.dueAt, escalate_to: rule?.escalate_to } };
        c.recordAndAnnounce('deadline_passed', SYSTEM, data, d.phase);
      },
    });
  }
  return timers;
}

function followUpTimers(c: CaseFile): Due[] {
  const f = c.pendingFollowUp();
  if (!f) return [];
  if (c.s.phase === 'implementation' && !f.madeDueAt) {
    return [{ at: f.dueAt, summary: `follow-up ${f.n} due`, fire: () => makeFollowUpDue(c) }];
  }
  if (c.s.phase === 'follow_up' && !f.escalated) {
    const windowEnds = followUpWindowEnds(c, f.dueAt);
    return [
      {
        at: windowEnds,
        summary: `follow-up ${f.n} window`,
        fire: () => {
          f.escalated = true;
          c.s.breached = true;
          c.record('follow_up_overdue', SYSTEM, { n: f.n, due: f.dueAt, escalate_to: c.definition.follow_up.escalate_to });
        },
      },
    ];
  }
  return [];
}

/** When a follow-up due at `dueAt` and still unrecorded escalates. */
export function followUpWindowEnds(c: CaseFile, dueAt: string): string {
  return c.dueAfter(c.definition.follow_up.window, dueAt);
}

/** A follow-up falls due: by its timer, or early when the plan's required tasks are all done. */
export function makeFollowUpDue(c: CaseFile): void {
  const f = c.pendingFollowUp();
  if (!f || f.madeDueAt) return;
  f.madeDueAt = nowIso();
  if (Date.parse(f.madeDueAt) < Date.parse(f.dueAt)) f.dueAt = f.madeDueAt;
  const windowEnds = followUpWindowEnds(c, f.dueAt);
  c.recordAndAnnounce('follow_up_due', SYSTEM, { follow_up: { n: f.n, due: f.dueAt, window_ends: windowEnds } });
}

function taskTimers(c: CaseFile): Due[] {
  return c.s.tasks
    .filter((t) => t.due && !t.reminded)
    .map((t) => ({
      at: t.due as string,
      summary: `task ${t.id} due`,
      fire: () => {
        t.reminded = true;
        c.record('task_due', SYSTEM, { task: { id: t.id, title: t.title, assignee: t.assignee, role: t.role, due: t.due } });
      },
    }));
}

function contactTimer(c: CaseFile): Due[] {
  const at = c.s.contactDueAt;
  if (!at || c.s.contactDue || c.s.phase !== 'transition') return [];
  return [
    {
      at,
      summary: 'post-transition contact due',
      fire: () => {
        c.s.contactDue = true;
        c.record('contact_due', SYSTEM, { due: at });
      },
    },
  ];
}

/**
 * The next threshold at which the case's urgency changes before its deadline (the deadline's own
 * timer covers the last one). The stored urgency is set again there, so lists sort by it without a
 * clock in SQL.
 */
function urgencyTimer(c: CaseFile): Due[] {
  const dueAt = c.urgencyDeadline();
  const d = c.s.deadline;
  if (!dueAt || !d || d.breached || !patched(URGENCY_TIMERS_PATCH)) return [];
  // Counted from the last threshold passed, not from now: the one whose alarm just rang is still to fire.
  const passed = c.s.urgency?.at;
  const at = nextUrgencyChange(passed && passed > d.startedAt ? passed : d.startedAt, dueAt);
  if (!at || at >= dueAt) return [];
  return [
    {
      at,
      summary: 'urgency threshold',
      fire: () => {
        // The alarm may ring a moment before its time by the workflow's clock: count from the threshold.
        const value = c.urgencyNow(at > nowIso() ? at : nowIso());
        const changed = value !== c.s.urgency?.value;
        c.s.urgency = { value, at };
        if (changed) c.record('urgency_changed', SYSTEM, { urgency: value });
      },
    },
  ];
}

/** The earliest thing the case waits for by time, while it is open and not on hold. */
export function nextDue(c: CaseFile): Due | undefined {
  if (c.s.status !== 'open') return undefined;
  const all = [...deadlineTimers(c), ...followUpTimers(c), ...taskTimers(c), ...contactTimer(c), ...urgencyTimer(c)];
  return all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}
