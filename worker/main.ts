/** `npm run worker`: the worker alone, for deployments that scale it apart from the API. */
import { Runtime } from '@temporalio/worker';
import { loadConfig, smtpUrl } from '../runtime/config';
import { createLogger, temporalLogger } from '../runtime/logger';
import { serveMetrics } from '../runtime/metrics-server';
import { startTracing } from '../runtime/tracing';
import { createMailer } from '../runtime/mailer';
import { connectClient, connectWorker } from '../runtime/temporal';
import { openDb } from '../store/db';
import { createWorker } from './create-worker';
import { workflowBundleFor } from './workflow-bundle';
import { checkReadModelAtStart } from './read-model-start';
import { ensureAbsenceSweepSchedule, ensureRetentionReviewSchedule, ensureWeeklyReportSchedule } from './schedules';
import { freePort } from '../runtime/free-port';
import { runtimeMetricsTelemetry, workerMetrics } from './metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'casework-worker' });
  // Several workers may share a host, so a worker serves metrics only on a port it is given.
  const runtimePort = config.metrics.enabled && config.metrics.port !== undefined ? await freePort() : undefined;
  const tracing = config.tracing.endpoint ? startTracing({ endpoint: config.tracing.endpoint, serviceName: config.tracing.serviceName ?? 'casework-worker' }) : undefined;
  Runtime.install({
    logger: temporalLogger(logger),
    // The runtime's native lines go through the same logger, as JSON, rather than to the console.
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} }, ...(runtimePort ? runtimeMetricsTelemetry(runtimePort) : {}) },
  });
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
    tracing,
  });
  const client = await connectClient(config);
  await ensureRetentionReviewSchedule(client, config);
  await ensureAbsenceSweepSchedule(client, config);
  if (config.reports.emailTo) await ensureWeeklyReportSchedule(client, config);
  const metricsServer = runtimePort && config.metrics.port !== undefined ? await serveMetrics(workerMetrics(runtimePort), config.metrics.port, config.metrics.host) : undefined;
  logger.info({ taskQueue: config.taskQueue, temporal: config.temporal.address ?? 'the local dev server', metricsPort: metricsServer ? config.metrics.port : undefined }, 'worker polling');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  const running = worker.run();
  // Beside the worker: cases a restored read model is behind on are found and brought up to date.
  const checking = config.readModelCheck ? checkReadModelAtStart({ client, db, taskQueue: config.taskQueue, dataDir: config.dataDir, log: logger }) : undefined;
  await running;
  await checking;
  await client.connection.close();
  metricsServer?.close();
  await tracing?.shutdown();
  mailer.close();
  await connection.close();
  await db.destroy();
}

main().catch((err) => {
  createLogger({ level: 'error', name: 'casework-worker' }).fatal({ err }, 'the worker stopped');
  process.exit(1);
});
