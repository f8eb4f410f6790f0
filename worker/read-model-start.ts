/**
 * The read model's check as a worker runs it when it starts (READ_MODEL_CHECK, on by default):
 * beside the worker, never delaying it, and never stopping it when the check itself fails.
 */
import type { Client } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Db } from '../store/db';
import { checkReadModel, type CheckLog, type ReadModelCheckResult } from './read-model-check';
import { readModelCheckBundleFor } from './workflow-bundle';

export interface StartCheckOptions {
  client: Client;
  db: Db;
  taskQueue: string;
  dataDir: string;
  log: CheckLog & { error(fields: object, message: string): void };
  /** The code to replay with; bundled into DATA_DIR when not given. */
  workflowBundle?: WorkflowBundleOption;
}

export async function checkReadModelAtStart(options: StartCheckOptions): Promise<ReadModelCheckResult | undefined> {
  try {
    const { workflowBundle } = options;
    return await checkReadModel({ ...options, workflowBundle: workflowBundle ?? (() => readModelCheckBundleFor(options)), repair: true });
  } catch (err) {
    options.log.error({ err }, 'the read model could not be checked against the case workflows; run npm run read-model:check');
    return undefined;
  }
}
