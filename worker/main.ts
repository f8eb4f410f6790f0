/** `npm run worker`: the worker alone, for deployments that scale it apart from the API. */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig, runtimeLogLevel, smtpUrl } from '../runtime/config';
import { createMailer } from '../runtime/mailer';
import { connectClient, connectWorker } from '../runtime/temporal';
import { openDb } from '../store/db';
import { createWorker } from './create-worker';
import { workflowBundleFor } from './workflow-bundle';
import { ensureRetentionReviewSchedule, ensureWeeklyReportSchedule } from './schedules';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(runtimeLogLevel(config)) });
  const db = await openDb(config);
  // Without SMTP_URL, mail goes to the local sink that `npm start` runs on this machine.
  const mailer = createMailer(smtpUrl(config), config.smtp.from);
  const connection = await connectWorker(config);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    deps: { db, mailer },
    maxCachedWorkflows: config.workflowCacheSize,
    workflowBundle: await workflowBundleFor(config),
  });
  const client = await connectClient(config);
  await ensureRetentionReviewSchedule(client, config);
  if (config.reports.emailTo) await ensureWeeklyReportSchedule(client, config);
  await client.connection.close();
  console.log(`worker polling task queue '${config.taskQueue}' on ${config.temporal.address ?? 'the local dev server'}`);
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
  mailer.close();
  await connection.close();
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
