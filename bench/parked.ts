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
const SETTLE_MS = 5_000;

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

export async function parkedPart(sys: BenchSystem, o: { cases: number; concurrency: number; cacheSize: number }) {
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
  // Let the last workflow tasks, local activities and visibility writes finish before reading memory.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return {
    cases: o.cases,
    workerRssMb: mb(rssMb(sys.worker.pid)),
    serverRssMb: sys.serverPid ? mb(rssMb(sys.serverPid)) : null,
    apiRssMb: mb(rssMb(sys.api.pid)),
    workerPeakRssMb: mb(peakRssMb(sys.worker.pid)),
    serverPeakRssMb: sys.serverPid ? mb(peakRssMb(sys.serverPid)) : null,
    workflowCacheSize: o.cacheSize,
    /** Every case in implementation on the queue, the first part's included. */
    inImplementation: await countParked(sys),
    setup: { seconds: setup.seconds, casesPerSec: setup.perSec, p50Ms: setup.p50Ms, p99Ms: setup.p99Ms },
  };
}
