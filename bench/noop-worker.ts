/**
 * The baseline's worker, in its own process as the case worker is: env TEMPORAL_ADDRESS,
 * TASK_QUEUE and WORKFLOW_CACHE_SIZE. Stops on SIGTERM.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { BaselineActivities } from './noop-workflow';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.TASK_QUEUE ?? 'bench-noop',
    workflowsPath: require.resolve('./noop-workflow'),
    activities: { nothing: async () => undefined } satisfies BaselineActivities,
    maxCachedWorkflows: Number(process.env.WORKFLOW_CACHE_SIZE ?? 1000),
  });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
