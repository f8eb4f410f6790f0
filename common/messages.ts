/**
 * Every message a case workflow understands. The workflow and the API both import these
 * definitions, so no message is ever named by a string anywhere else.
 *
 * Commands that can be refused are updates: their validators reject a command that does not fit
 * the case's phase before it reaches history, and the caller hears why. Each answers once its
 * change is on record, with the revision it reached.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Capability } from './capabilities';
import type { Actor, CommandAnswer, FormData, PinnedCalendar } from './case-types';
import type { Closure, FollowUpOutcome, RiskLevel, Role } from './phases';
import type { Annotation } from './trail-events';
import type { DefinitionRef } from './definition-schema';

/** Every command carries the authenticated actor, filled in by the API, never by the caller. */
interface Command {
  actor: Actor;
}

export interface ScreenInput extends Command {
  decision: 'accept' | 'reject';
  reason: string;
}

export interface FormInput extends Command {
  data: FormData;
}

export interface OverrideRiskInput extends Command {
  level: RiskLevel;
  reason: string;
}

export interface TaskDraft {
  title: string;
  assignee?: string;
  role?: Role;
  /** ISO 8601 date-time, or a duration from now such as P3D or 3 working days. */
  due?: string;
  required?: boolean;
  /** Capabilities whoever takes the task must have, at least at these levels. */
  requires?: Capability[];
  /** Capabilities routing favours among those who may take it. */
  prefers?: Capability[];
}

export interface PlanInput extends Command {
  /** Omitted: the goals of the plan template for the case's risk level. */
  goals?: string[];
  /** Omitted: the tasks of the plan template for the case's risk level. */
  tasks?: TaskDraft[];
}

export interface ApprovePlanInput extends Command {
  /** False sends the plan back to planning. */
  approved?: boolean;
  reason?: string;
}

export interface AddTaskInput extends Command, TaskDraft {}

export interface CompleteTaskInput extends Command {
  taskId: string;
  outcome?: string;
  note?: string;
}

export interface FollowUpInput extends Command {
  outcome: FollowUpOutcome;
  note?: string;
}

export interface NoteInput extends Command {
  text: string;
}

/** A document the API has stored; the case records it in its trail. */
export interface DocumentInput extends Command {
  documentId: string;
  sha256: string;
  size: number;
  fileName: string;
  contentType: string;
  title?: string;
}

export interface AssignInput extends Command {
  assignee: string;
  /** Why, where routing hands the case on (an absence, a deactivation). */
  reason?: string;
}

/** A task handed to a person, or back to its team's queue (no assignee), and why. */
export interface RouteTaskInput extends Command {
  taskId: string;
  assignee?: string;
  reason: string;
}

export interface ReasonInput extends Command {
  reason: string;
}

export type ResumeInput = Command;

/** A newer version of the case's calendar; the case counts its pending due times on it from now. */
export interface CalendarInput extends Command {
  calendar: PinnedCalendar;
}

export interface ExtendDeadlineInput extends Command {
  /** How much later: a duration such as P5D, or working time such as 5 working days. */
  by: string;
  reason: string;
}

/** Moves a running case to a newer version of its definition. */
export interface MoveVersionInput extends Command {
  definition: DefinitionRef;
  reason: string;
}

export interface CloseInput extends ReasonInput {
  /** Withdraws the case's open child cases with it; without it, a case with open children is not closed. */
  withdrawChildren?: boolean;
}

/** From a child case to its parent as the child ends. */
export interface ChildClosedInput {
  caseId: string;
  taskId: string;
  closure: Closure;
}

/** From a parent to its child: the parent closed, withdrawing it. */
export interface WithdrawnByParentInput {
  reason: string;
  by: string;
}

/** An entry the API adds to the trail of a running case (a link, a legal hold), in order with its commands. */
export interface AnnotateInput extends Command {
  annotation: Annotation;
}

/** Sent with the start of a case: answers once the case has taken its first steps and recorded them. */
export const caseOpenedUpdate = defineUpdate<CommandAnswer, []>('caseOpened');

export const screenUpdate = defineUpdate<CommandAnswer, [ScreenInput], 'screen'>('screen');
export const assessUpdate = defineUpdate<CommandAnswer, [FormInput], 'assess'>('assess');
export const overrideRiskUpdate = defineUpdate<CommandAnswer, [OverrideRiskInput], 'overrideRisk'>('overrideRisk');
export const planUpdate = defineUpdate<CommandAnswer, [PlanInput], 'plan'>('plan');
export const approvePlanUpdate = defineUpdate<CommandAnswer, [ApprovePlanInput], 'approvePlan'>('approvePlan');
export const addTaskUpdate = defineUpdate<CommandAnswer, [AddTaskInput], 'addTask'>('addTask');
export const completeTaskUpdate = defineUpdate<CommandAnswer, [CompleteTaskInput], 'completeTask'>('completeTask');
export const recordFollowUpUpdate = defineUpdate<CommandAnswer, [FollowUpInput], 'recordFollowUp'>('recordFollowUp');
export const transitionUpdate = defineUpdate<CommandAnswer, [FormInput], 'transition'>('transition');
export const contactUpdate = defineUpdate<CommandAnswer, [FormInput], 'contact'>('contact');
export const evaluationUpdate = defineUpdate<CommandAnswer, [FormInput], 'evaluation'>('evaluation');
export const addNoteUpdate = defineUpdate<CommandAnswer, [NoteInput], 'addNote'>('addNote');
export const addDocumentUpdate = defineUpdate<CommandAnswer, [DocumentInput], 'addDocument'>('addDocument');
export const assignUpdate = defineUpdate<CommandAnswer, [AssignInput], 'assign'>('assign');
export const routeTaskUpdate = defineUpdate<CommandAnswer, [RouteTaskInput], 'routeTask'>('routeTask');
export const holdUpdate = defineUpdate<CommandAnswer, [ReasonInput], 'hold'>('hold');
export const resumeUpdate = defineUpdate<CommandAnswer, [ResumeInput], 'resume'>('resume');
export const useCalendarUpdate = defineUpdate<CommandAnswer, [CalendarInput], 'useCalendar'>('useCalendar');
export const extendDeadlineUpdate = defineUpdate<CommandAnswer, [ExtendDeadlineInput], 'extendDeadline'>('extendDeadline');
export const closeUpdate = defineUpdate<CommandAnswer, [CloseInput], 'close'>('close');
export const childClosedSignal = defineSignal<[ChildClosedInput]>('childClosed');
export const withdrawnByParentSignal = defineSignal<[WithdrawnByParentInput]>('withdrawnByParent');
export const moveVersionUpdate = defineUpdate<CommandAnswer, [MoveVersionInput], 'moveVersion'>('moveVersion');
export const annotateUpdate = defineUpdate<CommandAnswer, [AnnotateInput], 'annotate'>('annotate');
