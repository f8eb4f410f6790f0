/**
 * A case stuck by the version before the fold recovers on the upgrade. That version sent its
 * whole view with every recording; once a busy case's view passed Temporal's 2 MB limit, the
 * first recording a timer caused (a regular activity, so its input goes through history) failed
 * its workflow task on every retry. Here that version's own workflow code makes such a case, and
 * today's code, replaying the same history after a reset, sends the recording small and the case goes on.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { temporal } from '@temporalio/proto';
import { ensureTemporalCli } from '../../scripts/provision-temporal';
import { checkProjection } from '../../store/case-views';
import { bundleAt } from '../helpers/earlier-bundle';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { intake, lowRisk, ok, toAssessment, types } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

/** The last commit whose workflow kept the whole case and sent it with every recording. */
const BEFORE_THE_FOLD = '2829a85f7fdcc1884b63131bda0535cb00f35511';
const STUCK_QUERY = 'TemporalReportedProblems IN ("cause=WorkflowTaskFailedCausePayloadsTooLarge")';
/** A note of the most bytes the API takes: 10,000 characters of three bytes each in UTF-8. */
const note = (i: number) => `${i}：${'家賃の滞納について家主と話し合いました。'.repeat(500)}`.slice(0, 10_000);

describe('a case stuck by the version before the fold', () => {
  let sys: TestSystem;
  before(async function () {
    this.timeout(120_000);
    sys = await startSystem({ definitions: [quickCase], workflowBundle: await bundleAt(BEFORE_THE_FOLD) });
  });
  after(async () => sys?.stop());

  /** `npm run patches:check` against this system's Temporal and task queue: its exit code and what it printed. */
  async function checkPatches(...ids: string[]): Promise<{ code: number; out: string }> {
    const env = { ...process.env, TEMPORAL_ADDRESS: sys.env.address, TEMPORAL_NAMESPACE: sys.env.namespace ?? 'default', TASK_QUEUE: sys.taskQueue };
    try {
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/check-patches.ts', ...ids], { env });
      return { code: 0, out: stdout };
    } catch (err) {
      const failed = err as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  }

  it('is named by patches:check, by a visibility query on TemporalChangeVersion, as lacking the markers of the patches it predates until it ends', async function () {
    this.timeout(120_000);
    const { id } = await ok(sys, '/cases', { definition: 'quick-case', title: 'Begun by the earlier version', intake });
    // The earlier version met the small-answers patch as a case began; quick-roll-over came after it.
    await eventually(async () => {
      const { code, out } = await checkPatches('quick-roll-over');
      expect(code, out).to.equal(1);
      expect(out).to.match(new RegExp(`quick-roll-over: 1 open case lacks the marker, so the old branch \\(.+\\) stays: ${id}\\n`));
    }, 30_000);
    const kept = await checkPatches('small-answers');
    expect(kept, kept.out).to.deep.equal({ code: 0, out: 'small-answers: every open case has the marker; the old branch (none left: the marker only stays where histories have it) may be removed\n' });
    const unknown = await checkPatches('no-such-patch');
    expect(unknown.code).to.equal(2);
    expect(unknown.out).to.include("no patch is named 'no-such-patch'");

    await sys.env.client.workflow.getHandle(id).terminate('ended for the check');
    await eventually(async () => {
      const { code, out } = await checkPatches('quick-roll-over');
      expect(code, out).to.equal(0);
      expect(out).to.include('quick-roll-over: every open case has the marker');
    }, 30_000);
  });

  it('recovers once the workers run this version and it is reset to its last completed workflow task: the recording is made again, small, and the case takes commands', async function () {
    this.timeout(180_000);
    const id = await toAssessment(sys);
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    // Over 2 MB of notes: each is in the whole view the old code records with every change.
    for (let i = 0; i < 75; i++) await ok(sys, `/cases/${id}/notes`, { text: note(i) });
    // A task falling due in a moment: its reminder is recorded in the background, by a regular activity.
    await ok(sys, `/cases/${id}/tasks`, { title: 'Call back', due: new Date(Date.now() + 2000).toISOString() });

    const handle = sys.env.client.workflow.getHandle(id);
    const { failed, lastCompleted } = await eventually(async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      const at = events.findIndex((e) => e.workflowTaskFailedEventAttributes);
      if (at < 0) throw new Error('no workflow task has failed yet');
      const completed = events.slice(0, at).filter((e) => e.workflowTaskCompletedEventAttributes);
      return { failed: events[at].workflowTaskFailedEventAttributes, lastCompleted: completed[completed.length - 1].eventId };
    }, 60_000);
    expect(failed?.failure?.applicationFailureInfo?.type).to.equal('PayloadsTooLarge');
    // How an operator finds such cases, as README's Known limits says.
    await eventually(async () => {
      const found: string[] = [];
      for await (const w of sys.env.client.workflow.list({ query: STUCK_QUERY })) found.push(w.workflowId);
      expect(found).to.include(id);
    }, 30_000);

    // The upgrade as README's Known limits describes it: the workers stop, the case is reset to its
    // last workflow task that completed, and the workers start again with this version.
    await sys.stopWorker();
    const { runId } = await handle.describe();
    execFileSync(ensureTemporalCli(), ['workflow', 'reset', '--workflow-id', id, '--type', 'LastWorkflowTask', '--reason', 'payload limit', '--address', sys.env.address, '--namespace', sys.env.namespace ?? 'default'], { stdio: 'ignore' });
    const reset = (await sys.env.client.workflow.getHandle(id, runId).fetchHistory()).events?.at(-1)?.workflowExecutionTerminatedEventAttributes;
    expect(reset?.identity).to.equal('history-resetter');
    // The new run takes the history up to that task, which it marks as reset, and goes on from there.
    const resetAt = (await handle.fetchHistory()).events?.find((e) => e.workflowTaskFailedEventAttributes?.cause === temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW);
    expect(Number(resetAt?.eventId)).to.equal(Number(lastCompleted));
    await sys.startWorker();
    await eventually(async () => {
      expect(types((await sys.http.get(`/cases/${id}/events`)).body)).to.include('task_due');
    }, 60_000);
    const answered = await ok(sys, `/cases/${id}/notes`, { text: 'After the upgrade' });
    expect(answered.noteCount).to.equal(76);
    const check = await checkProjection(sys.db, id);
    expect(check.stored).to.deep.equal(check.folded);
  });
});
