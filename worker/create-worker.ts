/** Builds the worker that runs case workflows and their activities on one task queue. */
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Worker, type NativeConnection, type WorkerOptions as SdkWorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { Tracing } from '../runtime/tracing';
import { createActivities, type ActivityDeps } from '../activities';
import { BUNDLER_OPTIONS } from './bundler-options';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt workflow bundle (tests share one); by default the workflows are bundled on start. */
  workflowBundle?: WorkflowBundleOption;
  /** Bounds the worker's memory: cases beyond this many are evicted and replayed when they next act. */
  maxCachedWorkflows?: number;
  /** Functions the workflow code may call out to (a bundle's interceptors report through them). */
  sinks?: SdkWorkerOptions['sinks'];
  /** Traces of activities, and of workflows whose bundle carries the tracing interceptors (`npm run bundle -- --tracing`). */
  tracing?: Pick<Tracing, 'resource' | 'spanProcessor'>;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: BUNDLER_OPTIONS }),
    activities: createActivities(options.deps),
    maxCachedWorkflows: options.maxCachedWorkflows,
    sinks: options.tracing ? { ...options.sinks, exporter: makeWorkflowExporter(options.tracing.spanProcessor, options.tracing.resource) } : options.sinks,
    interceptors: options.tracing ? { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] } : undefined,
    // When a worker dies, its cases' tasks wait this long on its own queue before any worker may
    // take them; a short wait lets another worker (or the restarted one) carry on quickly.
    stickyQueueScheduleToStartTimeout: '3s',
  });
}
