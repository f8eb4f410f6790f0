/**
 * Continuing a case as new once its history is long, between phases or while it waits in one.
 * Rolling over waits on nothing outside Temporal: it writes what is unwritten, answers every
 * command it took, and hands the notifications still owed to the next run, which goes on
 * delivering them. A command that reaches the case meanwhile is refused as busy (see
 * validators.ts) before it reaches history, and the API sends it again.
 */
import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import type { CaseInput } from '../common/case-types';
import type { CaseView } from '../common/case-view';
import type { DefinitionRef } from '../common/definition-schema';
import { SYSTEM, type CaseFile } from './case-file';
import { historySeenTooLong, historyTooLong, noteHistoryLength } from './history-length';
import { deliveriesDone, deliveriesPending, holdDeliveries, owedDeliveries } from './notify';
import { publish } from './publish';
import { QUICK_ROLL_OVER_PATCH } from './patches';

/** The case workflow's signature, named here rather than imported: case-workflow.ts imports this file. */
type CaseWorkflow = (input: CaseInput) => Promise<CaseView>;

/** Whether this run rolls over without waiting, and also while it waits in a phase. */
export const rollsOverQuickly = (): boolean => patched(QUICK_ROLL_OVER_PATCH);

/** Whether the case's history is past its limit (or Temporal suggests continuing as new); not for conditions. */
export const rollOverDue = historyTooLong;

/** The definition by its reference: the next run loads it again, whichever way this run got it. */
function definitionRef({ definition: { key, version, hash } }: CaseInput): DefinitionRef {
  return { key, version, hash };
}

/**
 * Writes until nothing is left unwritten (a delivery may record its outcome while a write is under
 * way), the way a command's change is written: within the workflow task, so the whole roll-over
 * is one task, and the command that set it off is answered as the run continues as new.
 */
async function writeAll(c: CaseFile): Promise<void> {
  for (let revision = -1; revision !== c.s.revision; ) {
    revision = c.s.revision;
    await publish(c, 'answer');
  }
}

/** Continues as new once every command taken is answered; commands meanwhile are refused as busy. */
export async function rollOver(c: CaseFile): Promise<never> {
  c.rollingOver = true;
  if (!rollsOverQuickly()) return rollOverAfterDeliveries(c);
  // What the case announces from here on goes out from its next run; a delivery started here
  // would only be cut short.
  holdDeliveries(c);
  await writeAll(c);
  c.inbox.answerTaken();
  await condition(allHandlersFinished);
  c.record('case_continued', SYSTEM, { historyLength: workflowInfo().historyLength });
  await writeAll(c);
  // Taken after the last write, with no wait in between: a delivery that ends after this point is
  // among those handed over, and the next run records its outcome.
  const owed = owedDeliveries(c);
  return continueAsNew<CaseWorkflow>({ ...c.input, definition: definitionRef(c.input), carried: c.s, owed });
}

/** The roll-over of runs begun before the quick one: every notification goes out first. */
async function rollOverAfterDeliveries(c: CaseFile): Promise<never> {
  await publish(c);
  c.inbox.answerTaken();
  await deliveriesDone(c);
  await publish(c);
  await condition(allHandlersFinished);
  c.record('case_continued', SYSTEM, { historyLength: workflowInfo().historyLength });
  await publish(c);
  return continueAsNew<CaseWorkflow>({ ...c.input, definition: definitionRef(c.input), carried: c.s });
}

/**
 * The case's end: everything written, every command answered, every notification delivered. A
 * case whose history passes its limit while mail is down continues as new meanwhile, still closed,
 * and its next run goes on delivering.
 */
export async function settleForEnd(c: CaseFile): Promise<void> {
  await publish(c);
  c.inbox.answerTaken();
  if (rollsOverQuickly()) {
    noteHistoryLength(c);
    await condition(() => deliveriesPending(c) === 0 || historySeenTooLong(c));
    if (deliveriesPending(c) > 0) await rollOver(c);
  } else {
    await deliveriesDone(c);
  }
  await publish(c);
  await condition(allHandlersFinished);
}
