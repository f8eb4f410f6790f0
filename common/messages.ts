/**
 * Every message a case workflow understands. The workflow and the API both import these
 * definitions, so no message is ever named by a string anywhere else.
 *
 * Commands that can be refused are updates: their validators reject a command that does not fit
 * the case's phase before it reaches history, and the caller hears why.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseView } from './case-types';

/** Every command carries the authenticated actor, filled in by the API, never by the caller. */
interface Command {
  actor: Actor;
}

export interface ScreenInput extends Command {
  decision: 'accept' | 'reject';
  reason: string;
}

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** Sent with the start of a case: answers once the case has taken its first steps and recorded them. */
export const caseOpenedUpdate = defineUpdate<CaseView, []>('caseOpened');

export const screenUpdate = defineUpdate<CaseView, [ScreenInput]>('screen');
