/** Builds the worker that runs case workflows and their activities on one task queue. */
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { Worker, type BundleOptions, type NativeConnection, type WorkerOptions as SdkWorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import type { Tracing } from '../runtime/tracing';
import { createActivities, type ActivityDeps } from '../activities';

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

/**
 * Libraries the workflow code uses that keep no state of a case: evaluated once per worker thread
 * and shared by every case, instead of once for each case that starts or is replayed (CEL's builds
 * its registry of types and functions as it loads; re2js defines its many classes, and builds the
 * Unicode tables a pattern needs once per thread instead of once per case).
 */
export const PRELOADED_MODULES = ['@marcbachmann/cel-js', 're2js'];

/**
 * The preload's bare `require` of re2js must reach the very module the workflow code imports, and
 * be kept. The package has one build for `require` and another for `import`: the alias sends both
 * to the first. It also declares itself free of side effects, so the bundler would drop an import
 * whose value nobody uses: the rule says otherwise.
 */
type BundlerConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];
const keepPreloadedModules = (config: BundlerConfig): BundlerConfig => ({
  ...config,
  resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string> | undefined), re2js$: require.resolve('re2js') } },
  module: { ...config.module, rules: [...(config.module?.rules ?? []), { test: /[\\/]node_modules[\\/]re2js[\\/]/, sideEffects: true }] },
});

/** How every bundle of the workflow code is made: the worker's, `npm run bundle`'s, the tests'. */
export const BUNDLE_OPTIONS = { preloadModules: PRELOADED_MODULES, webpackConfigHook: keepPreloadedModules } satisfies Partial<BundleOptions>;

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: BUNDLE_OPTIONS }),
    activities: createActivities(options.deps),
    maxCachedWorkflows: options.maxCachedWorkflows,
    sinks: options.tracing ? { ...options.sinks, exporter: makeWorkflowExporter(options.tracing.spanProcessor, options.tracing.resource) } : options.sinks,
    interceptors: options.tracing ? { activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })] } : undefined,
    // When a worker dies, its cases' tasks wait this long on its own queue before any worker may
    // take them; a short wait lets another worker (or the restarted one) carry on quickly.
    stickyQueueScheduleToStartTimeout: '3s',
  });
}
