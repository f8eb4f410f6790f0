/** Cases that run for many follow-ups continue as new, carrying their state and their trail over. */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { lowRisk, ok, toAssessment } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('long-running cases: continue-as-new after many follow-ups', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase], historyLimit: 60 });
  });
  after(async () => sys?.stop());

  it('rolls over into new runs with state, trail and read model intact, and keeps taking commands', async () => {
    const id = await toAssessment(sys);
    await ok(sys, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(sys, `/cases/${id}/notes`, { text: 'Before the roll-over' });
    await ok(sys, `/cases/${id}/plan`, {});
    const handle = sys.env.client.workflow.getHandle(id);
    const firstRun = (await handle.describe()).runId;

    const rounds = 12;
    for (let i = 0; i < rounds; i++) {
      const res = await sys.http.post(`/cases/${id}/follow-ups`, { outcome: 'on_track', note: `round ${i + 1}` });
      if (res.status === 503) {
        i--; // the case was moving to its next run; the command was not taken, so send it again
        continue;
      }
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }

    const description = await handle.describe();
    expect(description.runId).to.not.equal(firstRun);
    expect(description.memo).to.include({ title: 'Housing support' });
    expect(description.memo?.origin).to.be.a('string');
    expect(description.typedSearchAttributes.get({ name: 'CasePhase', type: 'KEYWORD' } as never)).to.equal('implementation');

    const view = (await sys.http.get(`/cases/${id}`)).body;
    expect(view.phase).to.equal('implementation');
    expect(view.followUps.filter((f: { outcome?: string }) => f.outcome === 'on_track')).to.have.length(rounds);
    expect(view.notes[0].text).to.equal('Before the roll-over');
    expect(view.risk.level).to.equal('low');

    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items;
    expect(trail.filter((e: { type: string }) => e.type === 'case_continued').length).to.be.at.least(1);
    expect(trail.filter((e: { type: string }) => e.type === 'follow_up_recorded')).to.have.length(rounds);
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body).to.deep.include({ valid: true, entries: view.trailLength });

    const closed = await ok(sys, `/cases/${id}/follow-ups`, { outcome: 'goals_met' });
    expect(closed.phase).to.equal('transition');
  });
});
