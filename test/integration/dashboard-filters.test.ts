/** `GET /cases` with the filters the dashboard's links use, and the portfolio report by team, over real HTTP. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { ok, openCase, toAssessment } from '../helpers/cases';
import { startSystem, type TestSystem } from '../helpers/system';

describe('GET /cases: the dashboard filters', () => {
  let sys: TestSystem;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
  });
  after(async () => sys?.stop());

  it('lists cases opened, closed and due between two times, breached, overdue and reported, and refuses bad values naming the field', async () => {
    const screening = (await openCase(sys)).id;
    const assessing = await toAssessment(sys);
    const out = (await openCase(sys)).id;
    await ok(sys, `/cases/${out}/screening`, { decision: 'reject', reason: 'Not for us' });
    const ids = async (query: string) => {
      const res = await sys.http.get(`/cases?${query}`);
      expect(res.status, `${query}: ${JSON.stringify(res.body)}`).to.equal(200);
      return (res.body.items as Array<{ id: string }>).map((c) => c.id).sort();
    };
    const soon = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(await ids(`openedAfter=${past}&openedBefore=${soon}`)).to.deep.equal([screening, assessing, out].sort());
    expect(await ids(`openedAfter=${soon}`)).to.deep.equal([]);
    expect(await ids(`closedAfter=${past}&closedBefore=${soon}`)).to.deep.equal([out]);
    expect(await ids('open=false')).to.deep.equal([out]);
    expect(await ids('open=true')).to.deep.equal([screening, assessing].sort());
    // Assessment's deadline is five days off: due in the next week, neither overdue nor breached yet.
    expect(await ids(`dueAfter=${past}&dueBefore=${new Date(Date.now() + 6 * 86_400_000).toISOString()}`)).to.deep.equal([assessing]);
    expect(await ids('overdue=true')).to.deep.equal([]);
    expect(await ids('breached=true')).to.deep.equal([]);
    expect(await ids('breached=false&open=true')).to.deep.equal([screening, assessing].sort());
    expect(await ids('reported=true')).to.deep.equal([]);
    expect(await ids('risk=none&open=true')).to.deep.equal([screening, assessing].sort());
    // Cases that left a phase between two times: screening was left by the case accepted and the one screened out.
    expect(await ids(`completedPhase=screening&completedAfter=${past}&completedBefore=${soon}`)).to.deep.equal([assessing, out].sort());
    expect(await ids(`completedPhase=assessment&completedAfter=${past}`)).to.deep.equal([]);
    expect(await ids(`completedPhase=screening&completedBefore=${past}`)).to.deep.equal([]);
    expect(await ids(`completedAfter=${past}&completedBefore=${soon}`)).to.deep.equal([assessing, out].sort());

    for (const [query, field] of [
      ['openedAfter=yesterday', 'query.openedAfter'],
      ['closedBefore=2024-02-30', 'query.closedBefore'],
      ['breached=yes', 'query.breached'],
      ['overdue=1', 'query.overdue'],
      ['reported=maybe', 'query.reported'],
      [`openedAfter=${soon}&openedBefore=${past}`, 'query.openedBefore'],
      [`dueAfter=${soon}&dueBefore=${past}`, 'query.dueBefore'],
      ['completedPhase=finished', 'query.completedPhase'],
      [`completedAfter=${soon}&completedBefore=${past}`, 'query.completedBefore'],
    ]) {
      const res = await sys.http.get(`/cases?${query}`);
      expect(res.status, query).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field), query).to.deep.equal([field]);
    }
    const badTeam = await sys.http.get('/reports/portfolio?team=no%20such');
    expect(badTeam.status).to.equal(422);
    expect(badTeam.body.errors[0].field).to.equal('query.team');
    const teamA = (await sys.http.get('/reports/portfolio?team=team-a')).body;
    const teamB = (await sys.http.get('/reports/portfolio?team=team-b')).body;
    expect([teamA.cases, teamB.cases]).to.deep.equal([3, 0]);
    const doc = (await sys.http.get('/openapi.json')).body;
    const names = (doc.paths['/cases'].get.parameters as Array<{ name: string }>).map((p) => p.name);
    expect(names).to.include.members(['openedAfter', 'openedBefore', 'closedAfter', 'closedBefore', 'dueAfter', 'dueBefore', 'breached', 'overdue', 'open', 'reported', 'completedPhase', 'completedAfter', 'completedBefore']);
    expect((doc.paths['/reports/portfolio'].get.parameters as Array<{ name: string }>).map((p) => p.name)).to.include('team');
  });
});
