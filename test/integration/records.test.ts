/**
 * The record a whole case leaves: its trail once and in order with a chain that verifies, a row
 * changed behind the API's back found by the chain, and a report with the figures of the case.
 */
import { expect } from 'chai';
import { startSystem, type TestSystem } from '../helpers/system';
import { fullLifecycle } from '../helpers/scenarios';
import { eventually } from '../helpers/eventually';
import { quickCase } from '../fixtures/definitions';

describe('records: the trail and the report of a whole case', () => {
  let sys: TestSystem;
  let id: string;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    id = await fullLifecycle(sys);
    // The case records its report after the last command is answered; its run ends once it has.
    await sys.env.client.workflow.getHandle(id).result();
  });
  after(async () => sys?.stop());

  it('holds every event of the lifecycle once, in order, with a chain that verifies', async () => {
    const trail = (await sys.http.get(`/cases/${id}/events`)).body.items as { seq: number; type: string; actor: string }[];
    expect(trail.map((e) => e.seq)).to.deep.equal(trail.map((_, i) => i + 1));
    const count = (type: string) => trail.filter((e) => e.type === type).length;
    expect(count('case_opened')).to.equal(1);
    expect(count('assessment_recorded')).to.equal(2);
    expect(count('follow_up_recorded')).to.equal(3);
    expect(count('evaluation_recorded')).to.equal(1);
    expect(count('case_closed')).to.equal(1);
    expect(trail.find((e) => e.type === 'screening_decided')?.actor).to.equal('admin');
    expect((await sys.http.get(`/cases/${id}/events/verify`)).body).to.deep.equal({ valid: true, entries: trail.length });
  });

  it('names the first entry that was changed in the database behind the API', async () => {
    const target = (await sys.http.get(`/cases/${id}/events`)).body.items.find((e: { type: string }) => e.type === 'risk_stratified');
    const original = await sys.db('case_events').where({ case_id: id, seq: target.seq }).first();
    try {
      await sys.db('case_events').where({ case_id: id, seq: target.seq }).update({ data: JSON.stringify({ score: 0, level: 'low', reasons: [] }) });
      const verdict = (await sys.http.get(`/cases/${id}/events/verify`)).body;
      expect(verdict.valid).to.equal(false);
      expect(verdict.firstInvalid).to.deep.equal({ seq: target.seq, problem: 'its content does not match its hash' });
      await sys.db('case_events').where({ case_id: id, seq: target.seq + 1 }).delete();
      expect((await sys.http.get(`/cases/${id}/events/verify`)).body.firstInvalid.seq).to.equal(target.seq);
    } finally {
      await sys.db('case_events').where({ case_id: id, seq: target.seq }).update({ data: original.data });
    }
  });

  it('reports the figures of the case it lived: loops, follow-ups, satisfaction and cost', async () => {
    const report = await eventually(async () => {
      const res = await sys.http.get(`/cases/${id}/report?format=json`);
      expect(res.status).to.equal(200);
      return res.body;
    });
    expect(report).to.deep.include({ satisfaction: 5, cost: 900 });
    expect(report.loops).to.deep.equal({ reassessments: 1, replans: 0 });
    expect(report.followUps).to.deep.include({ done: 3, onTime: 3, escalated: 0 });
    const csv = await sys.http.get(`/cases/${id}/report?format=csv`);
    expect(csv.headers.get('content-type')).to.match(/text\/csv/);
    expect(String(csv.body)).to.match(/satisfaction,5/);
  });
});
