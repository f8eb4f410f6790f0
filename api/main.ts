/** `npm run api`: the API alone, for deployments that scale it apart from the worker. */
import { loadConfig } from '../runtime/config';
import { connectClient } from '../runtime/temporal';
import { publishDefinitionFiles } from '../definitions/publish-files';
import { openDb } from '../store/db';
import { createApp } from './app';
import { ensureAdmin } from './auth/ensure-admin';
import { close, listen } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  await ensureAdmin(db, config);
  await publishDefinitionFiles(db, config.definitionsDir);
  const client = await connectClient(config);
  const server = await listen(createApp({ client, db, taskQueue: config.taskQueue, historyLimit: config.caseHistoryLimit, rolloverWaitMs: config.rolloverWaitMs, security: config.security, documents: config.documents }), config.port, config.host);
  console.log(`API listening on http://localhost:${config.port}`);
  const stop = async () => {
    await close(server);
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
