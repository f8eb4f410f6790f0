/**
 * How long the case's history is, as last seen by code that history explains: the main flow, a
 * delivery going on after its activity or pause. A wait's condition is evaluated in every
 * activation, also in one that carried only commands the validators refused, which history does
 * not keep: a condition that read the history's length itself could then decide, live, what a
 * replay never decides. Conditions read this instead.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { CaseFile } from './case-file';

/** Past this many history events a case continues as new, carrying its state over. */
export const DEFAULT_HISTORY_LIMIT = 2000;

/** Whether the history is past the case's limit (or Temporal suggests continuing as new), now. */
export function historyTooLong(c: CaseFile): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > (c.input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}

/** Looks at the history's length; call only from code that runs because of an event in history. */
export function noteHistoryLength(c: CaseFile): void {
  c.historySeenTooLong = historyTooLong(c);
}

/** Whether the history was past the limit when code that history explains last looked. */
export const historySeenTooLong = (c: CaseFile): boolean => c.historySeenTooLong;
