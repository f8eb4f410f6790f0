/**
 * A workflow interceptor bundled only into the read model's check (worker/read-model-check.ts),
 * never into a live worker's code: while the check replays a case's history, it hands every
 * recording the case makes (its new trail entries and its row) to the check through a sink. A
 * read model restored from before those recordings is given them again, as the case made them.
 */
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import type { LegacyCaseRecord } from '../common/case-types';

export interface RecordCaptureSinks extends Sinks {
  recordCapture: { recorded(record: LegacyCaseRecord): void };
}

const { recordCapture } = proxySinks<RecordCaptureSinks>();

/** The activity that writes a case's recording (activities/record.ts), local or scheduled. */
const RECORD_ACTIVITY = 'recordCase';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleLocalActivity(input, next) {
        if (input.activityType === RECORD_ACTIVITY) recordCapture.recorded(input.args[0] as LegacyCaseRecord);
        return next(input);
      },
      scheduleActivity(input, next) {
        if (input.activityType === RECORD_ACTIVITY) recordCapture.recorded(input.args[0] as LegacyCaseRecord);
        return next(input);
      },
    },
  ],
});
