/**
 * Records the histories of whole cases as replay fixtures (`npm run histories:record`). Run it
 * when workflow code changes in a way that new cases depend on; keep the old fixtures, so that the
 * replay test proves running cases still replay (guard such changes with patched()).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import { fullLifecycle, withdrawnCase, withdrawnInFollowUps } from './helpers/scenarios';
import { ok, toAssessment } from './helpers/cases';
import { eventually } from './helpers/eventually';
import { startSystem, type TestSystem } from './helpers/system';
import { teardownEnvs } from './helpers/temporal-env';
import { quickCase, timedCase } from './fixtures/definitions';

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

async function save(sys: TestSystem, name: string, id: string): Promise<void> {
  // The CLI writes the JSON form of a history that the replayer reads back.
  const json = execFileSync(ensureTemporalCli(), ['workflow', 'show', '--workflow-id', id, '--output', 'json', '--address', sys.env.address, '--namespace', sys.env.namespace ?? 'default'], { encoding: 'utf8', maxBuffer: 64 << 20 });
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
    await teardownEnvs();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
