/** The hourly absence sweep, started by its schedule (worker/schedules.ts): hands back the work of absences that have begun. */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { handBackBegunAbsences } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function absenceSweepWorkflow(): Promise<{ absences: number; tasks: number; cases: number }> {
  return handBackBegunAbsences();
}
