/**
 * Part 2: cases opened through `POST /cases` against raw starts of the baseline workflow, same
 * count and concurrency. A case's open waits for its first workflow task (the API answers with the
 * opened case), where a raw start returns once the server has the workflow; so raw
 * update-with-start, which waits as the API does, is measured as well.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { cpuPerOp, cpuSnapshot } from './anatomy';
import { ratios } from './commands';
import { BENCH_DEFINITION, intake } from './definition';
import { expectOk } from './http';
import { runLanes } from './load';
import { incrementUpdate, noopWorkflow } from './noop-workflow';
import type { BenchSystem } from './system';

export async function opensPart(sys: BenchSystem, o: { count: number; concurrency: number }) {
  const pids = { server: sys.serverPid, worker: sys.worker.pid, api: sys.api.pid };
  let before = cpuSnapshot(pids);
  const api = await runLanes(o.concurrency, o.count, () =>
    expectOk(sys.http.post('/cases', { definition: BENCH_DEFINITION, title: 'Opened by the benchmark', intake }), 'open', 201),
  );
  const apiCpu = cpuPerOp(before, cpuSnapshot(pids), api.count);
  console.log(`  api: ${api.perSec}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms`);

  const run = Date.now().toString(36);
  const rawPids = { ...pids, worker: sys.noopWorker.pid };
  before = cpuSnapshot(rawPids);
  const raw = await runLanes(o.concurrency, o.count, (lane, k) =>
    sys.client.workflow.start(noopWorkflow, { taskQueue: sys.noopQueue, workflowId: `bench-open-${run}-${lane}-${k}` }),
  );
  const rawCpu = cpuPerOp(before, cpuSnapshot(rawPids), raw.count);
  console.log(`  raw start: ${raw.perSec}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);

  const withStart = await runLanes(o.concurrency, o.count, (lane, k) =>
    sys.client.workflow.executeUpdateWithStart(incrementUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation(noopWorkflow, {
        taskQueue: sys.noopQueue,
        workflowId: `bench-open-ws-${run}-${lane}-${k}`,
        workflowIdConflictPolicy: 'FAIL',
      }),
    }),
  );
  console.log(`  raw update-with-start: ${withStart.perSec}/s, p50 ${withStart.p50Ms} ms, p99 ${withStart.p99Ms} ms`);
  return {
    count: o.count,
    api: { ...api, cpuMsPerOpen: apiCpu },
    raw: { ...raw, cpuMsPerOpen: rawCpu },
    rawUpdateWithStart: withStart,
    ratios: { start: ratios(api, raw), updateWithStart: ratios(api, withStart) },
  };
}
