/**
 * The commands that drive a case, one row each: the path, the update it becomes, and the body it
 * takes, and the roles that may send it (admin always may; the permission table reads them). The
 * routes (api/routes/case-commands.ts) and the API document are made from it.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Actor, CommandAnswer } from '../../common/case-types';
import type { Role } from '../../common/phases';
import * as m from '../../common/messages';
import * as s from './cases';

export interface CaseCommand {
  path: string;
  summary: string;
  roles: readonly Role[];
  update: UpdateDefinition<CommandAnswer, [never]>;
  body: z.ZodType;
  params: z.ZodType;
  args(params: Record<string, string>, body: Record<string, unknown>): Record<string, unknown>;
}

function command<A extends { actor: Actor }, B extends z.ZodType<Partial<Omit<A, 'actor'>>>>(
  path: string,
  summary: string,
  roles: readonly Role[],
  update: UpdateDefinition<CommandAnswer, [A]>,
  body: B,
  args: (params: Record<string, string>, body: z.infer<B>) => Omit<A, 'actor'> = (_p, b) => b as Omit<A, 'actor'>,
  params: z.ZodType = s.caseIdParams,
): CaseCommand {
  return { path, summary, roles, update: update as unknown as CaseCommand['update'], body, params, args: args as CaseCommand['args'] };
}

// Risk overrides are open to case managers here because the definition's `override_role` (supervisor
// by default) decides in the workflow; plan approval is the supervisor's alone.
const MANAGE: Role[] = ['case_manager', 'supervisor'];
const SUPERVISE: Role[] = ['supervisor'];
const WORK: Role[] = ['caseworker', 'case_manager', 'supervisor'];

export const CASE_COMMANDS: CaseCommand[] = [
  command('/cases/:id/screening', 'Accept or screen out a request', MANAGE, m.screenUpdate, s.screeningBody),
  command('/cases/:id/assessment', 'Record the assessment; the risk level follows from it', MANAGE, m.assessUpdate, s.formBody),
  command('/cases/:id/risk', 'Override the risk level, with a reason', MANAGE, m.overrideRiskUpdate, s.riskBody),
  command('/cases/:id/plan', 'Make the plan (goals and tasks); the template applies to what is left out', MANAGE, m.planUpdate, s.planBody),
  command('/cases/:id/plan/approve', 'Approve the plan, or send it back with approved: false', SUPERVISE, m.approvePlanUpdate, s.approveBody),
  command('/cases/:id/tasks', 'Add a task for a person or a role', MANAGE, m.addTaskUpdate, s.taskBody),
  command('/cases/:id/tasks/:taskId/complete', 'Complete a task', WORK, m.completeTaskUpdate, s.completeTaskBody, (p, b) => ({ ...b, taskId: p.taskId }), s.taskParams),
  command('/cases/:id/follow-ups', 'Record a follow-up; its outcome decides where the case goes', MANAGE, m.recordFollowUpUpdate, s.followUpBody),
  command('/cases/:id/transition', 'Record the transition', MANAGE, m.transitionUpdate, s.formBody),
  command('/cases/:id/contact', 'Record the post-transition contact', MANAGE, m.contactUpdate, s.formBody),
  command('/cases/:id/evaluation', 'Record the evaluation; the case then closes', MANAGE, m.evaluationUpdate, s.formBody),
  command('/cases/:id/notes', 'Add a note', WORK, m.addNoteUpdate, s.noteBody),
  command('/cases/:id/assignment', 'Assign the case to someone', MANAGE, m.assignUpdate, s.assignmentBody),
  command('/cases/:id/deadline/extend', "Extend the phase's running deadline, with a reason, as often as the definition allows", SUPERVISE, m.extendDeadlineUpdate, s.extensionBody),
  command('/cases/:id/hold', 'Put the case on hold; its deadlines stop', MANAGE, m.holdUpdate, s.reasonBody),
  command('/cases/:id/resume', 'Resume a case on hold', MANAGE, m.resumeUpdate, s.emptyBody),
  command('/cases/:id/close', 'Withdraw and close the case, with a reason', MANAGE, m.closeUpdate, s.closeBody),
];
