/** `npm run worker`: the worker alone, for deployments that scale it apart from the API. */
import { loadConfig } from '../runtime/config';
import { connectWorker } from '../runtime/temporal';
import { openDb } from '../store/db';
import { createWorker } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDb(config);
  const connection = await connectWorker(config);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.taskQueue,
    deps: { db },
    maxCachedWorkflows: config.workflowCacheSize,
  });
  console.log(`worker polling task queue '${config.taskQueue}' on ${config.temporal.address ?? 'the local dev server'}`);
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM by default.
  await worker.run();
  await connection.close();
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
