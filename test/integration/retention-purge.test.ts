/**
 * Retention, legal hold and purge on the dev server (the time-skipping server has neither
 * schedules nor DeleteWorkflowExecution), with a retention of seconds and the schedule triggered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { DefinitionInput } from '../../common/definition-schema';
import { ensureRetentionReviewSchedule, RETENTION_REVIEW_CRON, RETENTION_REVIEW_SCHEDULE_ID } from '../../worker/schedules';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem, type TestUser } from '../helpers/system';
import { ok } from '../helpers/cases';
import { notifyingCase } from '../fixtures/definitions';
import { isSqlite } from '../../store/db';

/** One per case: the purged case's must be found nowhere afterwards, the held case's everywhere it was. */
const SENTINEL = 'Zq7PURGEDx9';
const HELD_SENTINEL = 'Wk4HELDv2';
const kept: DefinitionInput = { ...notifyingCase, key: 'kept-case', retention: { keep: 'PT2S', approver: 'supervisor' } };

/** Every value of every row of every table, as text: where a sentinel would be if anything kept it. */
async function databaseText(sys: TestSystem): Promise<string> {
  const tables: { name: string }[] = isSqlite(sys.db)
    ? await sys.db.raw("select name from sqlite_master where type = 'table'")
    : (await sys.db.raw('select table_name as name from information_schema.tables where table_schema = current_schema()')).rows;
  const parts: string[] = [];
  for (const { name } of tables) parts.push(JSON.stringify(await sys.db(name).select('*')));
  return parts.join('\n');
}

/** A workflow history with its payloads decoded: where a sentinel sent to Temporal would be. */
async function historyText(sys: TestSystem, id: string): Promise<string> {
  const json = JSON.stringify(await sys.env.client.workflow.getHandle(id).fetchHistory());
  const payloads = [...json.matchAll(/"data":"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8'));
  return [json, ...payloads].join('\n');
}

function folderText(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => fs.readFileSync(path.join(f.parentPath, f.name), 'latin1'))
    .join('\n');
}

describe('retention: legal hold, the daily review and purge', () => {
  let sys: TestSystem;
  let supervisor: TestUser;
  let manager: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [kept] });
    supervisor = await sys.addUser({ roles: ['supervisor'] });
    manager = await sys.addUser({ roles: ['case_manager'] });
  });
  after(async () => {
    await sys?.env.client.schedule.getHandle(RETENTION_REVIEW_SCHEDULE_ID).delete().catch(() => undefined);
    await sys?.stop();
  });

  async function upload(caseId: string, text: string, fileName: string) {
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), fileName);
    const res = await fetch(`${sys.url}/cases/${caseId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${sys.admin.key}` }, body: form });
    expect(res.status, await res.clone().text()).to.equal(201);
  }

  /** A case with the sentinel in every intake field, its title, subject, a note, reasons, a file's name and content, its mail and a stored idempotent answer. */
  async function closedCase(sentinel: string): Promise<string> {
    const intake = { client_name: `Name ${sentinel}`, client_email: `${sentinel.toLowerCase()}@example.org`, eligible: true, channel: 'phone' };
    const opened = await sys.http.post('/cases', { definition: 'kept-case', title: `Title ${sentinel}`, subject: `Subject ${sentinel}`, intake }, { 'idempotency-key': `open-${sentinel}` });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    const id = opened.body.id as string;
    await ok(sys, `/cases/${id}/notes`, { text: `Note ${sentinel}` });
    await ok(sys, `/cases/${id}/screening`, { decision: 'accept', reason: `Reason ${sentinel}` });
    await upload(id, `only in this case ${sentinel}`, `file-${sentinel}.txt`);
    await upload(id, 'content both cases hold', 'shared.txt');
    await ok(sys, `/cases/${id}/close`, { reason: `Closed ${sentinel}` });
    return id;
  }

  it('lists a case past retention by the daily schedule, purges it on approval from the database, the documents folder and Temporal, keeps the trail verifiable and the portfolio counts, and leaves a case on legal hold as it was', async function () {
    this.timeout(120_000);
    const purged = await closedCase(SENTINEL);
    const held = await closedCase(HELD_SENTINEL);
    const heldView = (await sys.as(supervisor).post(`/cases/${held}/legal-hold`, { reason: 'Litigation pending' })).body;
    expect(heldView.legalHold).to.deep.include({ reason: 'Litigation pending', by: supervisor.id });
    expect((await sys.as(manager).post(`/cases/${held}/legal-hold/release`, { reason: 'x' })).status).to.equal(403);

    const runsOf = async (id: string) => {
      const runs: string[] = [];
      for await (const w of sys.env.client.workflow.list({ query: `WorkflowId = "${id}"` })) runs.push(w.runId);
      return runs;
    };
    // Before: the sentinels are in every place the purge must clear, Temporal's history among them.
    await eventually(async () => {
      if ((await sys.http.get('/outbox')).body.items.filter((m: { caseId: string }) => m.caseId === purged).length < 2) throw new Error('mail not on record yet');
    });
    expect(await historyText(sys, purged)).to.include(SENTINEL);
    expect(await databaseText(sys)).to.include(SENTINEL);
    const documentsDir = path.join(sys.dataDir, 'documents');
    expect(folderText(documentsDir)).to.include(SENTINEL);
    const portfolioBefore = (await sys.http.get('/reports/portfolio')).body;

    // The daily review, triggered now, once the two seconds of retention have passed.
    const schedule = await ensureRetentionReviewSchedule(sys.env.client, { taskQueue: sys.taskQueue });
    expect((await schedule.describe()).action).to.deep.include({ type: 'startWorkflow', workflowType: 'retentionReviewWorkflow' });
    expect(RETENTION_REVIEW_CRON).to.equal('0 5 * * *');
    const listed = await eventually(async () => {
      await schedule.trigger();
      const items = (await sys.as(supervisor).get('/retention/reviews')).body.items as { caseId: string }[];
      if (!items.some((r) => r.caseId === purged)) throw new Error('not listed yet');
      return items;
    }, 30_000, 1000);
    expect(listed.map((r) => r.caseId)).to.not.include(held);

    expect((await sys.as(manager).post(`/retention/reviews/${purged}/approve`, { reason: 'Past six years' })).status).to.equal(403);
    expect((await sys.as(supervisor).post(`/retention/reviews/${held}/approve`, { reason: 'x' })).status).to.equal(404);
    const approved = await sys.as(supervisor).post(`/retention/reviews/${purged}/approve`, { reason: 'Retention period over' });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    expect(approved.body).to.deep.include({ caseId: purged, approvedBy: supervisor.id, reason: 'Retention period over' });
    expect(approved.body.details).to.deep.include({ documents: 2, contentsRemoved: 1, contentsKept: 1, outbox: 2, notes: 1 });
    expect(approved.body.details.workflowRuns).to.be.at.least(1);
    expect(approved.body.details.idempotency).to.be.at.least(1);

    // After: no sentinel of the purged case anywhere; the held case keeps all of its own.
    const db = await databaseText(sys);
    expect(db).to.not.include(SENTINEL);
    expect(db).to.include(HELD_SENTINEL);
    expect(folderText(documentsDir)).to.not.include(SENTINEL);
    expect(folderText(documentsDir)).to.include(HELD_SENTINEL).and.include('content both cases hold');
    const view = (await sys.http.get(`/cases/${purged}`)).body;
    expect(JSON.stringify(view)).to.not.include(SENTINEL);
    expect(view).to.deep.include({ title: '(purged)', status: 'closed', closure: 'withdrawn' });
    expect(view.purged).to.deep.include({ approvedBy: supervisor.id });

    const trail = (await sys.http.get(`/cases/${purged}/events`)).body.items;
    expect(JSON.stringify(trail)).to.not.include(SENTINEL);
    expect(trail.at(-1)).to.deep.include({ type: 'case_purged', actor: supervisor.id });
    const verdict = (await sys.http.get(`/cases/${purged}/events/verify`)).body;
    expect(verdict).to.deep.equal({ valid: true, entries: trail.length });

    expect((await sys.http.get('/reports/portfolio')).body).to.deep.include({ cases: portfolioBefore.cases, byStatus: portfolioBefore.byStatus, byPhase: portfolioBefore.byPhase, outcomes: portfolioBefore.outcomes });
    const destructions = (await sys.http.get('/retention/destructions')).body.items;
    expect(destructions[0]).to.deep.include({ caseId: purged, approvedBy: supervisor.id });

    // Temporal: every run of the case goes (the visibility store follows within some seconds).
    await eventually(async () => {
      if ((await runsOf(purged)).length > 0) throw new Error('runs still listed');
    }, 60_000, 1000);
    const gone = await sys.env.client.workflow.getHandle(purged).describe().then(() => undefined, (err: unknown) => err);
    expect(gone).to.be.instanceOf(WorkflowNotFoundError);
    expect((await sys.http.get(`/cases/${held}`)).body.legalHold.reason).to.equal('Litigation pending');
    expect(await historyText(sys, held)).to.include(HELD_SENTINEL);
  });
});
