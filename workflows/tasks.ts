/** Tasks of a case's plan: assigned to a person or a role, with a due time and a reminder. */
import type { TaskDraft } from '../common/messages';
import { isDuration } from '../common/duration';
import { isWorkingTime } from '../common/working-time/span';
import { SYSTEM, type CaseFile } from './case-file';

/** A due time given as an ISO date-time, or as a duration from now such as P3D or 3 working days, with its reason in words. */
export function dueFrom(c: CaseFile, due: string): { at: string; explain?: string } {
  if (!isDuration(due) && !isWorkingTime(due)) return { at: new Date(Date.parse(due)).toISOString() };
  const { at, text } = c.dueIn(due);
  return { at, explain: text };
}

export function addTask(c: CaseFile, draft: TaskDraft, actor: string): string {
  const due = draft.due ? dueFrom(c, draft.due) : undefined;
  const task = {
    id: c.nextId('t'),
    title: draft.title,
    assignee: draft.assignee,
    role: draft.role,
    due: due?.at,
    required: draft.required ?? true,
    ...(draft.requires?.length ? { requires: draft.requires } : {}),
    ...(draft.prefers?.length ? { prefers: draft.prefers } : {}),
  };
  c.s.tasks.push(task);
  c.recordAndAnnounce('task_assigned', actor, { task: { ...task, ...(due?.explain ? { explain: due.explain } : {}) } });
  c.wakeTimers();
  return task.id;
}

export function completeTask(c: CaseFile, taskId: string, actor: string, outcome?: string, note?: string): void {
  const task = c.s.tasks.find((t) => t.id === taskId);
  if (!task) return;
  c.s.tasks = c.s.tasks.filter((t) => t !== task);
  if (task.required) c.s.requiredDone++;
  c.record('task_completed', actor, { taskId, outcome, note });
  c.wakeTimers();
}

/** A new plan replaces the open tasks of the one before. */
export function cancelOpenTasks(c: CaseFile): void {
  for (const task of c.s.tasks) c.record('task_cancelled', SYSTEM, { taskId: task.id });
  c.s.tasks = [];
}

/** Whether the plan has required tasks and every one is done. */
export function requiredTasksDone(c: CaseFile): boolean {
  return c.s.requiredDone > 0 && !c.s.tasks.some((t) => t.required);
}
