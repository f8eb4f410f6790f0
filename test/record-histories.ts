/**
 * Records the histories of whole cases as replay fixtures (`npm run histories:record`). Run it
 * when workflow code changes in a way that new cases depend on; keep the old fixtures, so that the
 * replay test proves running cases still replay (guard such changes with patched()).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from '../chaos/cluster';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { fullLifecycle, withdrawnCase, withdrawnInFollowUps } from './helpers/scenarios';
import { lowRisk, ok, toAssessment } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { startSystem, type TestSystem } from './helpers/system';
import { teardownEnvs } from './helpers/temporal-env';
import { mailedCase, quickCase, timedCase } from './fixtures/definitions';

const DIR = path.join(__dirname, 'fixtures', 'histories');
// A new recording never replaces an older one: the older histories stand for cases still running.
const STAMP = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);

/** A case whose deadline passes and whose follow-up falls due on its timer and escalates. */
async function timedScenario(sys: TestSystem): Promise<string> {
  const id = await toAssessment(sys, 'timed-case');
  await eventually(async () => {
    if (!(await sys.http.get(`/cases/${id}`)).body.breached) throw new Error('not yet breached');
  });
  await ok(sys, `/cases/${id}/assessment`, { data: { severity: 5, housing_risk: true } });
  await ok(sys, `/cases/${id}/plan`, {});
  await ok(sys, `/cases/${id}/plan/approve`, {});
  await eventually(async () => {
    const view = (await sys.http.get(`/cases/${id}`)).body;
    if (!view.followUps[0]?.escalated) throw new Error('follow-up not yet escalated');
  });
  await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

const SCENARIOS: Record<string, (sys: TestSystem) => Promise<string>> = {
  'full-lifecycle': (sys) => fullLifecycle(sys),
  withdrawn: (sys) => withdrawnCase(sys),
  'withdrawn-in-follow-ups': (sys) => withdrawnInFollowUps(sys),
  timers: timedScenario,
};

/** A case of the mailed definition in implementation, then on-track follow-ups until `enough` says so. */
async function followUpsUntil(sys: TestSystem, enough: (id: string, answer: number) => Promise<boolean>): Promise<string> {
  const id = await toAssessment(sys, 'mailed-case');
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  for (let i = 0; i < 60; i++) {
    const res = await sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'on_track', note: `round ${i + 1}` });
    if (await enough(id, res.status)) return id;
  }
  throw new Error(`${id} never got far enough`);
}

const trailHas = async (sys: TestSystem, id: string, type: string) => (await sys.http.get(`/cases/${id}/events`)).body.items.some((e: { type: string }) => e.type === type);

/** A case that continues as new after a few follow-ups, mail going out as it should, and takes one more in its new run. */
async function rolledOver(sys: TestSystem): Promise<string> {
  const id = await followUpsUntil(sys, (caseId) => trailHas(sys, caseId, 'case_continued'));
  await eventually(async () => {
    const res = await sys.http.post(`/cases/${id}/notes`, { text: 'In the new run' });
    if (res.status !== 200) throw new Error(`the note answered ${res.status}`);
  });
  return id;
}

/** A case that reaches its history limit while mail is down, once a delivery has failed meanwhile. */
async function rollingOverMailDown(sys: TestSystem): Promise<string> {
  const id = await followUpsUntil(sys, async (caseId, status) => status === 503 || (await trailHas(sys, caseId, 'case_continued')));
  await eventually(async () => {
    if (!(await trailHas(sys, id, 'notification_failed'))) throw new Error('no delivery has failed yet');
  }, 60_000);
  return id;
}

/** Cases that roll over, each on a system with a low history limit: every run is kept. */
const ROLL_OVER_SCENARIOS: Record<string, { mailDown: boolean; scenario: (sys: TestSystem) => Promise<string> }> = {
  'rolled-over': { mailDown: false, scenario: rolledOver },
  'rolling-over-mail-down': { mailDown: true, scenario: rollingOverMailDown },
};

/** The run ids of a case, oldest first. */
async function runIdsOf(sys: TestSystem, id: string): Promise<string[]> {
  const latest = await sys.env.client.workflow.getHandle(id).fetchHistory();
  const ids: string[] = [];
  for (let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId; runId; ) {
    ids.push(runId);
    const events = (await sys.env.client.workflow.getHandle(id, runId).fetchHistory()).events ?? [];
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return ids;
}

async function save(sys: TestSystem, name: string, id: string, runId?: string): Promise<void> {
  // The CLI writes the JSON form of a history that the replayer reads back.
  const run = runId ? ['--run-id', runId] : [];
  const json = execFileSync(ensureTemporalCli(), ['workflow', 'show', '--workflow-id', id, ...run, '--output', 'json', '--address', sys.env.address, '--namespace', sys.env.namespace ?? 'default'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const file = path.join(DIR, `${STAMP}-${name}.json`);
  fs.writeFileSync(file, json);
  console.log(`${path.relative(process.cwd(), file)}: ${JSON.parse(json).events.length} events`);
}

async function main(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  const sys = await startSystem({ definitions: [quickCase, timedCase] });
  // Names given on the command line record only those scenarios.
  const wanted = process.argv.slice(2);
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (wanted.length === 0 || wanted.includes(name)) await save(sys, name, await scenario(sys));
    }
  } finally {
    await sys.stop();
  }
  try {
    for (const [name, { mailDown, scenario }] of Object.entries(ROLL_OVER_SCENARIOS)) {
      if (wanted.length > 0 && !wanted.includes(name)) continue;
      // Nothing listens on a port just handed back as free: mail is down.
      const rolling = await startSystem({ definitions: [mailedCase], historyLimit: 60, ...(mailDown ? { smtpUrl: `smtp://127.0.0.1:${await freePort()}` } : {}) });
      try {
        const id = await scenario(rolling);
        for (const [i, runId] of (await runIdsOf(rolling, id)).entries()) await save(rolling, `${name}-run-${i + 1}`, id, runId);
      } finally {
        await rolling.stop();
      }
    }
  } finally {
    await teardownEnvs();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
