/** Activities that keep the read model and the audit trail in step with a case's workflow. */
import { ApplicationFailure } from '@temporalio/common';
import type { LegacyCaseRecord } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import { CaseIdTakenError, saveCaseRecord } from '../store/cases';
import type { Db } from '../store/db';

export function createRecordActivities({ db }: { db: Db }) {
  return {
    /**
     * Writes a change's entries and the case's row; the read model folds the entries into the
     * case's view in the same transaction. Records of runs begun before the fold also carry their
     * whole view, which becomes the base the case's fold starts from; both shapes are taken as long
     * as any running case may have one scheduled.
     *
     * Idempotent: entries already written are skipped, and rows never move back a revision. A case
     * whose id belongs to another case is refused for good: retrying could never succeed.
     */
    async recordCase(record: LegacyCaseRecord): Promise<void> {
      try {
        await saveCaseRecord(db, record.row, record.events, record.writtenAt, record.view, record.origin);
      } catch (err) {
        if (err instanceof CaseIdTakenError) throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.CaseIdTaken);
        throw err;
      }
    },
  };
}
