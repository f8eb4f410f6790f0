/** `npm run api`: the API alone, for deployments that scale it apart from the worker. */
import { ensureAdminSignIn } from '../console/auth/first-admin';
import { consoleOptions, loadConfig, smtpUrl } from '../runtime/config';
import { createMailer } from '../runtime/mailer';
import { connectClient } from '../runtime/temporal';
import { publishDefinitionFiles } from '../store/publish-definition-files';
import { openDb } from '../store/db';
import { createApp } from './app';
import { rollOutLatestCalendars } from '../api/calendar-rollout';
import { ensureAdmin } from '../api/auth/ensure-admin';
import { close, listen } from './listen';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  await ensureAdmin(db, config);
  await ensureAdminSignIn(db, config.console);
  await publishDefinitionFiles(db, config.definitionsDir);
  const client = await connectClient(config);
  // The console's password links go out by e-mail from here; case notifications go from the worker.
  const mailer = createMailer(smtpUrl(config), config.smtp.from);
  const server = await listen(createApp({ client, db, taskQueue: config.taskQueue, historyLimit: config.caseHistoryLimit, rolloverWaitMs: config.rolloverWaitMs, security: config.security, documents: config.documents, notifyAllowedDomains: config.notifications.allowedDomains, console: consoleOptions(config, mailer) }), config.port, config.host);
  console.log(`API listening on http://localhost:${config.port}`);
  // Not awaited: the cases take the versions once a worker runs them.
  rollOutLatestCalendars({ client, db, rolloverWaitMs: config.rolloverWaitMs }).then(
    (r) => r.updated.length > 0 && console.log(`${r.updated.length} running cases now count on the newest version of their calendar`),
    (err: unknown) => console.error('sending running cases the newest version of their calendar failed; restart the API to try again', err),
  );
  const stop = async () => {
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
