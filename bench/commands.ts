/**
 * Part 1: follow-ups recorded over HTTP on cases in the implementation loop, against raw updates
 * to the baseline workflow, at the same concurrency over the same number of workflows. Lane i owns
 * workflows i, i+lanes, i+2·lanes…, so no workflow ever has two commands in flight.
 */
import { noopWorkflow, incrementUpdate } from './noop-workflow';
import { BENCH_DEFINITION, intake } from './definition';
import { expectOk } from './http';
import { cpuPerOp, cpuSnapshot, historyLength, perCommand, type Pids } from './anatomy';
import { laneShare, runLanes, runLanesStrict, type Stats } from './load';
import type { BenchSystem } from './system';

export interface CommandsOptions {
  count: number;
  concurrency: number;
  workflows: number;
}

/** Opens a case and brings it to implementation: screening, a low-risk assessment, the template plan. */
async function caseInLoop(sys: BenchSystem): Promise<string> {
  const { id } = await expectOk(sys.http.post('/cases', { definition: BENCH_DEFINITION, title: 'Benchmark case', intake }), 'open', 201);
  await expectOk(sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' }), 'screening');
  await expectOk(sys.http.post(`/cases/${id}/assessment`, { data: { severity: 1, housing_risk: false } }), 'assessment');
  const view = await expectOk(sys.http.post(`/cases/${id}/plan`, {}), 'plan');
  if (view.phase !== 'implementation') throw new Error(`case ${id} is in ${view.phase}, not implementation`);
  return id;
}

/**
 * Sends `count` commands, each to its lane's next workflow in turn, after a short warm-up that is
 * not timed (connections open and workflows cached, on both sides alike). The first workflow's
 * history tells what one command adds.
 */
async function measure(sys: BenchSystem, o: CommandsOptions, ids: string[], pids: Pids, send: (id: string) => Promise<unknown>) {
  const target = (lane: number, k: number) => ids[lane + (k % laneShare(o.workflows, o.concurrency, lane)) * o.concurrency];
  await runLanesStrict(o.concurrency, o.concurrency * 2, (lane, k) => send(target(lane, k)));
  const first = sys.client.workflow.getHandle(ids[0]);
  const h0 = await historyLength(first);
  const before = cpuSnapshot(pids);
  let toFirst = 0;
  const stats = await runLanes(o.concurrency, o.count, (lane, k) => {
    const id = target(lane, k);
    if (id === ids[0]) toFirst++;
    return send(id);
  });
  const cpuMsPerCommand = cpuPerOp(before, cpuSnapshot(pids), stats.count);
  return { ...stats, cpuMsPerCommand, perCommand: await perCommand(first, h0, toFirst) };
}

export async function commandsPart(sys: BenchSystem, o: CommandsOptions) {
  if (o.workflows < o.concurrency) throw new Error('every lane needs a workflow of its own');
  const ids: string[] = [];
  const setup = await runLanesStrict(o.concurrency, o.workflows, async (lane, k) => {
    ids[lane + k * o.concurrency] = await caseInLoop(sys);
  });
  console.log(`  ${o.workflows} cases in the implementation loop (${setup.perSec}/s cases, 4 requests each)`);

  const pids = { server: sys.serverPid, worker: sys.worker.pid, api: sys.api.pid };
  const api = await measure(sys, o, ids, pids, (id) => expectOk(sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'on_track' }), 'follow-up'));
  console.log(`  api: ${api.perSec}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms`);

  const run = Date.now().toString(36);
  const rawIds = Array.from({ length: o.workflows }, (_, i) => `bench-noop-${run}-${i}`);
  await runLanesStrict(o.concurrency, o.workflows, (lane, k) =>
    sys.client.workflow.start(noopWorkflow, { taskQueue: sys.noopQueue, workflowId: rawIds[lane + k * o.concurrency] }),
  );
  const rawPids = { server: sys.serverPid, worker: sys.noopWorker.pid, api: sys.api.pid };
  const raw = await measure(sys, o, rawIds, rawPids, (id) => sys.client.workflow.getHandle(id).executeUpdate(incrementUpdate));
  console.log(`  raw: ${raw.perSec}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
  return { count: o.count, api, raw, ratios: ratios(api, raw) };
}

export function ratios(api: Stats, raw: Stats) {
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { throughput: r(api.perSec / raw.perSec), p99: r(api.p99Ms / raw.p99Ms) };
}
