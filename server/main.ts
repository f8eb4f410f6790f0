/** `npm run api`: the API alone, for deployments that scale it apart from the worker. */
import { ensureAdminSignIn } from '../console/auth/first-admin';
import { loadConfig, smtpUrl } from '../runtime/config';
import { createMailer } from '../runtime/mailer';
import { connectClient } from '../runtime/temporal';
import { publishDefinitionFiles } from '../store/publish-definition-files';
import { openDb } from '../store/db';
import { duringStartup } from '../store/startup-lock';
import { createApp } from './app';
import { appOptions } from './app-options';
import { rollOutLatestCalendars } from '../api/calendar-rollout';
import { ensureAdmin } from '../api/auth/ensure-admin';
import { createApiMetrics } from '../api/observability/metrics';
import { createLogger } from '../runtime/logger';
import { serveMetrics } from '../runtime/metrics-server';
import { startTracing } from '../runtime/tracing';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { close, listen } from './listen';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'casework-api' });
  const db = await openDb(config);
  // The first admin's key or sign-in link is shown once, as a line of the log.
  const notice = (line: string) => logger.warn({ notice: 'first-admin' }, line);
  // Processes started together on an empty database make one first admin and one version of each file.
  await duringStartup(db, 'first-admin-and-definitions', async () => {
    await ensureAdmin(db, config, notice);
    await ensureAdminSignIn(db, config.console, notice);
    await publishDefinitionFiles(db, config.definitionsDir);
  });
  const tracing = config.tracing.endpoint ? startTracing({ endpoint: config.tracing.endpoint, serviceName: config.tracing.serviceName ?? 'casework-api' }) : undefined;
  const client = await connectClient(config, tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer: tracing.tracer })] } : undefined);
  // The console's password links go out by e-mail from here; case notifications go from the worker.
  const mailer = createMailer(smtpUrl(config), config.smtp.from);
  const metrics = config.metrics.enabled ? createApiMetrics(db) : undefined;
  // On a port of its own when METRICS_PORT is set, so that only the scraper's network reaches it.
  const metricsServer = metrics && config.metrics.port !== undefined ? await serveMetrics(metrics.registry, config.metrics.port, config.metrics.host) : undefined;
  const app = createApp({ ...appOptions(config, { client, db, mailer }), logger, metrics: metrics && { api: metrics, serveHere: !metricsServer }, tracer: tracing?.tracer });
  const server = await listen(app, config.port, config.host);
  // Move jobs cut short (this or another API process stopped midway) go on by themselves, one process each.
  const moveJobs = app.moveJobs.watch();
  logger.info({ port: config.port, metricsPort: metricsServer ? config.metrics.port : undefined }, `API listening on http://localhost:${config.port}`);
  // Not awaited: the cases take the versions once a worker runs them.
  rollOutLatestCalendars({ client, db, rolloverWaitMs: config.rolloverWaitMs }).then(
    (r) => r.updated.length > 0 && logger.info({ cases: r.updated.length }, 'running cases now count on the newest version of their calendar'),
    (err: unknown) => logger.error({ err }, 'sending running cases the newest version of their calendar failed; restart the API to try again'),
  );
  const stop = async () => {
    metricsServer?.close();
    await close(server);
    await moveJobs.stop();
    mailer.close();
    await client.connection.close();
    await db.destroy();
    await tracing?.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  createLogger({ level: 'error', name: 'casework-api' }).fatal({ err }, 'the API could not start');
  process.exit(1);
});
