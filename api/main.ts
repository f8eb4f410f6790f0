/** `npm run api`: the API alone, for deployments that scale it apart from the worker. */
import { ensureAdminSignIn } from '../console/auth/first-admin';
import { consoleOptions, loadConfig, smtpUrl } from '../runtime/config';
import { createMailer } from '../runtime/mailer';
import { connectClient } from '../runtime/temporal';
import { publishDefinitionFiles } from '../store/publish-definition-files';
import { openDb } from '../store/db';
import { createApp } from './app';
import { ensureAdmin } from './auth/ensure-admin';
import { close, listen } from './server';
import { createApiMetrics } from './observability/metrics';
import { createLogger } from '../runtime/logger';
import { serveMetrics } from '../runtime/metrics-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'casework-api' });
  const db = await openDb(config);
  await ensureAdmin(db, config);
  await ensureAdminSignIn(db, config.console);
  await publishDefinitionFiles(db, config.definitionsDir);
  const client = await connectClient(config);
  // The console's password links go out by e-mail from here; case notifications go from the worker.
  const mailer = createMailer(smtpUrl(config), config.smtp.from);
  const metrics = config.metrics.enabled ? createApiMetrics(db) : undefined;
  // On a port of its own when METRICS_PORT is set, so that only the scraper's network reaches it.
  const metricsServer = metrics && config.metrics.port !== undefined ? await serveMetrics(metrics.registry, config.metrics.port, config.metrics.host) : undefined;
  const app = createApp({ client, db, taskQueue: config.taskQueue, historyLimit: config.caseHistoryLimit, rolloverWaitMs: config.rolloverWaitMs, security: config.security, documents: config.documents, notifyAllowedDomains: config.notifications.allowedDomains, console: consoleOptions(config, mailer), logger, metrics: metrics && { api: metrics, serveHere: !metricsServer }, trustProxy: config.trustProxy });
  const server = await listen(app, config.port, config.host);
  logger.info({ port: config.port, metricsPort: metricsServer ? config.metrics.port : undefined }, `API listening on http://localhost:${config.port}`);
  const stop = async () => {
    metricsServer?.close();
    await close(server);
    mailer.close();
    await client.connection.close();
    await db.destroy();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
