/**
 * One real Temporal dev server and one workflow bundle for the whole test run, started on first
 * use; each test system then runs its own worker on its own task queue.
 */
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { CASE_SEARCH_ATTRIBUTES } from '../../common/search-attributes';
import { BUNDLER_OPTIONS } from '../../worker/bundler-options';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { RECORD_CAPTURE_MODULE } from '../../worker/read-model-check';
import { ensureTemporalCli, ensureTestServer } from '../../scripts/provision-temporal';
import { temporalLogger } from '../../runtime/logger';
import { testLogger } from './log-capture';

let env: Promise<TestWorkflowEnvironment> | undefined;
let timeSkipping: Promise<TestWorkflowEnvironment> | undefined;
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function quietRuntime(): void {
  try {
    Runtime.install({ logger: temporalLogger(testLogger('casework-worker')) });
  } catch {
    // already installed by an earlier file
  }
}

/** A local dev server with the case search attributes, from the provisioned CLI. */
export function getEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  env ??= TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: ensureTemporalCli() },
      searchAttributes: CASE_SEARCH_ATTRIBUTES,
      extraArgs: ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'],
    },
  });
  return env;
}

/**
 * Temporal's time-skipping test server, for tests whose point is time passing: `env.sleep('3 days')`
 * moves the server's clock and fires every timer due meanwhile at once. It has no schedules,
 * deletion or visibility list queries; those tests stay on the dev server.
 */
export function getTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  timeSkipping ??= (async () => {
    const path = ensureTestServer();
    if (!path) throw new Error('the time-skipping test server could not be installed (see the output above)');
    const ts = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
    // The test server takes no search attributes on its command line; the operator service adds them.
    await ts.connection.operatorService.addSearchAttributes({
      namespace: ts.namespace ?? 'default',
      searchAttributes: Object.fromEntries(CASE_SEARCH_ATTRIBUTES.map((k) => [k.name, temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${k.type}`]])),
    });
    return ts;
  })();
  return timeSkipping;
}

export function getBundle(): Promise<WorkflowBundleWithSourceMap> {
  // The tests' bundle measures what cases send (payload-probe.ts); workers report it through their sinks.
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [require.resolve('./payload-probe')], ...BUNDLER_OPTIONS, logger: new DefaultLogger('WARN') });
  return bundle;
}

let checkBundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The code the read model's check replays cases with, as `npm run bundle -- --record-capture` makes it. */
export function getReadModelCheckBundle(): Promise<WorkflowBundleWithSourceMap> {
  checkBundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [RECORD_CAPTURE_MODULE], ...BUNDLER_OPTIONS, logger: new DefaultLogger('WARN') });
  return checkBundle;
}

export async function teardownEnvs(): Promise<void> {
  for (const e of [env, timeSkipping]) {
    if (e) await (await e.catch(() => undefined))?.teardown();
  }
  env = timeSkipping = undefined;
}
