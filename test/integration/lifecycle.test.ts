/** The whole case lifecycle over HTTP, against a real Temporal dev server and a real database. */
import { expect } from 'chai';
import { isSqlite } from '../../store/db';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { highRisk, lowRisk, ok, toAssessment, toImplementation, types } from '../helpers/cases';
import { quickCase, timedCase } from '../fixtures/definitions';

describe('lifecycle: a case from screening to closing', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, timedCase] });
  });
  after(async () => sys?.stop());

  it('runs every phase, with a re-assessment loop, and closes as completed', () => runsEveryPhase(sys));

  it('refuses commands that do not fit the phase with 409 and bad data with 422, changing nothing', async () => {
    const id = await toAssessment(sys);
    const before = (await sys.http.get(`/cases/${id}`)).body;

    const early = await sys.http.post(`/cases/${id}/plan`, {});
    expect(early.status).to.equal(409);
    const bad = await sys.http.post(`/cases/${id}/assessment`, { data: { severity: 9, housing_risk: 'yes', extra: 1 } });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['data.extra', 'data.housing_risk', 'data.severity']);
    const noRisk = await sys.http.post(`/cases/${id}/risk`, { level: 'high', reason: 'gut feeling' });
    expect(noRisk.status).to.equal(409);
    const badOutcome = await sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'maybe' });
    expect(badOutcome.status).to.equal(422);
    expect(badOutcome.body.errors[0].field).to.equal('outcome');

    const after = (await sys.http.get(`/cases/${id}`)).body;
    expect(after.trailLength).to.equal(before.trailLength);
    expect(after.phase).to.equal('assessment');
  });

  it('completes tasks, refuses a second completion, and moves on to a follow-up when the required ones are done', async () => {
    const id = await toImplementation(sys);
    const added = await ok(sys, `/cases/${id}/tasks`, { title: 'Call the landlord', assignee: 'sam', due: 'P2D', required: false });
    const task = added.tasks.find((t: { title: string }) => t.title === 'Call the landlord');
    expect(task).to.deep.include({ assignee: 'sam', status: 'open', required: false });

    const required = added.tasks.find((t: { title: string; status: string }) => t.title === 'Check in');
    const done = await ok(sys, `/cases/${id}/tasks/${required.id}/complete`, { outcome: 'Reached the client' });
    expect(done.phase).to.equal('follow_up');
    expect(done.followUps[0].madeDueAt).to.be.a('string');
    const twice = await sys.http.post(`/cases/${id}/tasks/${required.id}/complete`, {});
    expect(twice.status).to.equal(409);
    const missing = await sys.http.post(`/cases/${id}/tasks/t99/complete`, {});
    expect(missing.status).to.equal(422);
    expect(missing.body.errors[0].field).to.equal('taskId');
  });

  it('lets a permitted role override the risk level, re-arming the follow-up on the new cadence', async () => {
    const id = await toImplementation(sys);
    const before = (await sys.http.get(`/cases/${id}`)).body.followUps[0];
    const raised = await ok(sys, `/cases/${id}/risk`, { level: 'high', reason: 'New safeguarding concern' });
    expect(raised.risk).to.deep.include({ level: 'high', computedLevel: 'low' });
    expect(raised.risk.overrides[0]).to.deep.include({ from: 'low', to: 'high', reason: 'New safeguarding concern' });
    const after = raised.followUps[0];
    expect(Date.parse(after.dueAt) - Date.parse(after.armedAt)).to.equal(10_000);
    expect(Date.parse(before.dueAt) - Date.parse(before.armedAt)).to.equal(30_000);
    const same = await sys.http.post(`/cases/${id}/risk`, { level: 'high', reason: 'again' });
    expect(same.status).to.equal(422);
  });

  it('sends the plan back when approval is refused, and replans from a follow-up', async () => {
    const id = await toAssessment(sys);
    await ok(sys, `/cases/${id}/assessment`, { data: highRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    const noReason = await sys.http.post(`/cases/${id}/plan/approve`, { approved: false });
    expect(noReason.status).to.equal(422);
    const back = await ok(sys, `/cases/${id}/plan/approve`, { approved: false, reason: 'Add a housing goal' });
    expect(back.phase).to.equal('planning');
    await ok(sys, `/cases/${id}/plan`, {});
    await ok(sys, `/cases/${id}/plan/approve`, {});
    const replan = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'replan' });
    expect(replan.phase).to.equal('planning');
    expect(replan.loops.replans).to.equal(1);
    expect(replan.followUps[0].outcome).to.equal('replan');
  });

  it('puts a case on hold and resumes it, refusing phase commands meanwhile; notes, reassignment and withdrawal work from any open phase', async () => {
    const id = await toAssessment(sys);
    const held = await ok(sys, `/cases/${id}/hold`, { reason: 'Client in hospital' });
    expect(held.status).to.equal('on_hold');
    expect((await sys.http.post(`/cases/${id}/assessment`, { data: lowRisk })).status).to.equal(409);
    const noted = await ok(sys, `/cases/${id}/notes`, { text: 'Spoke with the ward' });
    expect(noted.notes[0]).to.deep.include({ text: 'Spoke with the ward', by: 'admin' });
    const resumed = await ok(sys, `/cases/${id}/resume`, {});
    expect(resumed.status).to.equal('open');
    expect((await sys.http.post(`/cases/${id}/resume`, {})).status).to.equal(409);
    const assigned = await ok(sys, `/cases/${id}/assignment`, { assignee: 'jo' });
    expect(assigned.assignee).to.equal('jo');
    const closed = await ok(sys, `/cases/${id}/close`, { reason: 'Client moved away' });
    expect(closed).to.deep.include({ status: 'closed', closure: 'withdrawn', closeReason: 'Client moved away' });
    expect((await sys.http.post(`/cases/${id}/notes`, { text: 'late' })).status).to.equal(409);
  });
});

describe('lifecycle on PostgreSQL: the whole system with its read model on PostgreSQL', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, timedCase], database: 'postgres' });
  });
  after(async () => sys?.stop());

  it('runs every phase, with a re-assessment loop, and closes as completed, its trail, row and report in PostgreSQL', async () => {
    expect(isSqlite(sys.db)).to.equal(false);
    const { id } = await runsEveryPhase(sys);
    const report = await eventually(async () => {
      const res = await sys.http.get(`/cases/${id}/report`);
      expect(res.status).to.equal(200);
      return res.body;
    });
    expect(report).to.deep.include({ caseId: id, satisfaction: 4, cost: 1200, closure: 'completed' });
    // The case records that its report was made, after the report is stored.
    const trail = await eventually(async () => {
      const items = (await sys.http.get(`/cases/${id}/events`)).body.items;
      expect(types({ items })).to.include('report_produced');
      return items;
    });
    const stored = await sys.db('case_events').where({ case_id: id }).orderBy('seq').pluck('seq');
    expect(stored).to.deep.equal(trail.map((e: { seq: number }) => e.seq));
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
    const portfolio = (await sys.http.get('/reports/portfolio?definition=quick-case')).body;
    expect(portfolio).to.deep.include({ cases: 1, reported: 1 });
    expect(portfolio.cost).to.deep.equal({ cases: 1, total: 1200, average: 1200 });
  });
});

/** A case from opening to closing over HTTP, through every phase and a re-assessment. */
async function runsEveryPhase(sys: TestSystem) {
  const id = await toAssessment(sys);

  const assessed = await ok(sys, `/cases/${id}/assessment`, { data: highRisk });
  expect(assessed.phase).to.equal('planning');
  expect(assessed.risk).to.deep.include({ score: 10.5, level: 'high', computedLevel: 'high' });
  expect(assessed.risk.reasons).to.deep.equal(['Severe presenting needs', 'At risk of losing housing']);
  expect(assessed.proposedPlan).to.deep.include({ approvalRequired: true, goals: ['Secure housing', 'Reduce risk'] });

  const planned = await ok(sys, `/cases/${id}/plan`, {});
  expect(planned.phase).to.equal('approval');
  expect(planned.tasks.map((t: { title: string }) => t.title)).to.deep.equal(['Refer to housing', 'Weekly visit']);

  const approved = await ok(sys, `/cases/${id}/plan/approve`, {});
  expect(approved.phase).to.equal('implementation');
  expect(approved.plan.approvedBy).to.equal('admin');
  expect(approved.followUps).to.have.length(1);

  const onTrack = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track', note: 'Going well' });
  expect(onTrack.phase).to.equal('implementation');
  expect(onTrack.followUps.map((f: { outcome?: string }) => f.outcome)).to.deep.equal(['on_track', undefined]);

  const reassess = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'reassess' });
  expect(reassess.phase).to.equal('assessment');
  expect(reassess.loops).to.deep.equal({ reassessments: 1, replans: 0 });

  const lower = await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
  expect(lower.risk.level).to.equal('low');
  const replanned = await ok(sys, `/cases/${id}/plan`, { goals: ['Stay housed'], tasks: [{ title: 'Monthly call', role: 'caseworker', due: 'P30D' }] });
  expect(replanned.phase).to.equal('implementation');
  expect(replanned.tasks.filter((t: { status: string }) => t.status === 'cancelled')).to.have.length(2);

  const met = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
  expect(met.phase).to.equal('transition');
  const moved = await ok(sys, `/cases/${id}/transition`, { data: { destination: 'Community support' } });
  expect(moved.contactDueAt).to.be.a('string');

  const atContact = await eventuallyPhase(sys, id, 'contact');
  expect(Date.parse(atContact.visits.at(-1).enteredAt)).to.be.at.least(Date.parse(moved.contactDueAt));
  await ok(sys, `/cases/${id}/contact`, { data: { doing_well: true } });
  const closed = await ok(sys, `/cases/${id}/evaluation`, { data: { satisfaction: 4, cost: 1200 } });
  expect(closed).to.deep.include({ phase: 'closed', status: 'closed', closure: 'completed' });

  const trail = (await sys.http.get(`/cases/${id}/events`)).body;
  expect(types(trail)).to.include.members(['risk_stratified', 'risk_changed', 'plan_approved', 'follow_up_recorded', 'transition_recorded', 'contact_due', 'evaluation_recorded', 'case_closed']);
  expect(trail.items.map((e: { seq: number }) => e.seq)).to.deep.equal(trail.items.map((_: unknown, i: number) => i + 1));
  expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid).to.equal(true);
  const row = (await sys.http.get(`/cases?status=closed&definition=quick-case`)).body.items.find((r: { id: string }) => r.id === id);
  expect(row).to.deep.include({ phase: 'closed', riskLevel: 'low', closure: 'completed' });
  return { id };
}

async function eventuallyPhase(sys: TestSystem, id: string, phase: string) {
  return eventually(async () => {
    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.phase).to.equal(phase);
    return view;
  });
}
