/**
 * Temporal Schedules the system keeps: the daily retention review, the hourly absence sweep, and
 * the weekly portfolio report by e-mail, every Monday at 07:00 UTC, when REPORT_EMAIL_TO names who
 * receives it. Safe to call on every start: a schedule that exists already is brought in line
 * with the configuration rather than made twice.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleHandle, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';
import type { Config } from '../runtime/config';
import type { portfolioReportWorkflow } from '../workflows';

export const RETENTION_REVIEW_SCHEDULE_ID = 'daily-retention-review';
/** Every day at 05:00 UTC. */
export const RETENTION_REVIEW_CRON = '0 5 * * *';

/** The daily review that lists closed cases past their definition's retention; made once, brought in line on every start. */
export async function ensureRetentionReviewSchedule(client: Client, config: Pick<Config, 'taskQueue'>): Promise<ScheduleHandle> {
  const spec: ScheduleSpec = { cronExpressions: [RETENTION_REVIEW_CRON] };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: 'retentionReviewWorkflow',
    workflowId: RETENTION_REVIEW_SCHEDULE_ID,
    taskQueue: config.taskQueue,
    args: [],
    workflowExecutionTimeout: '1 day',
  };
  try {
    return await client.schedule.create({
      scheduleId: RETENTION_REVIEW_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { description: 'Lists the closed cases past their retention for review' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(RETENTION_REVIEW_SCHEDULE_ID);
    await handle.update((previous) => ({ ...previous, spec, action }));
    return handle;
  }
}

export const ABSENCE_SWEEP_SCHEDULE_ID = 'hourly-absence-sweep';
/** Every hour on the hour, UTC: an absence begins at 00:00 UTC of its first day, and a sweep missed by an outage is caught up. */
export const ABSENCE_SWEEP_CRON = '0 * * * *';

/** The hourly sweep that hands back the work of people whose absence has begun; made once, brought in line on every start. */
export async function ensureAbsenceSweepSchedule(client: Client, config: Pick<Config, 'taskQueue'>): Promise<ScheduleHandle> {
  const spec: ScheduleSpec = { cronExpressions: [ABSENCE_SWEEP_CRON] };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: 'absenceSweepWorkflow',
    workflowId: ABSENCE_SWEEP_SCHEDULE_ID,
    taskQueue: config.taskQueue,
    args: [],
    workflowExecutionTimeout: '1 hour',
  };
  try {
    return await client.schedule.create({
      scheduleId: ABSENCE_SWEEP_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { description: 'Hands back the open work of people whose absence has begun' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(ABSENCE_SWEEP_SCHEDULE_ID);
    await handle.update((previous) => ({ ...previous, spec, action }));
    return handle;
  }
}

export const WEEKLY_REPORT_SCHEDULE_ID = 'weekly-portfolio-report';
/** Monday, 07:00, in UTC (a schedule's cron reads UTC unless it names a time zone). */
export const WEEKLY_REPORT_CRON = '0 7 * * 1';
const REPORT_DAYS = 7;

export async function ensureWeeklyReportSchedule(
  client: Client,
  config: Pick<Config, 'taskQueue' | 'reports'>,
): Promise<ScheduleHandle | undefined> {
  const to = config.reports.emailTo;
  if (!to) return undefined;
  const spec: ScheduleSpec = { cronExpressions: [WEEKLY_REPORT_CRON] };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: 'portfolioReportWorkflow',
    workflowId: WEEKLY_REPORT_SCHEDULE_ID,
    taskQueue: config.taskQueue,
    args: [{ to, days: REPORT_DAYS }] satisfies Parameters<typeof portfolioReportWorkflow>,
    workflowExecutionTimeout: '1 day',
  };
  try {
    return await client.schedule.create({
      scheduleId: WEEKLY_REPORT_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      memo: { description: 'The portfolio report of the last 7 days, by e-mail' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(WEEKLY_REPORT_SCHEDULE_ID);
    await handle.update((previous) => ({ ...previous, spec, action }));
    return handle;
  }
}
