/**
 * Part 2: cases opened through `POST /cases` against raw starts of the baseline workflow, same
 * count and concurrency, in alternating rounds. A case's open waits for its first workflow task
 * (the API answers with the opened case), where a raw start returns once the server has the
 * workflow; so raw update-with-start, which waits as the API does, is measured as well.
 */
import { WithStartWorkflowOperation } from '@temporalio/client';
import { ratios } from './commands';
import { BENCH_DEFINITION, intake } from './definition';
import { expectOk } from './http';
import { incrementUpdate, noopWorkflow } from './noop-workflow';
import { alternate } from './rounds';
import type { BenchSystem } from './system';

const ROUNDS = 4;

export async function opensPart(sys: BenchSystem, o: { count: number; concurrency: number }) {
  const run = Date.now().toString(36);
  let n = 0;
  const raw = { server: sys.serverPid, worker: sys.noopWorker.pid, api: sys.api.pid };
  const m = await alternate(ROUNDS, o.concurrency, o.count, {
    api: {
      op: () => expectOk(sys.http.post('/cases', { definition: BENCH_DEFINITION, title: 'Opened by the benchmark', intake }), 'open', 201),
      pids: { ...raw, worker: sys.worker.pid },
    },
    raw: {
      op: () => sys.client.workflow.start(noopWorkflow, { taskQueue: sys.noopQueue, workflowId: `bench-open-${run}-${n++}` }),
      pids: raw,
    },
    rawUpdateWithStart: {
      op: () =>
        sys.client.workflow.executeUpdateWithStart(incrementUpdate, {
          startWorkflowOperation: new WithStartWorkflowOperation(noopWorkflow, {
            taskQueue: sys.noopQueue,
            workflowId: `bench-open-${run}-${n++}`,
            workflowIdConflictPolicy: 'FAIL',
          }),
        }),
      pids: raw,
    },
  });
  for (const [name, s] of Object.entries(m)) console.log(`  ${name}: ${s.perSec}/s, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms`);
  return {
    count: o.count,
    rounds: ROUNDS,
    ...m,
    ratios: { start: ratios(m.api, m.raw), updateWithStart: ratios(m.api, m.rawUpdateWithStart) },
  };
}
