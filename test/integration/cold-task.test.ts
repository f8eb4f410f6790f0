/**
 * A command that reaches a case together with a timer that fired while no worker ran: the worker
 * that takes over handles both in one workflow task. The history that results must replay.
 */
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bodyHash } from '../../api/idempotency';
import { updateIdFor } from '../../api/update-id';
import { createMailer } from '../../runtime/mailer';
import { createWorker } from '../../worker/create-worker';
import { lowRisk, ok, toAssessment } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { getBundle } from '../helpers/temporal-env';
import { timedCase } from '../fixtures/definitions';

const { UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED: ADMITTED } = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

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
    await eventually(async () => expect(sys.worker.getState()).to.equal('STOPPED'), 30_000, 50);
    const handle = sys.env.client.workflow.getHandle(id);
    const events = async () => (await handle.fetchHistory()).events ?? [];
    const stoppedAt = (await events()).length;
    // The case's alarm fires with no worker to act on it, so its workflow task stays scheduled, and
    // the follow-up falls due meanwhile: the worker that takes the task finds it due.
    const fired = await eventually(async () => {
      const timer = (await events()).find((e) => e.eventId!.toNumber() > stoppedAt && e.timerFiredEventAttributes);
      expect(timer, 'the alarm has fired').to.not.equal(undefined);
      expect(Date.now(), 'the follow-up is due').to.be.at.least(due);
      return timer!.eventId!.toNumber();
    }, Math.max(0, due - Date.now()) + 30_000);

    // The note arrives while that task waits; the server has admitted it once it can be polled.
    const key = `cold-note-${id}`;
    const note = { text: 'Called the client; no answer' };
    const noted = sys.http.post(`/cases/${id}/notes`, note, { 'idempotency-key': key });
    const updateId = updateIdFor({ actorId: sys.admin.id, method: 'POST', route: '/cases/:id/notes', params: { id }, bodyHash: bodyHash(note), key });
    await eventually(
      () =>
        sys.env.client.workflowService.pollWorkflowExecutionUpdate({
          namespace: sys.env.namespace ?? 'default',
          updateRef: { workflowExecution: { workflowId: id }, updateId },
          waitPolicy: { lifecycleStage: ADMITTED },
        }),
      30_000,
      50,
    );

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
    expect(answer.status).to.equal(200);
    expect(answer.body.phase).to.equal('follow_up');
    expect(answer.body.notes.map((n: { text: string }) => n.text)).to.deep.equal(['Called the client; no answer']);

    // The worker that took over handled the timer and the note in one workflow task.
    const after = await events();
    const sameTask = tasksAfter(after, fired)[0];
    expect(sameTask.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId)).to.equal(true);

    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await getBundle() }, history, id);
  });
});

/** The events each workflow task completed after `afterId` recorded, one list per task. */
function tasksAfter(events: HistoryEvent[], afterId: number): HistoryEvent[][] {
  const tasks: HistoryEvent[][] = [];
  let current: HistoryEvent[] | undefined;
  for (const e of events) {
    if (e.eventId!.toNumber() <= afterId) continue;
    if (e.workflowTaskCompletedEventAttributes) tasks.push((current = []));
    else if (e.workflowTaskScheduledEventAttributes) current = undefined;
    else current?.push(e);
  }
  return tasks;
}
