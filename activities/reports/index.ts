/** The report activity: a case's report is made and stored when the case is evaluated and closed. */
import { ApplicationFailure } from '@temporalio/common';
import type { LegacyCaseView } from '../../common/case-view';
import { FAILURE_TYPES } from '../../common/errors';
import { readFoldedCase } from '../../store/case-reads';
import type { Db } from '../../store/db';
import { fromLegacyView } from '../../store/projection';
import { saveCaseReport } from '../../store/reports';
import { readTrail } from '../../store/trail';
import { computeCaseReport } from '../../reports/case-report';
import type { CaseReport } from '../../reports/types';

/** The case to report on; runs begun before the report was made from the store send their whole view. */
export type CaseReportRequest = { caseId: string } | LegacyCaseView;

export function createReportActivities({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  return {
    /**
     * Made from the read model: the case's view and its trail as recorded, so the case records its
     * latest change before asking. Idempotent: the report is stored by case id, and a retry or a
     * repeat call with the same or a newer revision of the case replaces it.
     */
    async produceCaseReport(request: CaseReportRequest): Promise<CaseReport> {
      const caseId = 'caseId' in request ? request.caseId : request.id;
      const view = (await readFoldedCase(db, caseId)) ?? ('caseId' in request ? undefined : fromLegacyView(request).view);
      if (!view) throw ApplicationFailure.retryable(`case ${caseId} is not in the read model yet`, FAILURE_TYPES.CaseNotRecorded);
      const report = computeCaseReport(view, await readTrail(db, caseId));
      await saveCaseReport(db, report, now().toISOString());
      return report;
    },
  };
}
