/**
 * What a case waits for by time, in one list its people read: each due time with why, in words,
 * and whether its clock is stopped (the case is on hold) and for what reason. Made from the case's
 * view when it is read, so it is never stale.
 */
import type { CaseClock, CaseView } from './case-view';


type ClockFacts = Pick<CaseView, 'status' | 'hold' | 'deadlines' | 'followUps' | 'tasks' | 'contactDueAt' | 'contactExplain' | 'contactDue'>;

export function caseClocks(v: ClockFacts): CaseClock[] {
  if (v.status === 'closed') return [];
  const stopped = v.status === 'on_hold' && v.hold ? { stopped: { ...v.hold } } : {};
  const clocks: CaseClock[] = [];
  const d = v.deadlines[v.deadlines.length - 1];
  if (d && !d.endedAt) {
    const ext = d.extensions?.length ? { extensions: d.extensions.length } : {};
    clocks.push({ kind: 'deadline', what: `${d.phase} deadline`, dueAt: d.dueAt, ...(d.explain ? { explain: d.explain } : {}), ...stopped, ...(d.breached ? { passed: true } : {}), ...ext });
    if (d.remindAt && !d.reminded && !d.breached) clocks.push({ kind: 'reminder', what: `${d.phase} deadline reminder`, dueAt: d.remindAt, ...stopped });
  }
  const f = v.followUps.find((x) => !x.recordedAt && !x.cancelled);
  if (f) clocks.push({ kind: 'follow_up', what: `follow-up ${f.n}`, dueAt: f.dueAt, ...(f.explain ? { explain: f.explain } : {}), ...stopped, ...(f.escalated ? { passed: true } : {}) });
  for (const t of v.tasks) {
    if (t.status !== 'open' || !t.due) continue;
    clocks.push({ kind: 'task', what: `task ${t.id}: ${t.title}`, dueAt: t.due, ...(t.explain ? { explain: t.explain } : {}), ...stopped, ...(t.reminded ? { passed: true } : {}) });
  }
  if (v.contactDueAt && !v.contactDue) clocks.push({ kind: 'contact', what: 'post-transition contact', dueAt: v.contactDueAt, ...(v.contactExplain ? { explain: v.contactExplain } : {}), ...stopped });
  return clocks.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}
