/** Links between cases over HTTP: shown on both cases, recorded in both trails, only between cases the person may see. */
import { expect } from 'chai';
import { startSystem, type TestSystem, type TestUser } from '../helpers/system';
import { ok, openCase, toAssessment, types } from '../helpers/cases';
import { quickCase } from '../fixtures/definitions';

describe('links between cases', () => {
  let sys: TestSystem;
  let manager: TestUser;
  let outsider: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    manager = await sys.addUser({ roles: ['case_manager'], teams: ['team-a'] });
    outsider = await sys.addUser({ roles: ['case_manager'], teams: ['team-b'] });
  });
  after(async () => sys?.stop());

  it("links a running case to a closed one with a reason, shown in both cases' views and recorded in both trails", async () => {
    const closed = await toAssessment(sys);
    await ok(sys, `/cases/${closed}/close`, { reason: 'Handled elsewhere' });
    const { id: running } = await openCase(sys);

    const made = await sys.as(manager).post(`/cases/${running}/links`, { to: closed, kind: 'follows_from', reason: 'Same tenancy dispute' });
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    expect(made.body).to.deep.include({ caseId: closed, kind: 'follows_from', direction: 'outgoing', by: manager.id });

    const fromView = (await sys.as(manager).get(`/cases/${running}`)).body.links;
    const toView = (await sys.as(manager).get(`/cases/${closed}`)).body.links;
    expect(fromView).to.have.length(1);
    expect(fromView[0]).to.deep.include({ caseId: closed, direction: 'outgoing', reason: 'Same tenancy dispute' });
    expect(toView[0]).to.deep.include({ caseId: running, direction: 'incoming', kind: 'follows_from' });

    for (const [id, direction] of [[running, 'outgoing'], [closed, 'incoming']] as const) {
      const trail = (await sys.http.get(`/cases/${id}/events`)).body;
      const entry = trail.items.find((e: { type: string }) => e.type === 'case_linked');
      expect(entry, id).to.deep.include({ actor: manager.id });
      expect(entry.data).to.deep.include({ direction, kind: 'follows_from' });
      expect((await sys.http.get(`/cases/${id}/events/verify`)).body.valid, id).to.equal(true);
    }
    // The closed case's view is still the fold of its trail.
    expect(types((await sys.http.get(`/cases/${closed}/events`)).body).at(-1)).to.equal('case_linked');
    expect((await sys.http.get(`/cases/${closed}`)).body.status).to.equal('closed');

    const twice = await sys.as(manager).post(`/cases/${running}/links`, { to: closed, kind: 'follows_from', reason: 'again' });
    expect(twice.status).to.equal(409);
  });

  it('refuses a case the person may not see, a case linked to itself, and a bad kind, changing nothing', async () => {
    const { id: mine } = await openCase(sys);
    const theirs = (await ok(sys, '/cases', { definition: 'quick-case', title: 'Other team', team: 'team-b', intake: { client_name: 'Bo', eligible: true } })).id;
    const before = (await sys.http.get(`/cases/${mine}`)).body.trailLength;

    const hidden = await sys.as(manager).post(`/cases/${mine}/links`, { to: theirs, kind: 'related', reason: 'x' });
    expect(hidden.status).to.equal(422);
    expect(hidden.body.errors[0].field).to.equal('to');
    const notMine = await sys.as(outsider).post(`/cases/${mine}/links`, { to: theirs, kind: 'related', reason: 'x' });
    expect(notMine.status).to.equal(404);
    const self = await sys.as(manager).post(`/cases/${mine}/links`, { to: mine, kind: 'related', reason: 'x' });
    expect(self.status).to.equal(422);
    const kind = await sys.as(manager).post(`/cases/${mine}/links`, { to: theirs, kind: 'cousin', reason: 'x' });
    expect(kind.status).to.equal(422);
    expect(kind.body.errors[0].field).to.equal('kind');

    expect((await sys.http.get(`/cases/${mine}`)).body.trailLength).to.equal(before);
    expect((await sys.as(manager).get(`/cases/${mine}/links`)).body.items).to.deep.equal([]);
    // An admin links across teams; the manager then sees the link only from their own case, without the hidden case.
    expect((await sys.http.post(`/cases/${mine}/links`, { to: theirs, kind: 'related', reason: 'Same address' })).status).to.equal(201);
    expect((await sys.as(manager).get(`/cases/${mine}/links`)).body.items).to.deep.equal([]);
    expect((await sys.http.get(`/cases/${mine}/links`)).body.items).to.have.length(1);
  });
});
