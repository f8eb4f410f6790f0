/**
 * Which command fits a case now: the one statement of the rules that tie a command to the case's
 * phase and status. The workflow's validators ask it about the state the case keeps; a console
 * asks it about the case's view in the read model. Both shapes have what it looks at.
 *
 * Who may send a command and whether its data is valid are checked beside it, by the validators
 * (roles, forms) and the API (request schemas).
 */
import type { Task } from './case-view';
import type { CaseStatus, Phase, RiskLevel } from './phases';

export const CASE_COMMANDS = [
  'screen',
  'assess',
  'overrideRisk',
  'plan',
  'approvePlan',
  'addTask',
  'completeTask',
  'recordFollowUp',
  'transition',
  'contact',
  'evaluation',
  'addNote',
  'addDocument',
  'assign',
  'routeTask',
  'hold',
  'resume',
  'close',
  'extendDeadline',
  'annotate',
  'moveVersion',
] as const;
export type CaseCommand = (typeof CASE_COMMANDS)[number];

/** What the rules look at: the workflow's state and the read model's view both have it. */
export interface CaseFacts {
  phase: Phase;
  status: CaseStatus;
  risk?: { level: RiskLevel };
  /** The case's tasks; one without a status is open (the workflow keeps only open tasks). */
  tasks: ReadonlyArray<{ id: string; status?: Task['status']; assignee?: string }>;
  /** Set once the transition is recorded. */
  contactDueAt?: string;
  /** The running deadline, as the workflow keeps it. */
  deadline?: { breached: boolean };
  /** Every deadline, as the view lists them; the running one has not ended. */
  deadlines?: ReadonlyArray<{ breached: boolean; endedAt?: string }>;
  assignee?: string;
  /**
   * Ids the case has handed out, where it keeps only its open tasks (the workflow): a task id
   * within them that names no open task was done or cancelled. A task id whose number went to a
   * note is answered the same way.
   */
  ids?: number;
}

/** What a command is aimed at, where the rules depend on it. */
export interface CommandTarget {
  taskId?: string;
  level?: RiskLevel;
  assignee?: string;
}

/** Why a command does not fit: a transition the case cannot make now (409), or data at odds with the case (422). */
export interface Refusal {
  type: 'InvalidTransition' | 'InvalidData';
  message: string;
  /** The request field at fault, for InvalidData. */
  field?: string;
}

interface Rule {
  /** Refused while the case is on hold. */
  active?: boolean;
  phases?: readonly Phase[];
  /** Says which phases fit, in place of the plain sentence. */
  phaseMessage?: (f: CaseFacts) => string;
  check?: (f: CaseFacts, target: CommandTarget) => Refusal | undefined;
}

const transition = (message: string): Refusal => ({ type: 'InvalidTransition', message });
const invalid = (field: string, message: string): Refusal => ({ type: 'InvalidData', field, message });
const isOpen = (t: { status?: Task['status'] }) => (t.status ?? 'open') === 'open';

const RULES: Record<CaseCommand, Rule> = {
  screen: { active: true, phases: ['screening'] },
  assess: { active: true, phases: ['assessment'] },
  overrideRisk: {
    active: true,
    check: (f, { level }) => {
      if (!f.risk) return transition('the case has no risk level until it is assessed');
      if (level !== undefined && level === f.risk.level) return invalid('level', `the risk level is ${level} already`);
      return undefined;
    },
  },
  plan: { active: true, phases: ['planning'] },
  approvePlan: { active: true, phases: ['approval'] },
  addTask: {
    active: true,
    phases: ['approval', 'implementation', 'follow_up'],
    phaseMessage: (f) => `tasks are added once the case has a plan; the case is in ${f.phase}`,
  },
  completeTask: {
    active: true,
    check: (f, { taskId }) => {
      if (taskId === undefined) return f.tasks.some(isOpen) ? undefined : transition('the case has no open task');
      const task = f.tasks.find((t) => t.id === taskId);
      if (task) return isOpen(task) ? undefined : transition(`task ${taskId} is ${task.status} already`);
      const n = /^t(\d+)$/.exec(taskId)?.[1];
      if (f.ids !== undefined && n !== undefined && Number(n) <= f.ids) return transition(`task ${taskId} is not open: it is done, or a new plan cancelled it`);
      return invalid('taskId', `the case has no task '${taskId}'`);
    },
  },
  recordFollowUp: { active: true, phases: ['implementation', 'follow_up'] },
  transition: {
    active: true,
    phases: ['transition'],
    check: (f) => (f.contactDueAt ? transition(`the transition is recorded; the post-transition contact is due at ${f.contactDueAt}`) : undefined),
  },
  contact: { active: true, phases: ['contact'] },
  evaluation: { active: true, phases: ['evaluation'] },
  addNote: {},
  addDocument: {},
  routeTask: {
    check: (f, { taskId, assignee }) => {
      const task = f.tasks.find((t) => t.id === taskId);
      if (!task) return RULES.completeTask.check!(f, { taskId });
      if (!isOpen(task)) return transition(`task ${taskId} is ${task.status} already`);
      if (assignee !== undefined && assignee === task.assignee) return invalid('assignee', `task ${taskId} is assigned to ${assignee} already`);
      if (assignee === undefined && task.assignee === undefined) return invalid('assignee', `task ${taskId} is in its team's queue already`);
      return undefined;
    },
  },
  assign: { check: (f, { assignee }) => (assignee !== undefined && assignee === f.assignee ? invalid('assignee', `the case is assigned to ${assignee} already`) : undefined) },
  hold: { active: true },
  resume: { check: (f) => (f.status === 'on_hold' ? undefined : transition('the case is not on hold')) },
  close: {},
  // How many extensions the definition allows is the workflow's to check, with the definition at hand.
  extendDeadline: {
    active: true,
    check: (f) => {
      const last = f.deadlines?.[f.deadlines.length - 1];
      const running = f.deadline ?? (last && !last.endedAt ? last : undefined);
      if (!running) return transition(`the ${f.phase} phase has no deadline running`);
      return running.breached ? transition(`the ${f.phase} deadline has passed; it stays as it was`) : undefined;
    },
  },
  annotate: {},
  moveVersion: {},
};

/** Why `command` does not fit the case now, or undefined when it does. */
export function commandRefusal(f: CaseFacts, command: CaseCommand, target: CommandTarget = {}): Refusal | undefined {
  const rule = RULES[command];
  if (f.status === 'closed') return transition(`the case is closed; it takes no '${command}'`);
  if (rule.active && f.status === 'on_hold') return transition(`the case is on hold; resume it before '${command}'`);
  if (rule.phases && !rule.phases.includes(f.phase)) {
    return transition(rule.phaseMessage?.(f) ?? `'${command}' fits the ${rule.phases.join(' or ')} phase; the case is in ${f.phase}`);
  }
  return rule.check?.(f, target);
}

/** Routing a task has actions of its own (Get next, claim, release, assign), not a command a case's page offers. */
const OFFERED = CASE_COMMANDS.filter((command) => command !== 'routeTask');

/** Every command that fits the case now, in the order the process names them. */
export function commandsThatFit(f: CaseFacts): CaseCommand[] {
  return OFFERED.filter((command) => commandRefusal(f, command) === undefined);
}
