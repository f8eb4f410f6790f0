/**
 * Who works a task and who owns the case: handed to a person or back to the team's queue, each
 * hand with its reason in the trail. Where the definition routes a phase automatically, an
 * activity chooses the person (it needs the directory and everyone's load); its answer is in the
 * case's history, so a replay makes the same choice.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { TaskRoutingRule } from '../common/definition-schema';
import type { RouteTaskInput } from '../common/messages';
import type { Phase, Role } from '../common/phases';
import { SYSTEM, type CaseFile } from './case-file';
import { ADDED_TASK_ROUTING_PATCH, OWNER_TO_QUEUE_PATCH, ROUTING_PATCH } from './patches';

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
  for (const taskId of taskIds) await giveOut(c, taskId, rule);
}

/** A task added to the running case is given out by the rule of the phase it is added in, as a plan's tasks are. */
export async function routeAddedTask(c: CaseFile, taskId: string): Promise<void> {
  const rule = routingOf(c, c.s.phase)?.tasks;
  if (rule === undefined || rule === 'queue' || c.s.tasks.find((t) => t.id === taskId)?.assignee || !patched(ADDED_TASK_ROUTING_PATCH)) return;
  await giveOut(c, taskId, rule);
}

async function giveOut(c: CaseFile, taskId: string, rule: Exclude<TaskRoutingRule, 'queue'>): Promise<void> {
  const task = c.s.tasks.find((t) => t.id === taskId);
  if (!task || task.assignee) return;
  const roles: Role[] = task.role ? [task.role] : OWNER_ROLES;
  const choice = await chooseAssignee({ team: c.input.team, rule, kind: 'task', roles, requires: task.requires, prefers: task.prefers });
  // Someone may have claimed the task, or it may have been done, while the choice was made.
  const still = c.s.tasks.find((t) => t.id === taskId);
  if (!still || still.assignee) return;
  if (choice.assignee) routeTask(c, { taskId, assignee: choice.assignee, reason: choice.reason, actor: SYSTEM_ACTOR });
  else c.record('task_routed', SYSTEM, { taskId, reason: choice.reason });
}

/** Gives the case an owner for the phase it has just entered, where the definition says how. */
export async function routeOwner(c: CaseFile, phase: Phase): Promise<void> {
  const rule = routingOf(c, phase)?.owner;
  if (rule === undefined || rule === 'keep') return;
  if (rule === 'queue') return ownerToQueue(c, phase);
  if (!patched(ROUTING_PATCH)) return;
  const choice = await chooseAssignee({ team: c.input.team, rule, kind: 'case', roles: OWNER_ROLES });
  if (!choice.assignee || choice.assignee === c.s.assignee) return;
  const from = c.s.assignee;
  c.s.assignee = choice.assignee;
  c.record('case_assigned', SYSTEM, { ...(from ? { from } : {}), to: choice.assignee, reason: choice.reason });
}

/** The phase's cases are taken from the team's queue, so the owner the case had gives it back. */
function ownerToQueue(c: CaseFile, phase: Phase): void {
  const from = c.s.assignee;
  if (!from || !patched(OWNER_TO_QUEUE_PATCH)) return;
  c.s.assignee = undefined;
  c.record('case_assigned', SYSTEM, { from, reason: `queue: the case goes back to its team's queue as it enters ${phase}` });
}
