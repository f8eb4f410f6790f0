import type { ApprovePlanInput, PlanInput } from '../../common/messages';
import { approvePlanUpdate, planUpdate } from '../../common/messages';
import type { Phase } from '../../common/phases';
import type { CaseFile } from '../case-file';
import { routeNewTasks } from '../routing';
import { addTask, cancelOpenTasks } from '../tasks';
import { openChild } from '../children';
import { nextCommand } from '../waiting';

/** Planning: the case manager starts from the risk level's plan template and may change it. */
export async function planning(c: CaseFile): Promise<Phase> {
  const { goals, tasks, actor } = await nextCommand<PlanInput>(c, planUpdate);
  const template = c.planTemplate();
  cancelOpenTasks(c);
  c.record('plan_made', actor.id, { goals: goals ?? [...template.goals], approvalRequired: template.approval });
  const drafts = tasks ?? template.tasks.map((t) => ({ title: t.title, role: t.role, required: t.required, due: t.due, ...(t.requires ? { requires: t.requires } : {}), ...(t.prefers ? { prefers: t.prefers } : {}) }));
  // Durations count from the plan, once; the task keeps their words.
  for (const [i, draft] of drafts.entries()) {
    const taskId = addTask(c, draft, actor.id);
    // Only the template's own tasks open children; a plan given its own tasks names none.
    const child = tasks ? undefined : template.tasks[i].child;
    if (child) await openChild(c, taskId, draft.title, child, actor);
  }
  await routeNewTasks(c, c.s.tasks.map((t) => t.id), 'planning');
  return template.approval ? 'approval' : 'implementation';
}

/** Plan approval, where the definition asks a supervisor to approve plans at this risk level. */
export async function approval(c: CaseFile): Promise<Phase> {
  const { approved = true, reason, actor } = await nextCommand<ApprovePlanInput>(c, approvePlanUpdate);
  if (!approved) {
    c.record('plan_returned', actor.id, { reason });
    return 'planning';
  }
  c.record('plan_approved', actor.id, { reason });
  return 'implementation';
}
