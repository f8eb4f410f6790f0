/**
 * Entries the API adds to a case's trail (links, legal holds): through the case's workflow while it
 * runs, so they take their place among its commands, and straight to the read model once it is
 * closed, when no run writes to it any more.
 */
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../common/case-types';
import { annotateUpdate } from '../common/messages';
import type { Annotation } from '../common/trail-events';
import { appendToClosedCase, CaseNotClosedError, getCaseRow } from '../store/cases';
import type { Db } from '../store/db';
import type { CaseService } from './case-service';
import { toHttpError } from './error-handler';
import { HttpError, notFound } from './problem';

/** Pauses while a closed case's run finishes (it still writes its last notifications and its report). */
const FINISHING_WAIT_MS = [50, 100, 200, 400, 800, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000];

/**
 * Whether the case's workflow has stopped writing: no run of it is running (or none is left). A
 * closed case's run goes on a moment after its closing, and its entries then take the next numbers.
 */
export async function runIsOver(client: Client, id: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(id).describe()).status.name !== 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return true;
    throw err;
  }
}

export async function waitForRunToEnd(client: Client, id: string): Promise<void> {
  for (const pause of [...FINISHING_WAIT_MS, undefined]) {
    if (await runIsOver(client, id)) return;
    if (pause !== undefined) await sleep(pause);
  }
  throw new HttpError(503, 'Busy', `case ${id} is closed but its run is still finishing (sending its last notifications or making its report); send the request again shortly`);
}

export function createAnnotator({ db, cases, client }: { db: Db; cases: CaseService; client: Client }) {
  return async function annotate(caseId: string, annotation: Annotation, actor: Actor): Promise<void> {
    // A case may close between the look and the write: each way is tried once more the other way.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await getCaseRow(db, caseId);
      if (!row) throw notFound('the case');
      if (row.status === 'closed') {
        await waitForRunToEnd(client, caseId);
        try {
          await appendToClosedCase(db, caseId, [{ ...annotation, actor: actor.id }]);
          return;
        } catch (err) {
          if (!(err instanceof CaseNotClosedError)) throw err;
          continue;
        }
      }
      try {
        await cases.command(caseId, annotateUpdate, { annotation }, actor);
        return;
      } catch (err) {
        if (toHttpError(err)?.status !== 409) throw err;
      }
    }
    throw new HttpError(503, 'Busy', `case ${caseId} was closing or reopening while the entry was added; send the request again`);
  };
}

export type Annotator = ReturnType<typeof createAnnotator>;
