/**
 * Part 3: many open cases parked on durable follow-up timers, and what the worker and the server
 * hold in memory for them. Each case is opened with intake the definition's referral rule accepts
 * by itself, then assessed at low risk and given the template plan: three requests, after which it
 * sits in implementation with its follow-up a month away.
 */
import { BENCH_DEFINITION, referredIntake } from './definition';
import { expectOk } from './http';
import { runLanesStrict } from './load';
import { peakRssMb, rssMb } from './procs';
import type { BenchSystem } from './system';

const mb = (n: number) => Math.round(n);
// V8 collects the garbage of a busy stretch only once the process has been idle a while: memory is
// sampled this often while the worker idles, and the figure is the last sample (the first is kept too).
const SAMPLE_MS = 5_000;

async function park(sys: BenchSystem): Promise<void> {
  const { id } = await expectOk(sys.http.post('/cases', { definition: BENCH_DEFINITION, title: 'Parked case', intake: referredIntake }), 'open', 201);
  await expectOk(sys.http.post(`/cases/${id}/assessment`, { data: { severity: 1, housing_risk: false } }), 'assessment');
  const view = await expectOk(sys.http.post(`/cases/${id}/plan`, {}), 'plan');
  if (view.phase !== 'implementation') throw new Error(`case ${id} is in ${view.phase}, not implementation`);
}

/** Running case workflows in implementation on the case queue, as Temporal's visibility counts them. */
async function countParked(sys: BenchSystem): Promise<number | undefined> {
  try {
    const query = `TaskQueue = '${sys.caseQueue}' AND ExecutionStatus = 'Running' AND CasePhase = 'implementation'`;
    return (await sys.client.workflow.count(query)).count;
  } catch {
    return undefined;
  }
}

export async function parkedPart(sys: BenchSystem, o: { cases: number; concurrency: number; cacheSize: number; settleSec: number }) {
  let done = 0;
  const progress = setInterval(() => console.log(`  … ${done} of ${o.cases} parked`), 30_000);
  let setup;
  try {
    setup = await runLanesStrict(o.concurrency, o.cases, async () => {
      await park(sys);
      done++;
    });
  } finally {
    clearInterval(progress);
  }
  console.log(`  ${o.cases} cases parked in ${setup.seconds} s (${setup.perSec}/s, 3 requests each)`);
  const sample = () => ({ worker: mb(rssMb(sys.worker.pid)), server: sys.serverPid ? mb(rssMb(sys.serverPid)) : null });
  const settling = [{ afterSec: 0, ...sample() }];
  for (let waited = SAMPLE_MS; waited <= o.settleSec * 1000; waited += SAMPLE_MS) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    settling.push({ afterSec: waited / 1000, ...sample() });
  }
  const settled = settling[settling.length - 1];
  return {
    cases: o.cases,
    workerRssMb: settled.worker,
    serverRssMb: settled.server,
    workerRssJustAfterMb: settling[0].worker,
    serverRssJustAfterMb: settling[0].server,
    settledAfterSec: o.settleSec,
    settling,
    apiRssMb: mb(rssMb(sys.api.pid)),
    workerPeakRssMb: mb(peakRssMb(sys.worker.pid)),
    serverPeakRssMb: sys.serverPid ? mb(peakRssMb(sys.serverPid)) : null,
    workflowCacheSize: o.cacheSize,
    /** Every case in implementation on the queue, the first part's included. */
    inImplementation: await countParked(sys),
    setup: { seconds: setup.seconds, casesPerSec: setup.perSec, p50Ms: setup.p50Ms, p99Ms: setup.p99Ms },
  };
}
