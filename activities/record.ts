/** Activities that keep the read model and the audit trail in step with a case's workflow. */
import type { CaseRecord } from '../common/case-types';
import { saveCaseRecord } from '../store/cases';
import type { Db } from '../store/db';

export function createRecordActivities({ db }: { db: Db }) {
  return {
    /** Idempotent: entries already written are skipped, and rows never move back a revision. */
    async recordCase(record: CaseRecord): Promise<void> {
      await saveCaseRecord(db, record.row, record.events, record.writtenAt, record.view);
    },
  };
}
