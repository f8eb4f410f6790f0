/** Activities that keep the read model and the audit trail in step with a case's workflow. */
import { ApplicationFailure } from '@temporalio/common';
import type { CaseRecord } from '../common/case-types';
import { FAILURE_TYPES } from '../common/errors';
import { CaseIdTakenError, saveCaseRecord } from '../store/cases';
import type { Db } from '../store/db';

export function createRecordActivities({ db }: { db: Db }) {
  return {
    /**
     * Idempotent: entries already written are skipped, and rows never move back a revision. A case
     * whose id belongs to another case is refused for good: retrying could never succeed.
     */
    async recordCase(record: CaseRecord): Promise<void> {
      try {
        await saveCaseRecord(db, record.row, record.events, record.writtenAt, record.view, record.origin);
      } catch (err) {
        if (err instanceof CaseIdTakenError) throw ApplicationFailure.nonRetryable(err.message, FAILURE_TYPES.CaseIdTaken);
        throw err;
      }
    },
  };
}
