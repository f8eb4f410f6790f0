/** Tasks of a case's plan: assigned to a person or a role, with a due time and a reminder. */
import type { TaskDraft } from '../common/messages';
import { durationMs, isDuration } from '../common/duration';
import type { CaseFile } from './case-file';
import { isoIn, nowIso } from './clock';

/** A due time given as an ISO date-time, or as a duration from now such as P3D. */
export function dueFrom(due: string): string {
  return isDuration(due) ? isoIn(durationMs(due)) : new Date(Date.parse(due)).toISOString();
}

export function addTask(c: CaseFile, draft: TaskDraft, actor: string): void {
  const task = {
    id: c.nextId('t'),
    title: draft.title,
    assignee: draft.assignee,
    role: draft.role,
    due: draft.due ? dueFrom(draft.due) : undefined,
    required: draft.required ?? true,
    status: 'open' as const,
    createdAt: nowIso(),
  };
  c.s.tasks.push(task);
  const data = { task: { id: task.id, title: task.title, assignee: task.assignee, role: task.role, due: task.due } };
  c.recordAndAnnounce('task_assigned', actor, data);
  c.wakeTimers();
}

export function completeTask(c: CaseFile, taskId: string, actor: string, outcome?: string, note?: string): void {
  const task = c.s.tasks.find((t) => t.id === taskId);
  if (!task) return;
  Object.assign(task, { status: 'done', outcome, completedAt: nowIso(), completedBy: actor });
  c.record('task_completed', actor, { taskId, outcome, note });
  c.wakeTimers();
}

/** Whether the plan has required tasks and every one is done. */
export function requiredTasksDone(c: CaseFile): boolean {
  const required = c.s.tasks.filter((t) => t.required && t.status !== 'cancelled');
  return required.length > 0 && required.every((t) => t.status === 'done');
}
