/**
 * Part 5: one whole case, from opening to its report, with one re-assessment and three follow-ups
 * before the last (on track, reassess, on track, goals met): how many history events it makes,
 * and how long replaying them takes, as a worker does when the case is not in its cache.
 */
import { performance } from 'node:perf_hooks';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { BUNDLER_OPTIONS } from '../worker/bundler-options';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { BENCH_DEFINITION, intake } from './definition';
import { expectOk, type Api } from './http';
import { waitFor } from './procs';
import type { BenchSystem } from './system';

const highRisk = { severity: 5, housing_risk: true, supports: 1 };
const lowRisk = { severity: 1, housing_risk: false };
const WARM_REPLAYS = 3;

async function fullLifecycle(http: Api): Promise<string> {
  const ok = (path: string, body: unknown = {}) => expectOk(http.post(path, body), path);
  const { id } = await expectOk(http.post('/cases', { definition: BENCH_DEFINITION, title: 'Whole lifecycle', intake }), 'open', 201);
  const c = `/cases/${id}`;
  await ok(`${c}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
  await ok(`${c}/assessment`, { data: highRisk });
  await ok(`${c}/plan`);
  await ok(`${c}/plan/approve`);
  await ok(`${c}/follow-ups`, { outcome: 'on_track' });
  await ok(`${c}/follow-ups`, { outcome: 'reassess' });
  await ok(`${c}/assessment`, { data: lowRisk });
  await ok(`${c}/plan`);
  await ok(`${c}/follow-ups`, { outcome: 'on_track' });
  await ok(`${c}/follow-ups`, { outcome: 'goals_met' });
  await ok(`${c}/transition`, { data: { destination: 'Community support' } });
  await waitFor('the post-transition contact', async () => (await http.get(c)).body?.phase === 'contact', 30_000);
  await ok(`${c}/contact`, { data: { doing_well: true } });
  await ok(`${c}/evaluation`, { data: { satisfaction: 5, cost: 900 } });
  return id;
}

export async function lifecyclePart(sys: BenchSystem) {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...BUNDLER_OPTIONS, logger: new DefaultLogger('WARN') });
  const started = performance.now();
  const id = await fullLifecycle(sys.http);
  const handle = sys.client.workflow.getHandle(id);
  await handle.result();
  const drivenMs = performance.now() - started;
  const history = await handle.fetchHistory();

  // The first replay includes making the workflow's sandbox, as a worker's first replay does.
  let t0 = performance.now();
  await Worker.runReplayHistory({ workflowBundle }, history, id);
  const replayMs = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < WARM_REPLAYS; i++) {
    t0 = performance.now();
    await Worker.runReplayHistory({ workflowBundle }, history, id);
    warm.push(performance.now() - t0);
  }
  const historyEvents = history.events?.length ?? 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(`  ${id}: ${historyEvents} events, replayed in ${round(replayMs)} ms (warm ${round(Math.min(...warm))} ms)`);
  return { caseId: id, historyEvents, replayMs: round(replayMs), replayWarmMs: round(Math.min(...warm)), drivenMs: Math.round(drivenMs) };
}
