/**
 * Part 1: follow-ups recorded over HTTP on cases in the implementation loop, against raw updates
 * to the baseline workflow, at the same concurrency over the same number of workflows, in
 * alternating rounds. Lane i owns workflows i, i+lanes, i+2·lanes…, so no workflow ever has two
 * commands in flight.
 */
import { noopWorkflow, incrementUpdate } from './noop-workflow';
import { BENCH_DEFINITION, intake } from './definition';
import { expectOk } from './http';
import { historyLength, perCommand } from './anatomy';
import { laneShare, runLanesStrict, type Stats } from './load';
import { alternate } from './rounds';
import type { BenchSystem } from './system';

export interface CommandsOptions {
  count: number;
  concurrency: number;
  workflows: number;
}

/** Opens a case and brings it to implementation: screening, a low-risk assessment, the template plan. */
export async function caseInLoop(sys: BenchSystem): Promise<string> {
  const { id } = await expectOk(sys.http.post('/cases', { definition: BENCH_DEFINITION, title: 'Benchmark case', intake }), 'open', 201);
  await expectOk(sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' }), 'screening');
  await expectOk(sys.http.post(`/cases/${id}/assessment`, { data: { severity: 1, housing_risk: false } }), 'assessment');
  const view = await expectOk(sys.http.post(`/cases/${id}/plan`, {}), 'plan');
  if (view.phase !== 'implementation') throw new Error(`case ${id} is in ${view.phase}, not implementation`);
  return id;
}

const ROUNDS = 4;

export async function commandsPart(sys: BenchSystem, o: CommandsOptions) {
  if (o.workflows < o.concurrency) throw new Error('every lane needs a workflow of its own');
  const ids: string[] = [];
  const setup = await runLanesStrict(o.concurrency, o.workflows, async (lane, k) => {
    ids[lane + k * o.concurrency] = await caseInLoop(sys);
  });
  console.log(`  ${o.workflows} cases in the implementation loop (${setup.perSec}/s cases, 4 requests each)`);
  const run = Date.now().toString(36);
  const rawIds = Array.from({ length: o.workflows }, (_, i) => `bench-noop-${run}-${i}`);
  await runLanesStrict(o.concurrency, o.workflows, (lane, k) =>
    sys.client.workflow.start(noopWorkflow, { taskQueue: sys.noopQueue, workflowId: rawIds[lane + k * o.concurrency] }),
  );

  // Each lane sends to its own workflows in turn; the first workflow's history tells what one command adds.
  const targetIn = (list: string[]) => (lane: number, k: number) => list[lane + (k % laneShare(o.workflows, o.concurrency, lane)) * o.concurrency];
  const sent = { api: 0, raw: 0 };
  const send = (side: keyof typeof sent, list: string[], command: (id: string) => Promise<unknown>) => (lane: number, k: number) => {
    const id = targetIn(list)(lane, k);
    if (id === list[0]) sent[side]++;
    return command(id);
  };
  const followUp = (id: string) => expectOk(sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'on_track' }), 'follow-up');
  const increment = (id: string) => sys.client.workflow.getHandle(id).executeUpdate(incrementUpdate);
  // A short warm-up, not timed: connections open and workflows cached, on both sides alike.
  await runLanesStrict(o.concurrency, o.concurrency * 2, (lane, k) => followUp(targetIn(ids)(lane, k)));
  await runLanesStrict(o.concurrency, o.concurrency * 2, (lane, k) => increment(targetIn(rawIds)(lane, k)));

  const viewBytes = JSON.stringify(await followUp(ids[0])).length;
  const [firstCase, firstRaw] = [ids[0], rawIds[0]].map((id) => sys.client.workflow.getHandle(id));
  const [caseFrom, rawFrom] = [await historyLength(firstCase), await historyLength(firstRaw)];
  const m = await alternate(ROUNDS, o.concurrency, o.count, {
    api: { op: send('api', ids, followUp), pids: { server: sys.serverPid, worker: sys.worker.pid, api: sys.api.pid } },
    raw: { op: send('raw', rawIds, increment), pids: { server: sys.serverPid, worker: sys.noopWorker.pid, api: sys.api.pid } },
  });
  const api = { ...m.api, viewBytes, perCommand: await perCommand(firstCase, caseFrom, sent.api) };
  const raw = { ...m.raw, perCommand: await perCommand(firstRaw, rawFrom, sent.raw) };
  console.log(`  api: ${api.perSec}/s, p50 ${api.p50Ms} ms, p99 ${api.p99Ms} ms`);
  console.log(`  raw: ${raw.perSec}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
  return { count: o.count, rounds: ROUNDS, api, raw, ratios: ratios(api, raw) };
}

export function ratios(api: Stats, raw: Stats) {
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return { throughput: r(api.perSec / raw.perSec), p99: r(api.p99Ms / raw.p99Ms) };
}
