/**
 * A command that reaches a case together with a timer that fired while no worker ran: the worker
 * that takes over handles both in one workflow task. The history that results must replay.
 */
import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import { createMailer } from '../../runtime/mailer';
import { createWorker } from '../../worker/create-worker';
import { lowRisk, ok, toAssessment } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';
import { getBundle } from '../helpers/temporal-env';
import { timedCase } from '../fixtures/definitions';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a command arriving with a timer that fired while no worker ran', () => {
  let sys: TestSystem;
  let next: Worker | undefined;
  let nextRun: Promise<void> | undefined;
  before(async () => {
    sys = await startSystem({ definitions: [timedCase] });
  });
  after(async () => {
    if (next?.getState() === 'RUNNING') next.shutdown();
    await nextRun;
    await sys?.stop();
  });

  it('takes the command and leaves a history that replays without a nondeterminism error', async function () {
    this.timeout(90_000);
    const id = await toAssessment(sys, 'timed-case');
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    const planned = await ok(sys, `/cases/${id}/plan`, {});
    const due = Date.parse(planned.followUps[0].dueAt);

    sys.worker.shutdown();
    while (sys.worker.getState() !== 'STOPPED') await sleep(50);
    // The follow-up's timer fires with no worker to act on it, and its workflow task waits past the
    // stopped worker's sticky queue onto the shared one; the note arrives after that.
    await sleep(Math.max(0, due - Date.now()) + 5000);
    const noted = sys.http.post(`/cases/${id}/notes`, { text: 'Called the client; no answer' });
    // Someone reads the case meanwhile: the query waits for the same workflow task.
    const read = sys.http.get(`/cases/${id}`);
    await sleep(1000);

    const mailer = createMailer(sys.smtp!.url, 'Casework <casework@localhost>');
    next = await createWorker({
      connection: sys.env.nativeConnection,
      namespace: sys.env.namespace ?? 'default',
      taskQueue: sys.taskQueue,
      deps: { db: sys.db, mailer },
      workflowBundle: await getBundle(),
    });
    nextRun = next.run().finally(() => mailer.close());

    const answer = await noted;
    expect((await read).status).to.equal(200);
    expect(answer.status).to.equal(200);
    expect(answer.body.phase).to.equal('follow_up');
    expect(answer.body.notes.map((n: { text: string }) => n.text)).to.deep.equal(['Called the client; no answer']);

    const history = await sys.env.client.workflow.getHandle(id).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await getBundle() }, history, id);
  });
});
