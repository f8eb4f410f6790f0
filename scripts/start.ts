/**
 * `npm start`: the whole system on one machine. Starts Temporal's dev server (unless
 * TEMPORAL_ADDRESS names a cluster), then the worker and the API in this process. Ctrl-C stops the
 * API, lets the worker finish its tasks, then stops the server.
 */
import path from 'node:path';
import fs from 'node:fs';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../server/app';
import { appOptions } from '../server/app-options';
import { createApiMetrics } from '../api/observability/metrics';
import { ensureAdmin } from '../api/auth/ensure-admin';
import { ensureAdminSignIn } from '../console/auth/first-admin';
import { close, listen } from '../server/listen';
import { publishDefinitionFiles } from '../store/publish-definition-files';
import { loadConfig, runtimeLogLevel, smtpUrl } from '../runtime/config';
import { createMailer } from '../runtime/mailer';
import { createSmtpSink, type SmtpSink } from '../runtime/smtp-sink';
import { connectClient, connectWorker } from '../runtime/temporal';
import { openDb } from '../store/db';
import { createWorker } from '../worker/create-worker';
import { workflowBundleFor } from '../worker/workflow-bundle';
import { checkReadModelAtStart } from '../worker/read-model-start';
import { rollOutLatestCalendars } from '../api/calendar-rollout';
import { ensureAbsenceSweepSchedule, ensureRetentionReviewSchedule, ensureWeeklyReportSchedule } from '../worker/schedules';
import { startDevServer, type DevServer } from './dev-server';
import { ensureTemporalCli } from './provision-temporal';

async function main(): Promise<void> {
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Signals are handled here, in order, rather than by the worker's runtime.
  Runtime.install({ shutdownSignals: [], logger: new DefaultLogger(runtimeLogLevel(config)) });

  let devServer: DevServer | undefined;
  if (!config.temporal.address) {
    const cli = ensureTemporalCli();
    console.log(`starting the Temporal dev server (state in ${path.join(config.dataDir, 'temporal.db')})`);
    devServer = await startDevServer({
      cli,
      dbFile: path.join(config.dataDir, 'temporal.db'),
      port: config.temporal.devPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      logFile: path.join(config.dataDir, 'temporal-server.log'),
    });
  }

  const db = await openDb(config);
  await ensureAdmin(db, config);
  await ensureAdminSignIn(db, config.console);
  for (const d of await publishDefinitionFiles(db, config.definitionsDir)) {
    if (d.created) console.log(`published definition ${d.key} version ${d.version}`);
  }
  let sink: SmtpSink | undefined;
  if (!config.smtp.url) {
    // Mail to the local sink goes nowhere else: a console password link is shown here, for the
    // person running this installation to pass on.
    sink = createSmtpSink({ onReceive: (mail) => mail.text.includes('/app/password/') && console.log(`Mail (local sink) to ${mail.to.join(', ')}: ${mail.subject}\n${mail.text.replace(/^/gm, '  ')}`) });
    await sink.start(config.smtp.sinkPort);
  }
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
  const running = worker.run();
  const client = await connectClient(config);
  await ensureRetentionReviewSchedule(client, config);
  await ensureAbsenceSweepSchedule(client, config);
  if (await ensureWeeklyReportSchedule(client, config)) console.log(`weekly portfolio report: Mondays 07:00 UTC to ${config.reports.emailTo}`);
  // Not awaited: a holiday added to a calendar file reaches the running cases while the rest starts.
  rollOutLatestCalendars({ client, db, rolloverWaitMs: config.rolloverWaitMs }).then(
    (r) => r.updated.length > 0 && console.log(`${r.updated.length} running cases now count on the newest version of their calendar`),
    (err: unknown) => console.error('sending running cases the newest version of their calendar failed; restart to try again', err),
  );
  // Not awaited either: cases a restored read model is behind on are found and brought up to date meanwhile.
  const checking = config.readModelCheck ? checkReadModelAtStart({ client, db, taskQueue: config.taskQueue, dataDir: config.dataDir, log: startLog }) : undefined;
  const app = createApp({ ...appOptions(config, { client, db, mailer }), metrics: config.metrics.enabled ? { api: createApiMetrics(db), serveHere: true } : undefined });
  const server = await listen(app, config.port, config.host);
  // Move jobs cut short when the system last stopped go on by themselves.
  const moveJobs = app.moveJobs.watch();

  console.log(`Console:            ${config.console.publicUrl}/app/`);
  console.log(`API:                http://localhost:${config.port}  (try GET /health)`);
  if (devServer) console.log(`Temporal web UI:    http://localhost:${config.temporal.uiPort}`);
  if (sink) console.log(`Mail (local sink):  ${sink.url}  (nothing leaves this machine; see GET /outbox)`);
  console.log('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await close(server);
    await moveJobs.stop();
    worker.shutdown();
    await running;
    await checking;
    mailer.close();
    await sink?.stop();
    await client.connection.close();
    await connection.close();
    await db.destroy();
    await devServer?.stop();
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  running.catch(async (err) => {
    console.error('the worker failed:', err);
    await devServer?.stop();
    process.exit(1);
  });
}

/** The check's lines, as this script prints the rest: one line each, with what it found. */
const startLog = {
  info: (fields: object, message: string) => console.log(`${message} ${JSON.stringify(fields)}`),
  warn: (fields: object, message: string) => console.warn(`${message} ${JSON.stringify(fields)}`),
  error: (fields: object, message: string) => console.error(message, fields),
};

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
