/** The report activity: a case's report is made and stored when the case reaches evaluation. */
import type { CaseView } from '../../common/case-types';
import type { Db } from '../../store/db';
import { saveCaseReport } from '../../store/reports';
import { readTrail } from '../../store/trail';
import { computeCaseReport } from '../../reports/case-report';
import type { CaseReport } from '../../reports/types';

export function createReportActivities({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  return {
    /**
     * Idempotent: the report is stored by case id, and a retry or a repeat call with the same or a
     * newer revision of the case replaces it. Reads the trail as recorded so far, so the case
     * should record its latest change before asking for its report.
     */
    async produceCaseReport(view: CaseView): Promise<CaseReport> {
      const report = computeCaseReport(view, await readTrail(db, view.id));
      await saveCaseReport(db, report, now().toISOString());
      return report;
    },
  };
}
