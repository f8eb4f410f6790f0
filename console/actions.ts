/**
 * The commands a case page offers, one row each: the command of common/command-fit.ts it sends,
 * the API route it shares (its roles in the permission table, its request schema, its update),
 * and the form that asks for its body, made of fields the one form renderer draws. Whether an
 * action shows is decided by the command-fit function over the case's view and by the permission
 * table, never by a rule of the console's own.
 */
import type { CaseView } from '../common/case-view';
import type { CaseCommand } from '../common/command-fit';
import type { Definition } from '../common/definition-schema';
import { FOLLOW_UP_OUTCOMES, RISK_LEVELS, ROLES, type Role } from '../common/phases';
import { normalizeForm, type FormField } from '../definitions/forms';
import { CASE_COMMANDS as API_COMMANDS, type CaseCommand as ApiCommand } from '../api/schemas/case-commands';
import type { FieldValues, RenderField } from './templates/form-fields';
import { humanize } from './templates/words';

export interface ActionContext {
  view: CaseView;
  definition: Definition;
  /** The people the case may be assigned to by this person. */
  assignees: Array<{ value: string; label: string }>;
}

export interface CaseAction {
  command: CaseCommand;
  /** The API route's path, e.g. `/cases/:id/screening`; the page posts to `/app` + it. */
  path: string;
  /** Names the form, and heads it. */
  title: string;
  button: string;
  fields: (ctx: ActionContext) => RenderField[];
  /** What the form shows before anything is typed. */
  initial?: (ctx: ActionContext) => FieldValues;
  /** The API's request body from what the form posted, by the fields. */
  body?: (posted: FieldValues, fields: ReadonlyArray<RenderField>) => Record<string, unknown>;
  /** Actions that change the phase come first on the page. */
  moves?: boolean;
}

const reasonField = (help?: string): RenderField => ({ name: 'reason', type: 'text', label: 'Reason', required: true, max: 2000, ...(help ? { help } : {}) });
const formOf = (name: keyof Definition['forms']) => (ctx: ActionContext): RenderField[] => [...(ctx.definition.forms[name] ?? [])];
const asData = (posted: FieldValues, fields: ReadonlyArray<FormField>) => ({ data: normalizeForm(fields, posted) });
const choices = (values: readonly string[], label: (v: string) => string = humanize) => ({ values: [...values], options: values.map((v) => ({ value: v, label: label(v) })) });

const WORKING_ROLES: Role[] = ROLES.filter((r) => r === 'caseworker' || r === 'case_manager' || r === 'supervisor');
const TASK_HELP =
  "One task a line: its title; then, after a |, the role it is left to (caseworker, case_manager or supervisor); then, after a |, when it is due (a date such as 2026-06-30, or a time from now such as P7D); and '| optional' for a task the follow-up need not wait for";

const lines = (text: string | undefined) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** A plan's tasks as the form shows them, one a line. */
export const taskLine = (t: { title: string; role?: string; due?: string; required?: boolean }) => [t.title, t.role ?? '', t.due ?? '', t.required === false ? 'optional' : ''].join(' | ').replace(/( \| )+$/, '');

function planBody(posted: FieldValues): Record<string, unknown> {
  const tasks = lines(posted.tasks).map((line) => {
    const [title, role, due, optional] = line.split('|').map((p) => p.trim());
    return { title, ...(role ? { role } : {}), ...(due ? { due } : {}), ...(optional?.toLowerCase() === 'optional' ? { required: false } : {}) };
  });
  return { goals: lines(posted.goals), tasks };
}

/** A day typed in a date input stands for the end of that day, as a due time. */
const dueOf = (day: string | undefined) => (day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59Z` : day || undefined);

export const CASE_ACTIONS: readonly CaseAction[] = [
  {
    command: 'screen',
    path: '/cases/:id/screening',
    title: 'Screening decision',
    button: 'Record the screening decision',
    moves: true,
    fields: () => [{ name: 'decision', type: 'enum', label: 'Decision', required: true, ...choices(['accept', 'reject'], (v) => (v === 'accept' ? 'Accept' : 'Screen out')) }, reasonField()],
  },
  { command: 'assess', path: '/cases/:id/assessment', title: 'Assessment', button: 'Record the assessment', moves: true, fields: formOf('assessment'), body: asData },
  {
    command: 'plan',
    path: '/cases/:id/plan',
    title: 'Plan',
    button: 'Make the plan',
    moves: true,
    fields: () => [
      { name: 'goals', type: 'text', label: 'Goals', help: 'One goal a line', required: false },
      { name: 'tasks', type: 'text', label: 'Tasks', help: TASK_HELP, required: false },
    ],
    initial: ({ view }) => ({ goals: (view.proposedPlan?.goals ?? []).join('\n'), tasks: (view.proposedPlan?.tasks ?? []).map(taskLine).join('\n') }),
    body: planBody,
  },
  {
    command: 'approvePlan',
    path: '/cases/:id/plan/approve',
    title: 'Plan approval',
    button: 'Record the approval decision',
    moves: true,
    fields: () => [
      { name: 'approved', type: 'boolean', label: 'Approve the plan', help: 'No sends it back to planning', required: true },
      { name: 'reason', type: 'text', label: 'Reason', required: false, max: 2000 },
    ],
  },
  {
    command: 'recordFollowUp',
    path: '/cases/:id/follow-ups',
    title: 'Follow-up',
    button: 'Record the follow-up',
    moves: true,
    fields: () => [
      {
        name: 'outcome',
        type: 'enum',
        label: 'Outcome',
        required: true,
        help: 'On track goes on with the plan; the others move the case',
        ...choices(FOLLOW_UP_OUTCOMES, (v) => ({ on_track: 'On track', replan: 'Make a new plan', reassess: 'Assess again', goals_met: 'Goals met' })[v] ?? humanize(v)),
      },
      { name: 'note', type: 'text', label: 'Note', required: false, max: 5000 },
    ],
  },
  { command: 'transition', path: '/cases/:id/transition', title: 'Transition', button: 'Record the transition', moves: true, fields: formOf('transition'), body: asData },
  { command: 'contact', path: '/cases/:id/contact', title: 'Post-transition contact', button: 'Record the contact', moves: true, fields: formOf('contact'), body: asData },
  { command: 'evaluation', path: '/cases/:id/evaluation', title: 'Evaluation', button: 'Record the evaluation and close the case', moves: true, fields: formOf('evaluation'), body: asData },
  {
    command: 'overrideRisk',
    path: '/cases/:id/risk',
    title: 'Risk override',
    button: 'Override the risk level',
    fields: ({ view }) => [{ name: 'level', type: 'enum', label: 'New risk level', required: true, ...choices(RISK_LEVELS.filter((l) => l !== view.risk?.level)) }, reasonField()],
  },
  {
    command: 'addTask',
    path: '/cases/:id/tasks',
    title: 'New task',
    button: 'Add the task',
    fields: ({ assignees }) => [
      { name: 'title', type: 'string', label: 'Task', required: true, max: 500 },
      { name: 'assignee', type: 'enum', label: 'For', required: false, blank: 'Nobody in particular', values: assignees.map((a) => a.value), options: assignees },
      { name: 'role', type: 'enum', label: 'Or left to the role', required: false, blank: 'No role', ...choices(WORKING_ROLES) },
      { name: 'due', type: 'date', label: 'Due by', required: false },
    ],
    body: (posted) => {
      const { due, ...rest } = posted;
      return { ...normalizeForm([{ name: 'title', type: 'string' }, { name: 'assignee', type: 'string' }, { name: 'role', type: 'string' }], rest), ...(dueOf(due) ? { due: dueOf(due) } : {}) };
    },
  },
  { command: 'addNote', path: '/cases/:id/notes', title: 'New note', button: 'Add the note', fields: () => [{ name: 'text', type: 'text', label: 'Note', required: true, max: 10_000 }] },
  {
    command: 'assign',
    path: '/cases/:id/assignment',
    title: 'Assignment',
    button: 'Assign the case',
    fields: ({ assignees }) => [{ name: 'assignee', type: 'enum', label: 'Assign to', required: true, values: assignees.map((a) => a.value), options: assignees }],
  },
  {
    command: 'extendDeadline',
    path: '/cases/:id/deadline/extend',
    title: 'Extend the deadline',
    button: 'Extend the deadline',
    fields: () => [
      { name: 'by', type: 'string', label: 'By how much', required: true, max: 100, help: 'A duration such as P5D, or working time such as 5 working days' },
      reasonField('Recorded with the extension, in the trail and the case report'),
    ],
  },
  { command: 'hold', path: '/cases/:id/hold', title: 'Hold', button: 'Put the case on hold', fields: () => [reasonField('Deadlines and follow-ups stop while the case is on hold')] },
  { command: 'resume', path: '/cases/:id/resume', title: 'Resume', button: 'Resume the case', fields: () => [] },
  { command: 'close', path: '/cases/:id/close', title: 'Withdraw and close', button: 'Close the case', fields: () => [reasonField()] },
];

/** The task-completing command: a button beside each task rather than a form of its own. */
export const COMPLETE_TASK_PATH = '/cases/:id/tasks/:taskId/complete';

/** The API command row of an action: its roles, body schema, update and arguments. */
export function apiCommandOf(path: string): ApiCommand {
  const row = API_COMMANDS.find((c) => c.path === path);
  if (!row) throw new Error(`no API command has the path ${path}; the console's actions follow the API's`);
  return row;
}

export const pagePath = (path: string, params: Record<string, string>) => `/app${path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''))}`;

/** The API's body for an action, from the text its form posted. */
export function actionBody(action: CaseAction, fields: ReadonlyArray<RenderField>, posted: FieldValues): Record<string, unknown> {
  return action.body ? action.body(posted, fields) : normalizeForm(fields, posted);
}

/** The form field an error of the API's body is about: `data.severity` → `severity`, `tasks.1.role` → `tasks`. */
export function formFieldOf(apiField: string, fields: ReadonlyArray<RenderField>): string {
  const parts = apiField.replace(/^body\./, '').split('.');
  const name = parts[0] === 'data' && parts.length > 1 ? parts[1] : parts[0];
  return fields.some((f) => f.name === name) ? name : (fields[0]?.name ?? name);
}
