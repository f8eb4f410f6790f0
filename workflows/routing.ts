/**
 * Who works a task and who owns the case: handed to a person or back to the team's queue, each
 * hand with its reason in the trail. Where the definition routes a phase automatically, an
 * activity chooses the person (it needs the directory and everyone's load); its answer is in the
 * case's history, so a replay makes the same choice.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RouteTaskInput } from '../common/messages';
import type { Phase, Role } from '../common/phases';
import { SYSTEM, type CaseFile } from './case-file';
import { ROUTING_PATCH } from './patches';

const { chooseAssignee } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Who may own a case. */
const OWNER_ROLES: Role[] = ['case_manager', 'supervisor'];
const SYSTEM_ACTOR = { id: SYSTEM, roles: [], teams: [] };

export function routeTask(c: CaseFile, { taskId, assignee, reason, actor }: RouteTaskInput): void {
  const task = c.s.tasks.find((t) => t.id === taskId);
  if (!task) return;
  const from = task.assignee;
  task.assignee = assignee;
  c.record('task_routed', actor.id, { taskId, ...(from ? { from } : {}), ...(assignee ? { to: assignee } : {}), reason });
}

const routingOf = (c: CaseFile, phase: Phase) => (phase === 'closed' ? undefined : c.definition.routing?.[phase]);

/** Gives out the new tasks that name no assignee, by the rule of the phase they were made in. */
export async function routeNewTasks(c: CaseFile, taskIds: string[], phase: Phase): Promise<void> {
  const rule = routingOf(c, phase)?.tasks;
  if (rule === undefined || rule === 'queue' || !patched(ROUTING_PATCH)) return;
  for (const taskId of taskIds) {
    const task = c.s.tasks.find((t) => t.id === taskId);
    if (!task || task.assignee) continue;
    const roles: Role[] = task.role ? [task.role] : OWNER_ROLES;
    const choice = await chooseAssignee({ team: c.input.team, rule, kind: 'task', roles, requires: task.requires, prefers: task.prefers });
    if (choice.assignee) routeTask(c, { taskId, assignee: choice.assignee, reason: choice.reason, actor: SYSTEM_ACTOR });
    else c.record('task_routed', SYSTEM, { taskId, reason: choice.reason });
  }
}

/** Gives the case an owner for the phase it has just entered, where the definition says how. */
export async function routeOwner(c: CaseFile, phase: Phase): Promise<void> {
  const rule = routingOf(c, phase)?.owner;
  if (rule === undefined || rule === 'keep' || rule === 'queue' || !patched(ROUTING_PATCH)) return;
  const choice = await chooseAssignee({ team: c.input.team, rule, kind: 'case', roles: OWNER_ROLES });
  if (!choice.assignee || choice.assignee === c.s.assignee) return;
  const from = c.s.assignee;
  c.s.assignee = choice.assignee;
  c.record('case_assigned', SYSTEM, { ...(from ? { from } : {}), to: choice.assignee, reason: choice.reason });
}
