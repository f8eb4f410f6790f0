/**
 * A command's answer: the workflow answers with the revision its change reached, once the change is
 * on record, and the API answers with the case as recorded. History then holds a few bytes per
 * command however large the case grows, and a reader still sees their own writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { defaultPayloadConverter } from '@temporalio/common';
import { createCaseService } from '../../api/case-service';
import { addNoteUpdate } from '../../common/messages';
import { HttpError } from '../../api/problem';
import { openDb } from '../../store/db';
import { startSystem, type TestSystem } from '../helpers/system';
import { ok, toImplementation } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('command answers', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('answer with the case as recorded, and keep the answer in history to the revision it reached', async function () {
    this.timeout(60_000);
    const id = await toImplementation(sys);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track', note: `visit ${i}` }));

    const last = answers[answers.length - 1];
    expect(last.followUps.filter((f: { recordedAt?: string }) => f.recordedAt)).to.have.length(6);
    const read = await sys.http.get(`/cases/${id}`);
    expect(read.body).to.deep.equal(last);
    expect(answers.map((a) => a.revision)).to.satisfy((r: number[]) => r.every((n, i) => i === 0 || n > r[i - 1]));

    const { events } = await sys.env.client.workflow.getHandle(id).fetchHistory();
    const outcomes = (events ?? [])
      .map((e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0])
      .filter((p) => p !== undefined)
      .map((p) => defaultPayloadConverter.fromPayload<Record<string, unknown>>(p));
    // The open, screening, assessment, plan and the six follow-ups.
    expect(outcomes).to.have.length(10);
    for (const outcome of outcomes) expect(Object.keys(outcome).sort()).to.deep.equal(['caseId', 'revision']);
    expect(outcomes[outcomes.length - 1]).to.deep.equal({ caseId: id, revision: last.revision });
  });

  it('answers a clear 503, without asking the case, when the read model never shows the answered revision', async function () {
    this.timeout(60_000);
    const id = await toImplementation(sys);
    // An API reading another database than the worker writes: the revision never shows there.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-other-db-'));
    const otherDb = await openDb({ dataDir: elsewhere });
    try {
      const cases = createCaseService({ client: sys.env.client, db: otherDb, taskQueue: sys.taskQueue });
      const actor = { id: sys.admin.id, roles: sys.admin.roles, teams: sys.admin.teams };
      const refused = (promise: Promise<unknown>) => promise.then(() => expect.fail('expected a problem'), (err: unknown) => err as HttpError);

      const unshown = await refused(cases.command(id, addNoteUpdate, { text: 'Carried out, not shown' }, actor));
      expect(unshown).to.be.instanceOf(HttpError);
      expect(unshown.status).to.equal(503);
      expect(unshown.retryAfterSeconds).to.be.a('number');
      expect(unshown.message).to.match(/carried out/);
      // The command was carried out, once: the read model the worker writes shows it.
      const recorded = (await sys.http.get(`/cases/${id}`)).body;
      expect(recorded.notes.map((n: { text: string }) => n.text)).to.deep.equal(['Carried out, not shown']);
      expect(unshown.message).to.include(`revision ${recorded.revision}`);

      // A case this read model holds nothing of is not asked either: the answer says it is not recorded yet.
      const unrecorded = await refused(cases.view(id));
      expect(unrecorded.status).to.equal(503);
      expect(unrecorded.retryAfterSeconds).to.be.a('number');
      expect(unrecorded.message).to.match(/not recorded yet/);
      // An id no case has is still not found.
      expect((await refused(cases.view('quick-case-999999'))).status).to.equal(404);
    } finally {
      await otherDb.destroy();
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
