/**
 * Records the histories of whole cases as replay fixtures (`npm run histories:record`). Run it
 * when workflow code changes in a way that new cases depend on; keep the old fixtures, so that the
 * replay test proves running cases still replay (guard such changes with patched()).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort } from '../runtime/free-port';
import { ensureTemporalCli } from '../scripts/provision-temporal';
import type { WorkflowBundleOption } from '@temporalio/worker';
import { fullLifecycle, withdrawnCase, withdrawnInFollowUps } from './helpers/scenarios';
import { intake, lowRisk, ok, toAssessment, toImplementation, types } from './helpers/cases';
import { bundleAt } from './helpers/earlier-bundle';
import { eventually } from './helpers/eventually';
import { startSystem, type SystemOptions, type TestSystem } from './helpers/system';
import { teardownEnvs } from './helpers/temporal-env';
import { childCase, mailedCase, notifyingCase, parentCase, queuedOwnerCase, quickCase, reopenableCase, routedCase, timedCase } from './fixtures/definitions';

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

/** A case given two documents and a note, then withdrawn. */
async function documentsScenario(sys: TestSystem): Promise<string> {
  const id = await toImplementation(sys);
  for (const [name, text] of [['letter.pdf', 'A letter from the landlord'], ['budget.csv', 'month,amount']]) {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'application/octet-stream' }), name);
    form.append('title', `Evidence: ${name}`);
    const res = await fetch(`${sys.url}/cases/${id}/documents`, { method: 'POST', headers: { authorization: `Bearer ${sys.admin.key}` }, body: form });
    if (res.status !== 201) throw new Error(`uploading ${name} answered ${res.status}: ${await res.text()}`);
  }
  await ok(sys, `/cases/${id}/notes`, { text: 'Both documents checked' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A case whose risk level a supervisor overrides in implementation, re-arming its follow-up. */
async function riskOverrideScenario(sys: TestSystem): Promise<string> {
  const id = await toImplementation(sys);
  await ok(sys, `/cases/${id}/risk`, { level: 'high', reason: 'New safeguarding concern' });
  await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A case whose first e-mail fails while the mail server is down, is recorded as failed, and goes out once it is back. */
async function failedNotificationScenario(sys: TestSystem): Promise<string> {
  const smtp = sys.smtp;
  if (!smtp) throw new Error('the scenario needs the system to run its own mail sink');
  const port = smtp.port;
  await smtp.stop();
  const { id } = await ok(sys, '/cases', { definition: 'notifying-case', title: 'Mail down', intake });
  const trail = async () => types((await sys.http.get(`/cases/${id}/events`)).body);
  await eventually(async () => {
    if (!(await trail()).includes('notification_failed')) throw new Error('no failure recorded yet');
  }, 60_000);
  await smtp.start(port);
  await eventually(async () => {
    if (!(await trail()).includes('notification_sent')) throw new Error('not sent yet');
  }, 90_000);
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A case that continues as new, at the history limit its system sets, while it goes round follow-ups. */
async function continuedScenario(sys: TestSystem): Promise<string> {
  const id = await toImplementation(sys);
  // A command sent while the case moves to its next run is refused (503) and not taken: send it again.
  const send = async (path: string, body: object) => {
    for (;;) {
      const res = await sys.http.post(path, body);
      if (res.status === 200) return;
      if (res.status !== 503) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await send(`/cases/${id}/notes`, { text: 'Before the roll-over' });
  for (let i = 0; i < 6; i++) await send(`/cases/${id}/follow-ups`, { outcome: 'on_track', note: `round ${i + 1}` });
  await send(`/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/**
 * A case counting working days on its pinned calendar: its deadline (with an urgency timer) is
 * extended, a new version of the calendar reaches it, and a task is due in working hours.
 */
async function workingDaysScenario(sys: TestSystem): Promise<string> {
  const calendar = (holidays: Array<{ date: string; name: string }>) => ({
    key: 'every-day',
    name: 'Every day, 09:00 to 17:00 UTC',
    time_zone: 'UTC',
    working_days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    working_hours: { start: '09:00', end: '17:00' },
    holidays,
  });
  const put = async (path: string, body: object) => {
    const res = await sys.http.put(path, body);
    if (res.status !== 201 && res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  await put('/calendars/every-day', calendar([]));
  await put('/definitions/working-case', {
    ...quickCase,
    key: 'working-case',
    name: 'Working-day case',
    calendar: 'every-day',
    deadlines: { assessment: { within: '3 working days', remind_before: '1 working day', max_extensions: 1 } },
  });
  const id = await toAssessment(sys, 'working-case');
  await ok(sys, `/cases/${id}/deadline/extend`, { by: '2 working days', reason: 'Records are late' });
  const due: string = (await sys.http.get(`/cases/${id}`)).body.deadlines.at(-1).dueAt;
  await put('/calendars/every-day', calendar([{ date: due.slice(0, 10), name: 'Closure day' }]));
  await ok(sys, `/cases/${id}/hold`, { reason: 'Waiting for records' });
  await ok(sys, `/cases/${id}/resume`, {});
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, { tasks: [{ title: 'Call the landlord', due: '2 working hours' }] });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A withdrawn case reopened at assessment, assessed, linked to another case and withdrawn again: its second run. */
async function reopenedScenario(sys: TestSystem): Promise<string> {
  const id = await toAssessment(sys, 'reopen-case');
  await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
  await eventually(async () => {
    if ((await sys.env.client.workflow.getHandle(id).describe()).status.name === 'RUNNING') throw new Error('the closed run is still finishing');
  });
  await ok(sys, `/cases/${id}/reopen`, { reason: 'The client came back' });
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  const other = (await ok(sys, '/cases', { definition: 'quick-case', title: 'Related', intake })).id;
  const linked = await sys.http.post(`/cases/${id}/links`, { to: other, kind: 'related', reason: 'Same household' });
  if (linked.status !== 201) throw new Error(`the link answered ${linked.status}`);
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A case routed by its definition (its task to the least loaded, its owner by turns), then released, claimed and assigned by hand. */
async function routedScenario(sys: TestSystem): Promise<string> {
  const [first, second] = [await sys.addUser({ roles: ['case_manager'] }), await sys.addUser({ roles: ['case_manager'] })];
  const id = await toImplementation(sys, 'routed-case');
  const send = async (who: typeof first, path: string, body: object) => {
    const res = await sys.as(who).post(path, body);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  const holder = (await sys.http.get(`/cases/${id}`)).body.tasks[0].assignee as string;
  const me = holder === first.id ? first : second;
  const other = holder === first.id ? second : first;
  await send(me, `/cases/${id}/tasks/t1/release`, { reason: 'Away next week' });
  await send(other, `/cases/${id}/tasks/t1/claim`, {});
  await ok(sys, `/cases/${id}/tasks/t1/assign`, { assignee: me.id, reason: 'Back after all' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A case back in its team's queue as it enters implementation, where a task added to it is given to the least loaded. */
async function queuedOwnerScenario(sys: TestSystem): Promise<string> {
  const owner = await sys.addUser({ roles: ['case_manager'], teams: ['team-a'] });
  const { id } = await ok(sys, '/cases', { definition: 'queued-owner-case', title: 'Housing support', assignee: owner.id, intake });
  await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
  await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  await ok(sys, `/cases/${id}/plan`, {});
  await ok(sys, `/cases/${id}/tasks`, { title: 'Call the landlord', role: 'case_manager', due: 'P2D' });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

/** A parent whose plan opens a child case; the child's closing completes the task, and the parent is withdrawn. */
async function parentScenario(sys: TestSystem): Promise<string> {
  const id = await toImplementation(sys, 'parent-case');
  const child = await eventually(async () => {
    const c = (await sys.http.get(`/cases/${id}`)).body.children?.[0];
    if (!c?.phase) throw new Error('the child is not recorded yet');
    return c as { caseId: string; taskId: string };
  });
  await ok(sys, `/cases/${child.caseId}/close`, { reason: 'Claim settled' });
  await eventually(async () => {
    const task = (await sys.http.get(`/cases/${id}`)).body.tasks.find((t: { id: string }) => t.id === child.taskId);
    if (task.status !== 'done') throw new Error('the task is still open');
  });
  await ok(sys, `/cases/${id}/close`, { reason: 'Recorded for replay' });
  return id;
}

interface Scenario {
  run(sys: TestSystem): Promise<string>;
  /** The system it needs, when not the shared one. */
  system?: SystemOptions;
  /** Record every run of the case, oldest first, not only the last. */
  allRuns?: boolean;
  /** Run it on the workflow code of the version before the fold. */
  beforeTheFold?: boolean;
}

const DEFINITIONS = [quickCase, timedCase, notifyingCase, routedCase, reopenableCase, childCase, parentCase, queuedOwnerCase];

/** The system a scenario of the version before the fold runs on: that version's own workflow code. */
const beforeTheFold = async (): Promise<WorkflowBundleOption> => bundleAt('2829a85f7fdcc1884b63131bda0535cb00f35511');

const SCENARIOS: Record<string, Scenario> = {
  'full-lifecycle': { run: (sys) => fullLifecycle(sys) },
  withdrawn: { run: (sys) => withdrawnCase(sys) },
  'withdrawn-in-follow-ups': { run: (sys) => withdrawnInFollowUps(sys) },
  timers: { run: timedScenario },
  documents: { run: documentsScenario },
  'risk-override': { run: riskOverrideScenario },
  'failed-notification': { run: failedNotificationScenario },
  'working-days': { run: workingDaysScenario },
  routed: { run: routedScenario },
  'queued-owner': { run: queuedOwnerScenario },
  reopened: { run: reopenedScenario },
  'parent-with-child': { run: parentScenario },
  // Past a history limit this low the case continues as new at most phase changes.
  'continued-as-new': { run: continuedScenario, system: { historyLimit: 40 }, allRuns: true },
  // Runs begun before the fold, carried over by continue-as-new in the state shape of that version.
  'continued-before-the-fold': { run: continuedScenario, system: { historyLimit: 40 }, allRuns: true, beforeTheFold: true },
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

function show(sys: TestSystem, id: string, runId?: string): { events: { eventId: string; workflowExecutionStartedEventAttributes?: { continuedExecutionRunId?: string } }[] } {
  // The CLI writes the JSON form of a history that the replayer reads back.
  const args = ['workflow', 'show', '--workflow-id', id, ...(runId ? ['--run-id', runId] : []), '--output', 'json', '--address', sys.env.address, '--namespace', sys.env.namespace ?? 'default'];
  return JSON.parse(execFileSync(ensureTemporalCli(), args, { encoding: 'utf8', maxBuffer: 256 << 20 }));
}

async function save(sys: TestSystem, name: string, id: string, allRuns = false): Promise<void> {
  const runs = [show(sys, id)];
  for (let previous = runs[0].events[0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId; allRuns && previous; ) {
    runs.unshift(show(sys, id, previous));
    previous = runs[0].events[0].workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  }
  runs.forEach((history, i) => {
    const file = path.join(DIR, `${STAMP}-${name}${runs.length > 1 ? `-run-${i + 1}` : ''}.json`);
    fs.writeFileSync(file, JSON.stringify(history, null, 2));
    console.log(`${path.relative(process.cwd(), file)}: ${history.events.length} events`);
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(DIR, { recursive: true });
  // Names given on the command line record only those scenarios.
  const wanted = process.argv.slice(2);
  const shared = await startSystem({ definitions: DEFINITIONS });
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (wanted.length > 0 && !wanted.includes(name)) continue;
      const own = scenario.system && (await startSystem({ definitions: DEFINITIONS, ...scenario.system, ...(scenario.beforeTheFold ? { workflowBundle: await beforeTheFold() } : {}) }));
      const sys = own || shared;
      try {
        await save(sys, name, await scenario.run(sys), scenario.allRuns);
      } finally {
        if (own) await own.stop();
      }
    }
  } finally {
    await shared.stop();
  }
  try {
    for (const [name, { mailDown, scenario }] of Object.entries(ROLL_OVER_SCENARIOS)) {
      if (wanted.length > 0 && !wanted.includes(name)) continue;
      // Nothing listens on a port just handed back as free: mail is down.
      const rolling = await startSystem({ definitions: [mailedCase], historyLimit: 60, ...(mailDown ? { smtpUrl: `smtp://127.0.0.1:${await freePort()}` } : {}) });
      try {
        const id = await scenario(rolling);
        await save(rolling, name, id, true);
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
