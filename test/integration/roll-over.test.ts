/**
 * Rolling over: a case past its history limit continues as new while it waits in a phase, not only
 * between phases, and a command that reaches it meanwhile is refused as busy and sent again by the
 * API, for up to ROLLOVER_WAIT_MS, before the client hears 503.
 */
import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { createMailer } from '../../runtime/mailer';
import { openDb, type Db } from '../../store/db';
import { createWorker } from '../../worker/create-worker';
import { intake, ok, toImplementation } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { getBundle } from '../helpers/temporal-env';
import { dailyCase } from '../fixtures/definitions';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

const LIMIT = 60;
/**
 * How far past the limit a run may go, in history events: the case looks at its history's length
 * as each workflow task starts, so the task before may take it past the limit with what it records
 * (6 events for a task with one command, 2 more for each further command it takes), and the task
 * that finds it past rolls over with as many again and its own 4 (the roll-over's marker, the
 * continue-as-new, the task's completion).
 */
const margin = (commandsPerTask: number) => 2 * (6 + 2 * (commandsPerTask - 1)) + 4;
const BURST = 8;
const ROLLOVER_WAIT_MS = 1000;

describe('roll-over: within a phase, and commands meanwhile', () => {
  let sys: TestSystem;
  const workers: { worker: Worker; running: Promise<void>; close: () => Promise<void> }[] = [];
  before(async () => {
    sys = await startSystem({ definitions: [dailyCase, { ...dailyCase, key: 'busy-case' }], historyLimit: LIMIT, rolloverWaitMs: ROLLOVER_WAIT_MS });
  });
  after(async () => {
    for (const { worker, running, close } of workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await close();
    }
    await sys?.stop();
  });

  /** Every run of a case, oldest first, with its history. */
  async function runsOf(id: string): Promise<HistoryEvent[][]> {
    const latest = await sys.env.client.workflow.getHandle(id).fetchHistory();
    const runs: HistoryEvent[][] = [];
    for (let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId; runId; ) {
      const events = (await sys.env.client.workflow.getHandle(id, runId).fetchHistory()).events ?? [];
      runs.push(events);
      runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return runs;
  }

  /** A worker of the test's own on the system's task queue, with its own database handle. */
  async function startWorker(db: Db): Promise<Worker> {
    const mailer = createMailer(sys.smtp!.url, 'Casework <casework@localhost>');
    const worker = await createWorker({ connection: sys.env.nativeConnection, namespace: sys.env.namespace ?? 'default', taskQueue: sys.taskQueue, deps: { db, mailer }, workflowBundle: await getBundle() });
    workers.push({ worker, running: worker.run(), close: async () => (mailer.close(), db.destroy()) });
    return worker;
  }

  async function stopWorker(worker: Worker): Promise<void> {
    worker.shutdown();
    await eventually(async () => expect(worker.getState()).to.equal('STOPPED'), 30_000, 50);
  }

  it('continues as new while it waits in one phase, each run within the limit and a bounded margin', async function () {
    this.timeout(90_000);
    const id = await toImplementation(sys, 'daily-case');
    const texts: string[] = [];
    const note = async (text: string) => {
      texts.push(text);
      await ok(sys, `/cases/${id}/notes`, { text });
    };
    for (let i = 0; i < 30; i++) await note(`one at a time ${i + 1}`);
    const oneAtATime = await runsOf(id);
    expect(oneAtATime.length, 'runs').to.be.at.least(3);
    for (const [i, run] of oneAtATime.entries()) expect(run.length, `run ${i + 1}: events`).to.be.at.most(LIMIT + margin(1));

    // Commands sent together may reach the case in one workflow task.
    for (let burst = 0; burst < 3; burst++) await Promise.all(Array.from({ length: BURST }, (_, i) => note(`burst ${burst + 1}.${i + 1}`)));
    const runs = await runsOf(id);
    expect(runs.length, 'runs').to.be.greaterThan(oneAtATime.length);
    for (const [i, run] of runs.entries()) expect(run.length, `run ${i + 1} of ${runs.length}: events`).to.be.at.most(LIMIT + margin(BURST));

    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.phase).to.equal('implementation');
    expect(view.noteCount).to.equal(texts.length);
    const notes = (await sys.http.get(`/cases/${id}/notes?limit=200`)).body.items as { text: string }[];
    expect(notes.map((n) => n.text).sort()).to.deep.equal([...texts].sort());
    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items as { type: string }[];
    expect(trail.filter((e) => e.type === 'note_added')).to.have.length(texts.length);
    expect(trail.filter((e) => e.type === 'case_continued')).to.have.length(runs.length - 1);
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body).to.deep.include({ valid: true, entries: view.trailLength });
  });

  it('does nothing on a command it refuses, also when its history has just passed the limit: every run replays', async function () {
    this.timeout(90_000);
    const id = await toImplementation(sys, 'daily-case');
    const handle = sys.env.client.workflow.getHandle(id);
    // Notes until the task that took the last one has taken the history past the limit: the case
    // rolls over at the next task history explains, not at one that only refuses a command. A run
    // whose next task finds the history past the limit before a note leaves it so rolls over first;
    // the notes then go on in the next run, so this holds however many events each step adds.
    let refused = 0;
    let runsAtRefusal = 0;
    for (let i = 0; i < 40 && refused === 0; i++) {
      await ok(sys, `/cases/${id}/notes`, { text: `note ${i + 1}` });
      const events = (await handle.fetchHistory()).events ?? [];
      if (events.length <= LIMIT || events[events.length - 1].workflowExecutionContinuedAsNewEventAttributes) continue;
      const res = await sys.http.post(`/cases/${id}/screening`, { decision: 'accept', reason: 'Again' });
      expect(res.status, JSON.stringify(res.body)).to.equal(409);
      refused++;
      runsAtRefusal = (await runsOf(id)).length;
    }
    expect(refused, 'a command refused past the limit').to.equal(1);
    // The next note is taken, and the case rolls over at the wait that follows; one more reaches the new run.
    await ok(sys, `/cases/${id}/notes`, { text: 'after the refusal' });
    await ok(sys, `/cases/${id}/notes`, { text: 'in the next run' });
    const runs = await runsOf(id);
    expect(runs.length).to.equal(runsAtRefusal + 1);
    for (const events of runs) await Worker.runReplayHistory({ workflowBundle: await getBundle() }, { events }, id);
  });

  it('answers 503 with Retry-After once the case has stayed busy for ROLLOVER_WAIT_MS, and takes the command once it can', async function () {
    this.timeout(90_000);
    // The worker that takes the case over cannot reach its database: the case cannot load its
    // definition, and refuses every command as busy, still opening, until it can.
    await stopWorker(sys.worker);
    const workerDb = await openDb({ dataDir: sys.dataDir, databaseUrl: sys.databaseUrl });
    await workerDb.destroy();
    await startWorker(workerDb);
    const opening = sys.http.post('/cases', { definition: 'busy-case', title: 'Opened while the database is away', intake });
    const id = 'busy-case-000001';
    await eventually(() => sys.env.client.workflow.getHandle(id).describe(), 10_000, 50);

    // The first command meets the case busy once it has tried to load its definition a few times;
    // from then on the case waits for its next try on a timer and each refusal comes at once: the
    // API sends a command again for ROLLOVER_WAIT_MS before it answers.
    expect((await sys.http.post(`/cases/${id}/notes`, { text: 'First try' })).status).to.equal(503);
    const key = `note-${id}`;
    const note = { text: 'Called while the case was opening' };
    const sent = Date.now();
    const busy = await sys.http.post(`/cases/${id}/notes`, note, { 'idempotency-key': key });
    const busyMs = Date.now() - sent;
    expect(busy.status, JSON.stringify(busy.body)).to.equal(503);
    expect(busyMs, 'refused only after the API sent it again for ROLLOVER_WAIT_MS').to.be.within(ROLLOVER_WAIT_MS, ROLLOVER_WAIT_MS + 2000);
    expect(busy.headers.get('retry-after')).to.match(/^[1-9]\d*$/);
    expect(busy.headers.get('content-type')).to.include('application/problem+json');
    expect(busy.body).to.deep.include({ status: 503, type: '/problems/case-busy' });
    expect(busy.body.detail).to.match(/opening/);

    // The database is back: the case opens, and the same request is taken, once.
    workerDb.initialize();
    expect((await opening).status).to.equal(201);
    const taken = await sys.http.post(`/cases/${id}/notes`, note, { 'idempotency-key': key });
    expect(taken.status, JSON.stringify(taken.body)).to.equal(200);
    expect(taken.body.notes.map((n: { text: string }) => n.text)).to.deep.equal([note.text]);
  });
});
