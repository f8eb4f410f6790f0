/** What the app takes from the configuration: the same for `npm start` and for `npm run api`. */
import type { Client } from '@temporalio/client';
import type { Config } from '../runtime/config';
import type { Db } from '../store/db';
import type { AppDeps } from './app';

export function appOptions(config: Config, { client, db, mailer }: { client: Client; db: Db; mailer: NonNullable<AppDeps['console']>['mailer'] }): AppDeps {
  return {
    client,
    db,
    taskQueue: config.taskQueue,
    historyLimit: config.caseHistoryLimit,
    rolloverWaitMs: config.rolloverWaitMs,
    moveJobLeaseMs: config.moveJobLeaseMs,
    security: config.security,
    documents: config.documents,
    notifyAllowedDomains: config.notifications.allowedDomains,
    // The mailer sends the console's password links.
    console: { publicUrl: config.console.publicUrl, sessionIdleMs: config.console.sessionIdleMinutes * 60_000, mailer },
    trustProxy: config.trustProxy,
  };
}
