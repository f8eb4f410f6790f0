/** The daily retention review, started by its schedule (worker/schedules.ts): lists the cases past retention for an approver. */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { listCasesForRetentionReview } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export async function retentionReviewWorkflow(): Promise<{ listed: number; caseIds: string[] }> {
  return listCasesForRetentionReview();
}
