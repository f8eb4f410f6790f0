/**
 * Every side effect of a case, as Temporal activities. The worker wires in the real dependencies;
 * workflows see only the types (`import type`), never this code.
 */
import type { Mailer } from '../runtime/mailer';
import type { Db } from '../store/db';
import { createCalendarActivities } from './calendars';
import { createDefinitionActivities } from './definitions';
import { createNotificationActivities } from './notifications';
import { createRecordActivities } from './record';
import { createReportActivities } from './reports';
import { createReportEmailActivities } from './reports/email';
import { createRoutingActivities } from './routing';
import { createRetentionActivities } from './retention';
import { createChildActivities } from './children';
import { createAbsenceActivities } from './absences';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  /** Runs once a notification e-mail is on record as sent (tests stop the activity there). */
  afterSend?: (messageId: string) => void | Promise<void>;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createRecordActivities(deps),
    ...createDefinitionActivities(deps),
    ...createCalendarActivities(deps),
    ...createNotificationActivities(deps),
    ...createReportActivities(deps),
    ...createReportEmailActivities(deps),
    ...createRoutingActivities(deps),
    ...createRetentionActivities(deps),
    ...createChildActivities(deps),
    ...createAbsenceActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
