/**
 * What a case does on its own clock: deadline reminders and escalations, follow-ups on the risk
 * level's cadence and their window, holds that stop the clock, and the post-transition delay.
 * The definition counts in seconds, so each test waits a few seconds, no more.
 */
import { expect } from 'chai';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { lowRisk, ok, toAssessment, types } from '../helpers/cases';
import { timedCase } from '../fixtures/definitions';

describe('timers: deadlines, follow-ups and holds on a durable clock', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [timedCase] });
  });
  after(async () => sys?.stop());

  const trailOf = async (id: string) => types((await sys.http.get(`/cases/${id}/events`)).body);

  it('reminds before a phase deadline and escalates once it passes, marking the case breached', async () => {
    const id = await toAssessment(sys, 'timed-case');
    const view = await eventually(async () => {
      const v = (await sys.http.get(`/cases/${id}`)).body;
      expect(v.breached).to.equal(true);
      return v;
    }, 15_000);
    const deadline = view.deadlines.find((d: { phase: string }) => d.phase === 'assessment');
    expect(deadline).to.deep.include({ reminded: true, breached: true });
    const trail = await trailOf(id);
    expect(trail.indexOf('deadline_near')).to.be.greaterThan(-1);
    expect(trail.indexOf('deadline_passed')).to.be.greaterThan(trail.indexOf('deadline_near'));
    const escalation = (await sys.http.get(`/cases/${id}/events`)).body.items.find((e: { type: string }) => e.type === 'deadline_passed');
    expect(escalation.data.deadline).to.deep.include({ phase: 'assessment', escalate_to: 'supervisor' });

    // Leaving the phase late records the deadline as missed.
    const assessed = await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    expect(assessed.deadlines.find((d: { phase: string }) => d.phase === 'assessment').met).to.equal(false);
    const row = (await sys.http.get('/cases?definition=timed-case')).body.items.find((r: { id: string }) => r.id === id);
    expect(row.breached).to.equal(true);
  });

  it('stops the deadline while the case is on hold and moves it later by the time held', async () => {
    const id = await toAssessment(sys, 'timed-case');
    const before = (await ok(sys, `/cases/${id}/hold`, { reason: 'Waiting for records' })).deadlines[0];
    await new Promise((r) => setTimeout(r, 4000));
    const held = (await sys.http.get(`/cases/${id}`)).body;
    expect(held.breached).to.equal(false);
    expect(await trailOf(id)).to.not.include('deadline_passed');
    const resumed = await ok(sys, `/cases/${id}/resume`, {});
    const after = resumed.deadlines.find((d: { phase: string }) => d.phase === 'assessment');
    expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).to.be.at.least(4000);
    const resumedAt = resumed.visits.length;
    expect(resumedAt).to.be.greaterThan(0);
    await eventually(async () => expect((await sys.http.get(`/cases/${id}`)).body.breached).to.equal(true), 15_000);
  });

  it('makes a follow-up due on the cadence of the risk level, then escalates one left unrecorded past its window', async () => {
    const id = await toAssessment(sys, 'timed-case');
    await ok(sys, `/cases/${id}/assessment`, { data: { severity: 5, housing_risk: true } });
    await ok(sys, `/cases/${id}/plan`, {});
    const started = await ok(sys, `/cases/${id}/plan/approve`, {});
    const armed = started.followUps[0];
    expect(Date.parse(armed.dueAt) - Date.parse(armed.armedAt)).to.equal(2000);

    const due = await eventually(async () => {
      const v = (await sys.http.get(`/cases/${id}`)).body;
      expect(v.phase).to.equal('follow_up');
      return v;
    }, 15_000);
    expect(due.followUps[0].madeDueAt).to.be.a('string');
    const escalated = await eventually(async () => {
      const v = (await sys.http.get(`/cases/${id}`)).body;
      expect(v.followUps[0].escalated).to.equal(true);
      return v;
    }, 15_000);
    expect(escalated.breached).to.equal(true);
    expect(await trailOf(id)).to.include.members(['follow_up_due', 'follow_up_overdue']);

    const late = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
    expect(late.followUps[0]).to.deep.include({ outcome: 'on_track', onTime: false });
    expect(late.phase).to.equal('implementation');
    expect(late.followUps).to.have.length(2);
  });

  it('changes the cadence when a re-assessment changes the risk level', async () => {
    const id = await toAssessment(sys, 'timed-case');
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    const low = await ok(sys, `/cases/${id}/plan`, {});
    expect(Date.parse(low.followUps[0].dueAt) - Date.parse(low.followUps[0].armedAt)).to.equal(6000);
    await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'reassess' });
    await ok(sys, `/cases/${id}/assessment`, { data: { severity: 1, housing_risk: true } });
    const moderate = await ok(sys, `/cases/${id}/plan`, {});
    expect(moderate.risk.level).to.equal('moderate');
    const pending = moderate.followUps.at(-1);
    expect(moderate.followUps[0].cancelled).to.equal(undefined);
    expect(Date.parse(pending.dueAt) - Date.parse(pending.armedAt)).to.equal(4000);
  });

  it('sets no timer for a follow-up that moves the next due time later: the alarm set for the earlier one stays', async () => {
    const id = await toAssessment(sys, 'timed-case');
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    const handle = sys.env.client.workflow.getHandle(id);
    const before = (await handle.fetchHistory()).events?.length ?? 0;
    const recorded = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
    expect(recorded.followUps).to.have.length(2);
    const added = ((await handle.fetchHistory()).events ?? []).slice(before);
    const timerEvents = added.filter((e) => e.timerStartedEventAttributes || e.timerCanceledEventAttributes);
    expect(added.some((e) => e.workflowExecutionUpdateCompletedEventAttributes)).to.equal(true);
    expect(timerEvents).to.deep.equal([]);
    // The alarm rings for the earlier time, finds nothing due and sets itself for the new one.
    const next = recorded.followUps[1];
    const due = await eventually(async () => {
      const v = (await sys.http.get(`/cases/${id}`)).body;
      expect(v.phase).to.equal('follow_up');
      return v;
    }, 15_000);
    expect(Date.parse(due.followUps[1].madeDueAt)).to.be.at.least(Date.parse(next.dueAt));
  });

  it('cancels the pending follow-up when the case leaves the loop', async () => {
    const id = await toAssessment(sys, 'timed-case');
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/plan`, {});
    const overridden = await ok(sys, `/cases/${id}/risk`, { level: 'moderate', reason: 'Family situation changed' });
    expect(await trailOf(id)).to.include('follow_up_rescheduled');
    expect(Date.parse(overridden.followUps[0].dueAt) - Date.parse(overridden.followUps[0].armedAt)).to.equal(4000);
    const held = await ok(sys, `/cases/${id}/hold`, { reason: 'Travelling' });
    expect(held.status).to.equal('on_hold');
    await ok(sys, `/cases/${id}/resume`, {});
    const closed = await ok(sys, `/cases/${id}/close`, { reason: 'Moved away' });
    expect(closed.status).to.equal('closed');
    const info = await sys.env.client.workflow.getHandle(id).describe();
    expect(info.status.name).to.equal('COMPLETED');
  });
});
