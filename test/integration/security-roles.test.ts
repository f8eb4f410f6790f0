/** What each role does for real: teams around cases, caseworkers' own tasks, and the supervisor's say. */
import { expect } from 'chai';
import { quickCase } from '../fixtures/definitions';
import { intake, lowRisk } from '../helpers/cases';
import { startSystem, type Http, type TestSystem, type TestUser } from '../helpers/system';
import { enqueueOutboxMessage } from '../../store/outbox';

describe('security: roles at work', () => {
  let sys: TestSystem;
  let manager: TestUser, supervisor: TestUser, worker: TestUser, otherWorker: TestUser, viewer: TestUser, outsider: TestUser, designer: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase, { ...quickCase, key: 'team-b-case', team: 'team-b' }] });
    manager = await sys.addUser({ id: 'manny', roles: ['case_manager'] });
    supervisor = await sys.addUser({ id: 'sue', roles: ['supervisor'] });
    worker = await sys.addUser({ id: 'wes', roles: ['caseworker'] });
    otherWorker = await sys.addUser({ id: 'wanda', roles: ['caseworker'] });
    viewer = await sys.addUser({ id: 'vera', roles: ['viewer'] });
    outsider = await sys.addUser({ id: 'otto', roles: ['case_manager', 'supervisor'], teams: ['team-b'] });
    designer = await sys.addUser({ id: 'desi', roles: ['designer'] });
  });
  after(async () => sys?.stop());

  const ok = async (http: Http, path: string, body: unknown = {}) => {
    const res = await http.post(path, body);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 201]);
    return res.body;
  };
  const status = async (http: Http, path: string, body: unknown = {}) => (await http.post(path, body)).status;
  const inImplementation = async (extra: Record<string, unknown> = {}) => {
    const m = sys.as(manager);
    const { id } = await ok(m, '/cases', { definition: 'quick-case', title: 'Support', intake, ...extra });
    await ok(m, `/cases/${id}/screening`, { decision: 'accept', reason: 'ok' });
    await ok(m, `/cases/${id}/assessment`, { data: lowRisk });
    await ok(m, `/cases/${id}/plan`, {});
    return id as string;
  };

  it("opens cases in the caller's teams only", async () => {
    const m = sys.as(manager);
    expect((await m.post('/cases', { definition: 'quick-case', title: 'Mine', intake })).body.team).to.equal('team-a');
    const elsewhere = await m.post('/cases', { definition: 'quick-case', title: 'Not mine', team: 'team-b', intake });
    expect(elsewhere.status).to.equal(403);
    expect((await m.post('/cases', { definition: 'team-b-case', title: "The definition's team", intake })).status).to.equal(403);
    expect((await sys.as(outsider).post('/cases', { definition: 'team-b-case', title: 'B', intake })).status).to.equal(201);
    expect((await sys.http.post('/cases', { definition: 'quick-case', title: 'Admin anywhere', team: 'team-z', intake })).status).to.equal(201);
  });

  it("lists the caller's teams' cases; a caseworker's list holds the cases assigned to them", async () => {
    const id = await inImplementation({ assignee: 'manny' });
    const ids = async (http: Http, query = '') => (await http.get(`/cases?limit=200${query}`)).body.items.map((r: { id: string; team: string }) => r.id);
    expect(await ids(sys.as(viewer))).to.include(id);
    expect(await ids(sys.as(outsider))).not.to.include(id);
    const teamsSeen = (await sys.as(outsider).get('/cases?limit=200')).body.items.map((r: { team: string }) => r.team);
    expect(new Set(teamsSeen)).to.deep.equal(new Set(['team-b']));
    expect(await ids(sys.http)).to.include(id);
    expect(await ids(sys.as(outsider), '&team=team-a')).to.deep.equal([]);

    expect(await ids(sys.as(worker))).not.to.include(id);
    await ok(sys.as(supervisor), `/cases/${id}/assignment`, { assignee: 'wes' });
    expect(await ids(sys.as(worker))).to.include(id);
    expect(await ids(sys.as(worker), '&assignee=manny')).to.deep.equal([]);
  });

  it('hides a case of another team as if it did not exist', async () => {
    const id = await inImplementation();
    for (const res of [await sys.as(outsider).get(`/cases/${id}`), await sys.as(outsider).get(`/cases/${id}/events`), await sys.as(outsider).post(`/cases/${id}/notes`, { text: 'hi' })]) {
      expect(res.status).to.equal(404);
      expect(res.body.title).to.equal('Not Found');
    }
  });

  it('lets a caseworker read, note and complete only the tasks given to them', async () => {
    const id = await inImplementation();
    const w = sys.as(worker);
    expect((await w.get(`/cases/${id}`)).status).to.equal(404);
    const added = await ok(sys.as(manager), `/cases/${id}/tasks`, { title: 'Visit', assignee: 'wes', due: 'P2D' });
    const mine = added.tasks.find((t: { title: string }) => t.title === 'Visit');
    const theirs = (await ok(sys.as(manager), `/cases/${id}/tasks`, { title: 'Call', assignee: 'wanda' })).tasks.find((t: { title: string }) => t.title === 'Call');

    expect((await w.get(`/cases/${id}`)).status).to.equal(200);
    expect(await status(w, `/cases/${id}/tasks/${theirs.id}/complete`, {})).to.equal(403);
    expect(await status(w, `/cases/${id}/screening`, { decision: 'accept', reason: 'x' })).to.equal(403);
    expect(await status(w, `/cases/${id}/tasks`, { title: 'More' })).to.equal(403);
    const done = await ok(w, `/cases/${id}/tasks/${mine.id}/complete`, { outcome: 'Visited' });
    expect(done.tasks.find((t: { id: string }) => t.id === mine.id)).to.deep.include({ status: 'done', completedBy: 'wes' });
    const noted = await ok(w, `/cases/${id}/notes`, { text: 'All well' });
    expect(noted.notes.at(-1)).to.deep.include({ by: 'wes' });
    expect((await sys.as(otherWorker).post(`/cases/${id}/tasks/${theirs.id}/complete`, {})).status).to.equal(200);
    const trail = (await w.get(`/cases/${id}/events`)).body.items as { type: string; actor: string }[];
    expect(trail.filter((e) => e.type === 'note_added').map((e) => e.actor)).to.deep.equal(['wes']);
  });

  it("gives risk overrides and plan approval to the supervisor, and reassignment across the team", async () => {
    const id = await inImplementation();
    // quick-case names the supervisor as its override role; the case itself refuses the manager.
    expect(await status(sys.as(manager), `/cases/${id}/risk`, { level: 'high', reason: 'concern' })).to.equal(403);
    expect((await ok(sys.as(supervisor), `/cases/${id}/risk`, { level: 'high', reason: 'concern' })).risk.level).to.equal('high');

    const m = sys.as(manager);
    const { id: planned } = await ok(m, '/cases', { definition: 'quick-case', title: 'Approval', intake });
    await ok(m, `/cases/${planned}/screening`, { decision: 'accept', reason: 'ok' });
    await ok(m, `/cases/${planned}/assessment`, { data: { severity: 5, housing_risk: true } });
    await ok(m, `/cases/${planned}/plan`, {});
    expect(await status(m, `/cases/${planned}/plan/approve`, {})).to.equal(403);
    expect((await ok(sys.as(supervisor), `/cases/${planned}/plan/approve`, {})).plan.approvedBy).to.equal('sue');

    expect(await status(m, `/cases/${id}/assignment`, { assignee: 'wes' })).to.equal(403);
    expect((await ok(m, `/cases/${id}/assignment`, { assignee: 'manny' })).assignee).to.equal('manny');
    expect((await ok(sys.as(supervisor), `/cases/${id}/assignment`, { assignee: 'wes' })).assignee).to.equal('wes');
    expect((await m.post('/cases', { definition: 'quick-case', title: 'For Wes', assignee: 'wes', intake })).status).to.equal(403);
  });

  it('keeps viewers to reading and designers to definitions', async () => {
    const id = await inImplementation();
    expect((await sys.as(viewer).get(`/cases/${id}`)).status).to.equal(200);
    expect(await status(sys.as(viewer), `/cases/${id}/notes`, { text: 'x' })).to.equal(403);
    expect((await sys.as(designer).get('/cases')).status).to.equal(403);
    const published = await sys.as(designer).put('/definitions/designed-case', { ...quickCase, key: 'designed-case' });
    expect(published.status).to.equal(201);
    expect(published.body.createdBy).to.equal('desi');
    expect((await sys.as(manager).put('/definitions/designed-case', { ...quickCase, key: 'designed-case' })).status).to.equal(403);
  });

  it("adds up the portfolio and lists the outbox over the caller's teams only", async () => {
    const mine = await inImplementation();
    const { id: theirs } = await ok(sys.as(outsider), '/cases', { definition: 'team-b-case', title: 'B', intake });
    for (const [caseId, recipient] of [[mine, 'a@example.org'], [theirs, 'b@example.org']]) {
      await enqueueOutboxMessage(sys.db, { caseId, eventSeq: 1, event: 'case_opened', ruleIndex: 0, recipient, subject: `${caseId} is open`, body: 'Opened' });
    }

    const listed = async (http: Http) => (await http.get('/cases?limit=200')).body.items.length;
    for (const caller of [sys.http, sys.as(supervisor), sys.as(outsider), sys.as(viewer)]) {
      const portfolio = await caller.get('/reports/portfolio');
      expect(portfolio.status).to.equal(200);
      expect(portfolio.body.cases, 'cases in the portfolio').to.equal(await listed(caller));
    }
    const teamA = (await sys.as(supervisor).get('/reports/portfolio')).body.cases;
    const teamB = (await sys.as(outsider).get('/reports/portfolio')).body.cases;
    expect(teamA).to.be.greaterThan(0);
    expect(teamB).to.be.greaterThan(0);
    expect((await sys.http.get('/reports/portfolio')).body.cases).to.be.at.least(teamA + teamB);

    const mail = async (http: Http) => ((await http.get('/outbox?limit=200')).body.items as { caseId: string }[]).map((m) => m.caseId);
    expect(await mail(sys.as(supervisor))).to.include(mine).and.not.include(theirs);
    expect(await mail(sys.as(outsider))).to.include(theirs).and.not.include(mine);
    expect(await mail(sys.http)).to.include.members([mine, theirs]);
  });
});
