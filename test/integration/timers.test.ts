/**
 * What a case does on its own clock: deadline reminders and escalations, follow-ups on the risk
 * level's cadence and their window, holds that stop the clock, and the post-transition delay.
 * The system runs against Temporal's time-skipping server, so the definition counts in days and
 * `clock.advance` moves the server's clock past them at once; each check then waits for the
 * read model to show what the case did.
 */
import { expect } from 'chai';
import { eventually } from '../helpers/eventually';
import { startSystem, type TestSystem } from '../helpers/system';
import { lowRisk, ok, toAssessment, types } from '../helpers/cases';
import { dailyCase } from '../fixtures/definitions';

const DAY = 24 * 60 * 60_000;

interface Deadline {
  phase: string;
  dueAt: string;
  reminded?: boolean;
  breached?: boolean;
  met?: boolean;
}
interface FollowUp {
  armedAt: string;
  dueAt: string;
  madeDueAt?: string;
  escalated?: boolean;
  cancelled?: boolean;
  outcome?: string;
  onTime?: boolean;
}

describe('timers: deadlines, follow-ups and holds on a durable clock', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [dailyCase], clock: 'time-skipping' });
  });
  after(async () => sys?.stop());

  /** Moves the Temporal server's clock; timers due meanwhile fire at once. */
  const advance = (ms: number) => sys.env.sleep(ms);
  const view = async (id: string) => (await sys.http.get(`/cases/${id}`)).body;
  const trailOf = async (id: string) => types((await sys.http.get(`/cases/${id}/events`)).body);
  const assessmentDeadline = (v: { deadlines: Deadline[] }) => v.deadlines.find((d) => d.phase === 'assessment')!;
  const toFollowUps = async (data: object) => {
    const id = await toAssessment(sys, 'daily-case');
    await ok(sys, `/cases/${id}/assessment`, { data });
    return id;
  };

  it('reminds a day before a phase deadline and escalates once it passes, marking the case breached', async () => {
    const id = await toAssessment(sys, 'daily-case');
    const opened = assessmentDeadline(await view(id));
    expect(opened).to.deep.include({ reminded: false, breached: false });

    await advance(4 * DAY + 60_000);
    const reminded = await eventually(async () => {
      const v = await view(id);
      expect(assessmentDeadline(v).reminded).to.equal(true);
      return v;
    });
    expect(reminded.breached).to.equal(false);
    expect(await trailOf(id)).to.include('deadline_near').and.not.include('deadline_passed');

    await advance(DAY);
    const escalated = await eventually(async () => {
      const v = await view(id);
      expect(v.breached).to.equal(true);
      return v;
    });
    expect(assessmentDeadline(escalated)).to.deep.include({ reminded: true, breached: true });
    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items as { type: string; data: { deadline?: object } }[];
    const entries = trail.map((e) => e.type);
    expect(entries.indexOf('deadline_passed')).to.be.greaterThan(entries.indexOf('deadline_near'));
    expect(trail.find((e) => e.type === 'deadline_passed')!.data.deadline).to.deep.include({ phase: 'assessment', escalate_to: 'supervisor' });

    // Leaving the phase late records the deadline as missed.
    const assessed = await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    expect(assessmentDeadline(assessed).met).to.equal(false);
    const row = (await sys.http.get('/cases?definition=daily-case')).body.items.find((r: { id: string }) => r.id === id);
    expect(row.breached).to.equal(true);
  });

  it('stops the deadline while the case is on hold and moves it later by the time held', async () => {
    const id = await toAssessment(sys, 'daily-case');
    const held = await ok(sys, `/cases/${id}/hold`, { reason: 'Waiting for records' });
    const before = assessmentDeadline(held);

    // Well past the deadline as first set: on hold, nothing falls due.
    await advance(10 * DAY);
    const resumed = await ok(sys, `/cases/${id}/resume`, {});
    expect(resumed.breached).to.equal(false);
    expect(assessmentDeadline(resumed)).to.deep.include({ reminded: false, breached: false });
    expect(await trailOf(id)).to.not.include.members(['deadline_near', 'deadline_passed']);
    const moved = Date.parse(assessmentDeadline(resumed).dueAt) - Date.parse(before.dueAt);
    expect(moved).to.be.at.least(10 * DAY);

    await advance(5 * DAY + 60_000);
    await eventually(async () => expect((await view(id)).breached).to.equal(true));
  });

  it('makes a follow-up due on the cadence of the risk level, then escalates one left unrecorded past its window', async () => {
    const id = await toFollowUps({ severity: 5, housing_risk: true });
    await ok(sys, `/cases/${id}/plan`, {});
    const started = await ok(sys, `/cases/${id}/plan/approve`, {});
    const armed: FollowUp = started.followUps[0];
    expect(Date.parse(armed.dueAt) - Date.parse(armed.armedAt)).to.equal(7 * DAY);

    await advance(7 * DAY + 60_000);
    const due = await eventually(async () => {
      const v = await view(id);
      expect(v.phase).to.equal('follow_up');
      return v;
    });
    expect(due.followUps[0].madeDueAt).to.be.a('string');
    expect(due.followUps[0].escalated).to.not.equal(true);

    await advance(3 * DAY);
    const escalated = await eventually(async () => {
      const v = await view(id);
      expect(v.followUps[0].escalated).to.equal(true);
      return v;
    });
    expect(escalated.breached).to.equal(true);
    expect(await trailOf(id)).to.include.members(['follow_up_due', 'follow_up_overdue']);

    const late = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'on_track' });
    expect(late.followUps[0]).to.deep.include({ outcome: 'on_track', onTime: false });
    expect(late.phase).to.equal('implementation');
    expect(late.followUps).to.have.length(2);
  });

  it('changes the cadence when a re-assessment changes the risk level', async () => {
    const id = await toFollowUps(lowRisk);
    const low = await ok(sys, `/cases/${id}/plan`, {});
    expect(Date.parse(low.followUps[0].dueAt) - Date.parse(low.followUps[0].armedAt)).to.equal(28 * DAY);
    await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'reassess' });
    await ok(sys, `/cases/${id}/assessment`, { data: { severity: 1, housing_risk: true } });
    const moderate = await ok(sys, `/cases/${id}/plan`, {});
    expect(moderate.risk.level).to.equal('moderate');
    const pending: FollowUp = moderate.followUps.at(-1);
    expect(moderate.followUps[0]).to.deep.include({ outcome: 'reassess' });
    expect(Date.parse(pending.dueAt) - Date.parse(pending.armedAt)).to.equal(14 * DAY);
  });

  it('sets no timer for a follow-up that moves the next due time later: the alarm set for the earlier one stays', async () => {
    const id = await toFollowUps(lowRisk);
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
    const next: FollowUp = recorded.followUps[1];
    await advance(Date.parse(next.dueAt) - Date.parse(next.armedAt) + 60_000);
    const due = await eventually(async () => {
      const v = await view(id);
      expect(v.phase).to.equal('follow_up');
      return v;
    });
    expect(Date.parse(due.followUps[1].madeDueAt)).to.be.at.least(Date.parse(next.dueAt));
  });

  it('cancels the pending follow-up when the case is withdrawn from the loop', async () => {
    const id = await toFollowUps(lowRisk);
    await ok(sys, `/cases/${id}/plan`, {});
    const overridden = await ok(sys, `/cases/${id}/risk`, { level: 'moderate', reason: 'Family situation changed' });
    expect(await trailOf(id)).to.include('follow_up_rescheduled');
    expect(Date.parse(overridden.followUps[0].dueAt) - Date.parse(overridden.followUps[0].armedAt)).to.equal(14 * DAY);
    expect(overridden.followUps[0].cancelled).to.not.equal(true);

    const closed = await ok(sys, `/cases/${id}/close`, { reason: 'Moved away' });
    expect(closed.status).to.equal('closed');
    expect(closed.followUps).to.have.length(1);
    expect(closed.followUps[0]).to.deep.include({ cancelled: true });
    expect(closed.followUps[0].madeDueAt).to.equal(undefined);
    const trail = await trailOf(id);
    expect(trail).to.include('follow_up_cancelled');
    expect(trail.indexOf('follow_up_cancelled')).to.be.lessThan(trail.indexOf('case_closed'));

    expect((await sys.env.client.workflow.getHandle(id).describe()).status.name).to.equal('COMPLETED');
  });

  it('moves a case to post-transition contact after the definition’s delay', async () => {
    const id = await toFollowUps(lowRisk);
    await ok(sys, `/cases/${id}/plan`, {});
    await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
    const moved = await ok(sys, `/cases/${id}/transition`, { data: { destination: 'Community support' } });
    const delay = Date.parse(moved.contactDueAt) - Date.parse(moved.visits.at(-1).enteredAt);
    expect(delay).to.be.within(30 * DAY, 30 * DAY + 60_000);

    await advance(29 * DAY);
    expect((await ok(sys, `/cases/${id}/notes`, { text: 'Still in transition' })).phase).to.equal('transition');
    await advance(DAY + 60_000);
    const atContact = await eventually(async () => {
      const v = await view(id);
      expect(v.phase).to.equal('contact');
      return v;
    });
    expect(Date.parse(atContact.visits.at(-1).enteredAt)).to.be.at.least(Date.parse(moved.contactDueAt));
  });
});
