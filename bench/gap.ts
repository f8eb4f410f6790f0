/**
 * Part 1b: where a command's cost beyond a raw update goes. The baseline workflow's update is
 * measured with one cost of a case command added at a time (a search attribute upsert, a local
 * activity, both), in alternating rounds at the commands part's concurrency; then, one request at
 * a time on an idle system, a raw update, an API follow-up and an API read, to show the latency a
 * single user sees and what HTTP, the key check and the read model cost on their own.
 */
import { caseInLoop } from './commands';
import { expectOk } from './http';
import { runLanesStrict } from './load';
import { costedIncrementUpdate, costedNoopWorkflow, incrementUpdate, noopWorkflow, type Costs } from './noop-workflow';
import { alternate } from './rounds';
import { timeline } from './timeline';
import type { BenchSystem } from './system';

const ROUNDS = 4;

export interface GapOptions {
  count: number;
  concurrency: number;
  workflows: number;
  /** Requests of each kind sent one at a time. */
  sequential: number;
}

export async function gapPart(sys: BenchSystem, o: GapOptions) {
  const run = Date.now().toString(36);
  const start = async (workflow: typeof noopWorkflow | typeof costedNoopWorkflow, prefix: string) => {
    const ids = Array.from({ length: o.workflows }, (_, i) => `bench-${prefix}-${run}-${i}`);
    await runLanesStrict(o.concurrency, o.workflows, (lane, k) =>
      sys.client.workflow.start(workflow, { taskQueue: sys.noopQueue, workflowId: ids[lane + k * o.concurrency] }),
    );
    return ids;
  };
  const plain = await start(noopWorkflow, 'plain');
  const costed = await start(costedNoopWorkflow, 'costed');
  const target = (ids: string[], lane: number, k: number) => ids[(lane + k * o.concurrency) % ids.length];
  const raw = (lane: number, k: number) => sys.client.workflow.getHandle(target(plain, lane, k)).executeUpdate(incrementUpdate);
  const withCosts = (costs: Costs) => (lane: number, k: number) =>
    sys.client.workflow.getHandle(target(costed, lane, k)).executeUpdate(costedIncrementUpdate, { args: [costs] });
  const pids = { server: sys.serverPid, worker: sys.noopWorker.pid };
  const sides = {
    raw: { op: raw, pids },
    searchAttribute: { op: withCosts({ searchAttribute: true }), pids },
    localActivity: { op: withCosts({ localActivity: true }), pids },
    both: { op: withCosts({ searchAttribute: true, localActivity: true }), pids },
  };
  // Not timed: every workflow cached and every connection open, on all sides alike.
  for (const side of Object.values(sides)) await runLanesStrict(o.concurrency, o.workflows, side.op);
  const measured = await alternate(ROUNDS, o.concurrency, o.count, sides);
  for (const [name, m] of Object.entries(measured)) console.log(`  ${name}: ${m.perSec}/s, p99 ${m.p99Ms} ms, CPU ms server ${m.cpuMsPerOp.server}, worker ${m.cpuMsPerOp.worker}`);

  const caseId = await caseInLoop(sys);
  const one = { raw: plain[0], costed: costed[0] };
  const sequentialSides = {
    rawUpdate: { op: () => sys.client.workflow.getHandle(one.raw).executeUpdate(incrementUpdate), pids },
    rawUpdateWithBoth: { op: () => sys.client.workflow.getHandle(one.costed).executeUpdate(costedIncrementUpdate, { args: [{ searchAttribute: true, localActivity: true }] }), pids },
    apiFollowUp: { op: () => expectOk(sys.http.post(`/cases/${caseId}/follow-ups`, { outcome: 'on_track' }), 'follow-up'), pids: { server: sys.serverPid, worker: sys.worker.pid, api: sys.api.pid } },
    apiRead: { op: () => expectOk(sys.http.get(`/cases/${caseId}`), 'read'), pids: { api: sys.api.pid } },
  };
  const sequential = await alternate(ROUNDS, 1, o.sequential, sequentialSides);
  const p50 = (name: keyof typeof sequential) => sequential[name].p50Ms;
  console.log(`  one at a time, p50 ms: raw update ${p50('rawUpdate')}, with both ${p50('rawUpdateWithBoth')}, api follow-up ${p50('apiFollowUp')}, api read ${p50('apiRead')}`);
  const alone = {
    rawUpdateWithBoth: await timeline(sys.client.workflow.getHandle(one.costed), o.sequential, sequentialSides.rawUpdateWithBoth.op),
    apiFollowUp: await timeline(sys.client.workflow.getHandle(caseId), o.sequential, sequentialSides.apiFollowUp.op),
  };
  for (const [name, t] of Object.entries(alone)) {
    const s = t.p50Ms;
    console.log(`  ${name} alone, p50 ms: in ${s.in}, to a worker ${s.handOver}, the worker's task ${s.workerTask} (its local activity done after ${s.toLocalActivityDone}, then ${s.afterLocalActivity}), back ${s.back} (all ${s.all})`);
  }
  return { count: o.count, concurrency: o.concurrency, rounds: ROUNDS, ...measured, oneAtATime: { count: o.sequential, ...sequential, timeline: alone } };
}
