/**
 * Entries the API adds to a case's trail (links, legal holds): through the case's workflow while it
 * runs, so they take their place among its commands, and straight to the read model once it is
 * closed, when no run writes to it any more.
 */
import type { Actor } from '../common/case-types';
import { annotateUpdate } from '../common/messages';
import type { Annotation } from '../common/trail-events';
import { appendToClosedCase, CaseNotClosedError, getCaseRow } from '../store/cases';
import type { Db } from '../store/db';
import type { CaseService } from './case-service';
import { toHttpError } from './error-handler';
import { HttpError, notFound } from './problem';

export function createAnnotator({ db, cases }: { db: Db; cases: CaseService }) {
  return async function annotate(caseId: string, annotation: Annotation, actor: Actor): Promise<void> {
    // A case may close between the look and the write: each way is tried once more the other way.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = await getCaseRow(db, caseId);
      if (!row) throw notFound('the case');
      if (row.status === 'closed') {
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
