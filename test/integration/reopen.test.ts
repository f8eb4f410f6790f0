/** Reopening a closed case over HTTP: a new run under the same workflow id, from the read model. */
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem, type TestUser } from '../helpers/system';
import { lowRisk, ok, toAssessment, toImplementation, types } from '../helpers/cases';
import { quickCase, reopenableCase as reopenable } from '../fixtures/definitions';

const notReopenable: DefinitionInput = { ...quickCase, key: 'final-case' };

const HOUR_MS = 3_600_000;

describe('reopen: a closed case starts again', () => {
  let sys: TestSystem;
  let supervisor: TestUser;
  let manager: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [reopenable, notReopenable] });
    supervisor = await sys.addUser({ roles: ['supervisor'] });
    manager = await sys.addUser({ roles: ['case_manager'] });
  });
  after(async () => sys?.stop());

  const withdrawn = async (definition = 'reopen-case') => {
    const id = await toAssessment(sys, definition);
    await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
    // The closed run ends once it has answered; a reopening starts the next one.
    await eventually(async () => {
      const d = await sys.env.client.workflow.getHandle(id).describe();
      if (d.status.name === 'RUNNING') throw new Error('still running');
    });
    return id;
  };

  it('reopens a withdrawn case within the window at the named phase, as a second run under the same id, with its deadline started again', async () => {
    const id = await withdrawn();
    const before = (await sys.http.get(`/cases/${id}`)).body;
    const res = await sys.as(supervisor).post(`/cases/${id}/reopen`, { reason: 'The client came back' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const view = res.body;
    expect(view).to.deep.include({ id, phase: 'assessment', status: 'open' });
    expect(view.closure).to.equal(undefined);
    expect(view.reopenings).to.have.length(1);
    expect(view.reopenings[0]).to.deep.include({ by: supervisor.id, reason: 'The client came back', phase: 'assessment', closure: 'withdrawn', closedAt: before.closedAt });
    const deadline = view.deadlines[view.deadlines.length - 1];
    expect(deadline).to.deep.include({ phase: 'assessment', breached: false });
    expect(deadline.endedAt).to.equal(undefined);
    expect(Date.parse(deadline.startedAt)).to.be.greaterThan(Date.parse(before.closedAt));

    const trail = (await sys.http.get(`/cases/${id}/events`)).body;
    expect(types(trail).slice(before.trailLength)).to.deep.equal(['case_reopened', 'phase_entered']);
    expect(trail.items[before.trailLength].data).to.deep.include({ version: 1, phase: 'assessment', closure: 'withdrawn' });
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);

    const runs = [];
    for await (const w of sys.env.client.workflow.list({ query: `WorkflowId = "${id}"` })) runs.push(w.runId);
    expect(runs).to.have.length(2);

    // The case goes on as any case does, and closes again.
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    const closed = await ok(sys, `/cases/${id}/close`, { reason: 'Resolved by phone' });
    expect(closed).to.deep.include({ status: 'closed', closure: 'withdrawn' });
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
  });

  it('refuses a role the definition does not name, an open case, a definition without reopen and a missing reason, changing nothing', async () => {
    const id = await withdrawn();
    const trailLength = (await sys.http.get(`/cases/${id}`)).body.trailLength;
    const byManager = await sys.as(manager).post(`/cases/${id}/reopen`, { reason: 'Again' });
    expect(byManager.status).to.equal(403);
    const noReason = await sys.as(supervisor).post(`/cases/${id}/reopen`, {});
    expect(noReason.status).to.equal(422);
    expect(noReason.body.errors[0].field).to.equal('reason');
    expect((await sys.http.get(`/cases/${id}`)).body).to.deep.include({ status: 'closed', trailLength });

    const open = await toAssessment(sys, 'reopen-case');
    expect((await sys.as(supervisor).post(`/cases/${open}/reopen`, { reason: 'Again' })).status).to.equal(409);
    const final = await withdrawn('final-case');
    const refused = await sys.as(supervisor).post(`/cases/${final}/reopen`, { reason: 'Again' });
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.match(/no reopen key/);
  });

  it('refuses a reopening once the window has passed', async () => {
    const id = await withdrawn();
    sys.clock.advance(HOUR_MS + 60_000);
    const late = await sys.as(supervisor).post(`/cases/${id}/reopen`, { reason: 'Too late' });
    sys.clock.advance(-(HOUR_MS + 60_000));
    expect(late.status).to.equal(409);
    expect(late.body.detail).to.match(/has passed/);
    expect((await sys.http.get(`/cases/${id}`)).body.status).to.equal('closed');
  });

  it("shows each reopening in the case report, whose cycle time leaves out the time the case was closed", async () => {
    const complete = async (id: string) => {
      await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
      await ok(sys, `/cases/${id}/evaluation`, { data: { satisfaction: 4 } });
    };
    const id = await toImplementation(sys, 'reopen-case');
    await complete(id);
    const first = await eventually(async () => {
      const r = await sys.http.get(`/cases/${id}/report`);
      if (r.status !== 200) throw new Error(`report: ${r.status}`);
      return r.body;
    });
    expect(first.reopenings).to.deep.equal([]);
    await eventually(async () => {
      const d = await sys.env.client.workflow.getHandle(id).describe();
      if (d.status.name === 'RUNNING') throw new Error('still running');
    });
    await ok(sys, `/cases/${id}/reopen`, { reason: 'Appeal upheld' });
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    await complete(id);
    const second = await eventually(async () => {
      const r = (await sys.http.get(`/cases/${id}/report`)).body;
      if (r.reopenings?.length !== 1) throw new Error('the report of the second closing is not made yet');
      return r;
    });
    expect(second.reopenings[0]).to.deep.include({ reason: 'Appeal upheld', closure: 'completed', phase: 'assessment' });
    const view = (await sys.http.get(`/cases/${id}`)).body;
    const closedGapH = (Date.parse(view.reopenings[0].at) - Date.parse(view.reopenings[0].closedAt)) / HOUR_MS;
    const wholeH = (Date.parse(view.closedAt) - Date.parse(view.openedAt)) / HOUR_MS;
    expect(second.cycleHours).to.be.closeTo(wholeH - closedGapH, 0.01);
    const html = await sys.http.get(`/cases/${id}/report?format=html`);
    expect(html.body).to.include('Reopenings').and.include('Appeal upheld');
  });
});
