/** Moving running cases to a newer version of their definition: a dry run, then a job whose moves happen inside each case. */
import { expect } from 'chai';
import type { DefinitionInput } from '../../common/definition-schema';
import { eventually } from '../helpers/eventually';
import { publishDefinition, startSystem, type TestSystem } from '../helpers/system';
import { ok, toImplementation } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

/** Version 2: no transition or contact, and a follow-up every three seconds at low risk. */
const version2: DefinitionInput = {
  ...quickCase,
  transition: { enabled: false },
  contact: { enabled: false },
  follow_up: { cadence: { low: 'PT3S', moderate: 'PT20S', high: 'PT10S' }, window: 'PT20S' },
};

describe('moving running cases to a newer definition version', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('lists in a dry run one case that can move and one that cannot, then moves the first inside its workflow, where it follows the new cadence, and leaves the other as it is with the reason', async () => {
    const movable = await toImplementation(sys);
    const inTransition = await toImplementation(sys);
    await ok(sys, `/cases/${inTransition}/follow-ups`, { outcome: 'goals_met' });
    expect((await sys.http.get(`/cases/${inTransition}`)).body.phase).to.equal('transition');
    const v2 = await publishDefinition(sys.db, version2);
    expect(v2.version.version).to.equal(2);

    const badFrom = await sys.http.post('/definitions/quick-case/moves/dry-run', { from: 2 });
    expect(badFrom.status).to.equal(422);
    expect(badFrom.body.errors[0].field).to.equal('to');
    // A version past what the databases' integer holds is named, not a server error (it was one on PostgreSQL).
    for (const body of [{ from: 9007199254740990, to: 1 }, { from: 1, to: 3_000_000_000 }]) {
      const huge = await sys.http.post('/definitions/quick-case/moves/dry-run', body);
      expect(huge.status, JSON.stringify(huge.body)).to.equal(422);
      expect(huge.body.errors[0].field).to.equal(body.from === 1 ? 'to' : 'from');
    }
    const hugeMove = await sys.http.post('/definitions/quick-case/moves', { cases: [movable], from: 9007199254740990, to: 1, reason: 'Past the range' });
    expect(hugeMove.status, JSON.stringify(hugeMove.body)).to.equal(422);
    expect(hugeMove.body.errors[0].field).to.equal('from');
    const dry = await sys.http.post('/definitions/quick-case/moves/dry-run', { from: 1 });
    expect(dry.status, JSON.stringify(dry.body)).to.equal(200);
    expect(dry.body.to).to.equal(2);
    const verdict = (id: string) => dry.body.items.find((i: { caseId: string }) => i.caseId === id);
    expect(verdict(movable)).to.deep.include({ movable: true, reasons: [] });
    const before = (await sys.http.get(`/cases/${movable}`)).body.followUps[0];
    expect(verdict(movable).changes.followUp).to.deep.equal({ n: 1, from: before.dueAt, to: new Date(Date.parse(before.armedAt) + 3000).toISOString() });
    expect(verdict(inTransition)).to.deep.include({ movable: false, reasons: ['the transition phase is off in the new version'] });
    // A dry run changes nothing.
    expect((await sys.http.get(`/cases/${movable}`)).body.definition.version).to.equal(1);

    const started = await sys.http.post('/definitions/quick-case/moves', { from: 1, cases: [movable, inTransition], reason: 'Quicker follow-ups for low risk' });
    expect(started.status, JSON.stringify(started.body)).to.equal(202);
    const job = await eventually(async () => {
      const j = (await sys.http.get(`/definitions/quick-case/moves/${started.body.id}`)).body;
      if (j.cases.some((c: { status: string }) => c.status === 'pending')) throw new Error('the job is still moving cases');
      return j;
    });
    const result = (id: string) => job.cases.find((c: { caseId: string }) => c.caseId === id);
    expect(result(movable).status).to.equal('moved');
    expect(result(inTransition)).to.deep.include({ status: 'refused', detail: { reasons: ['the transition phase is off in the new version'] } });

    const moved = (await sys.http.get(`/cases/${movable}`)).body;
    expect(moved.definition).to.deep.equal({ key: 'quick-case', version: 2 });
    const entry = (await sys.http.get(`/cases/${movable}/events`)).body.items.find((e: { type: string }) => e.type === 'version_moved');
    expect(entry.data).to.deep.include({ from: 1, to: 2, reason: 'Quicker follow-ups for low risk' });
    expect((await sys.http.get(`/cases/${movable}/events/verify`)).body.valid).to.equal(true);
    // By version 1 the follow-up would fall due 30 s after it was armed; by version 2 it does after 3.
    await eventually(async () => {
      const f = (await sys.http.get(`/cases/${movable}`)).body.followUps[0];
      if (!f.madeDueAt) throw new Error('the follow-up is not due yet');
      expect(Date.parse(f.madeDueAt) - Date.parse(f.armedAt)).to.be.lessThan(15_000);
    }, 15_000);
    const stayed = (await sys.http.get(`/cases/${inTransition}`)).body;
    expect(stayed.definition.version).to.equal(1);
    expect((await sys.http.get(`/cases/${inTransition}/events`)).body.items.some((e: { type: string }) => e.type === 'version_moved')).to.equal(false);

    const resumed = await sys.http.post(`/definitions/quick-case/moves/${started.body.id}/resume`, {});
    expect(resumed.status).to.equal(409);
  });
});
