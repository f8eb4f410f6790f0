/**
 * A case names its definition by key, version and hash and loads it itself, so a large definition
 * is not copied into every case's start; cases opened with the definition in their input, as they
 * were before, run on by it.
 */
import { expect } from 'chai';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { caseOpenedUpdate } from '../../common/messages';
import * as sa from '../../common/search-attributes';
import type { CaseInput } from '../../common/case-types';
import { getDefinitionVersion } from '../../store/definitions';
import { quickCase } from '../fixtures/definitions';
import { highRisk, intake, lowRisk } from '../helpers/cases';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** A definition of about a megabyte: its guidance text is long. */
const bigCase = { ...quickCase, key: 'big-case', name: 'Big case', description: 'Guidance for case managers, read before every step. '.repeat(20_000) };
const SMALL_EVENT_BYTES = 4096;

describe('definitions travel by reference, not in each case’s input', () => {
  let sys: TestSystem;
  before(async () => {
    // A low history limit makes a case continue as new after a few commands.
    sys = await startSystem({ definitions: [quickCase, bigCase], historyLimit: 40 });
  });
  after(async () => sys?.stop());

  /** Sends a command, again while the case answers that it is moving to its next run. */
  async function ok(path: string, body: unknown = {}) {
    const res = await eventually(async () => {
      const sent = await sys.http.post(path, body);
      if (sent.status === 503) throw new Error(`${path}: still 503`);
      return sent;
    });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(path === '/cases' ? 201 : 200);
    return res.body;
  }

  /** The lifecycle of the scenarios' fullLifecycle, through roll-overs. */
  async function lifecycle(definition: string): Promise<string> {
    const { id } = await ok('/cases', { definition, title: 'Housing support', intake });
    await ok(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    await ok(`/cases/${id}/assessment`, { data: highRisk });
    await ok(`/cases/${id}/plan`, {});
    await ok(`/cases/${id}/plan/approve`, {});
    await ok(`/cases/${id}/follow-ups`, { outcome: 'on_track' });
    await ok(`/cases/${id}/follow-ups`, { outcome: 'goals_met' });
    await ok(`/cases/${id}/transition`, { data: { destination: 'Community support' } });
    await eventually(async () => expect((await sys.http.get(`/cases/${id}`)).body.phase).to.equal('contact'));
    await ok(`/cases/${id}/contact`, { data: { doing_well: true } });
    await ok(`/cases/${id}/evaluation`, { data: { satisfaction: 5, cost: 900 } });
    return id;
  }

  /** Every run of a case, oldest first, with its history. */
  async function runsOf(id: string): Promise<HistoryEvent[][]> {
    const latest = await sys.env.client.workflow.getHandle(id).fetchHistory();
    const firstRunId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId;
    const runs: HistoryEvent[][] = [];
    for (let runId: string | null | undefined = firstRunId; runId; ) {
      const events = (await sys.env.client.workflow.getHandle(id, runId).fetchHistory()).events ?? [];
      runs.push(events);
      runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    return runs;
  }

  const startedInput = (events: HistoryEvent[]) => {
    const payload = events[0].workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    if (!payload) throw new Error('the run has no input');
    return defaultPayloadConverter.fromPayload<CaseInput>(payload);
  };
  const sizeOf = (event: HistoryEvent) => historyToJSON({ events: [event] }).length;

  it('keeps the first history event of every run small with a 1 MB definition, and the case runs its whole lifecycle', async function () {
    this.timeout(120_000);
    const stored = await getDefinitionVersion(sys.db, 'big-case');
    expect(JSON.stringify(stored?.definition).length).to.be.greaterThan(1_000_000);

    const id = await lifecycle('big-case');
    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view).to.include({ status: 'closed', closure: 'completed' });
    expect(view.definition).to.deep.equal({ key: 'big-case', version: stored!.version });

    const runs = await runsOf(id);
    expect(sizeOf(runs[0][0])).to.be.lessThan(SMALL_EVENT_BYTES);
    expect(runs.length, 'the lifecycle continued as new').to.be.greaterThan(1);
    for (const events of runs) {
      expect(startedInput(events).definition).to.deep.equal({ key: 'big-case', version: stored!.version, hash: stored!.hash });
    }
  });

  it('runs on a case opened with its whole definition in its input, as cases were opened before', async function () {
    this.timeout(60_000);
    const stored = await getDefinitionVersion(sys.db, 'quick-case');
    const id = 'quick-case-900001';
    const input: CaseInput = {
      caseId: id,
      number: 900001,
      title: 'Opened the old way',
      team: 'team-a',
      intake,
      definition: { key: stored!.key, version: stored!.version, hash: stored!.hash, definition: stored!.definition },
      openedBy: { id: sys.admin.id, roles: ['admin'], teams: ['default'] },
      historyLimit: 40,
    };
    await sys.env.client.workflow.executeUpdateWithStart(caseOpenedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('caseWorkflow', {
        workflowId: id,
        taskQueue: sys.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: sa.CaseType, value: 'quick-case' },
          { key: sa.CasePhase, value: 'screening' },
          { key: sa.CaseStatus, value: 'open' },
          { key: sa.CaseTeam, value: 'team-a' },
        ],
      }),
    });
    await ok(`/cases/${id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
    await ok(`/cases/${id}/assessment`, { data: lowRisk });
    await ok(`/cases/${id}/plan`, {});
    for (let i = 0; i < 4; i++) await ok(`/cases/${id}/follow-ups`, { outcome: 'on_track', note: `Call ${i}` });
    const closed = await ok(`/cases/${id}/close`, { reason: 'Done' });
    expect(closed).to.include({ status: 'closed' });

    const runs = await runsOf(id);
    expect(startedInput(runs[0]).definition).to.have.property('definition');
    expect(runs.length, 'the case continued as new').to.be.greaterThan(1);
    for (const events of runs.slice(1)) expect(startedInput(events).definition).to.deep.equal({ key: 'quick-case', version: stored!.version, hash: stored!.hash });
  });
});
