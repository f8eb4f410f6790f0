/** The portfolio report by e-mail, started by the weekly schedule (worker/schedules.ts). */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { FAILURE_TYPES } from '../common/errors';
import type { PortfolioEmailRequest, PortfolioEmailResult } from '../activities/reports/email';

const { emailPortfolioReport } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A mail server that stays down for hours loses this week's report rather than piling up runs.
  scheduleToCloseTimeout: '6 hours',
  retry: { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30 minutes', nonRetryableErrorTypes: [FAILURE_TYPES.InvalidData] },
});

export async function portfolioReportWorkflow(request: PortfolioEmailRequest): Promise<PortfolioEmailResult> {
  return emailPortfolioReport(request);
}
