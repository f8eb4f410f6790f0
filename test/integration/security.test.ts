/** Who is calling: API keys, the users and keys admins manage, the actor in the trail, and idempotent retries. */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson } from '../../common/canonical-json';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { httpClient, startSystem, type Reply, type TestSystem, type TestUser } from '../helpers/system';

const problem = (res: Reply, status: number) => {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(res.body).to.include({ status });
};

describe('security: authentication, users, keys and idempotency', () => {
  let sys: TestSystem;
  let manager: TestUser;
  before(async () => {
    sys = await startSystem({ definitions: [quickCase] });
    manager = await sys.addUser({ id: 'maria', roles: ['case_manager'], teams: ['team-a'] });
  });
  after(async () => sys?.stop());

  const events = async (id: string) => (await sys.http.get(`/cases/${id}/events`)).body.items as { type: string; actor: string; hash: string }[];

  describe('authentication', () => {
    it('answers 401 with WWW-Authenticate without a key, with a wrong one, and with another scheme', async () => {
      const anonymous = httpClient(sys.url);
      for (const res of [
        await anonymous.get('/cases'),
        await sys.as('cw_not-a-key-anyone-made').get('/cases'),
        await anonymous.get('/cases', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }),
        await anonymous.post('/cases', { definition: 'quick-case', title: 'x', intake }),
      ]) {
        problem(res, 401);
        expect(res.headers.get('www-authenticate')).to.match(/^Bearer/);
      }
    });

    it('keeps /health, /openapi.json and /docs public', async () => {
      const anonymous = httpClient(sys.url);
      for (const path of ['/health', '/openapi.json', '/docs']) expect((await anonymous.get(path)).status, path).to.equal(200);
    });

    it('stops a revoked key at once, and the keys of a deactivated user', async () => {
      const user = await sys.addUser({ roles: ['viewer'] });
      expect((await sys.as(user).get('/cases')).status).to.equal(200);
      const revoked = await sys.http.delete(`/api-keys/${user.keyId}`);
      expect(revoked.status).to.equal(200);
      expect(revoked.body.revokedAt).to.be.a('string');
      problem(await sys.as(user).get('/cases'), 401);

      const other = await sys.addUser({ roles: ['viewer'] });
      expect((await sys.http.patch(`/users/${other.id}`, { active: false })).status).to.equal(200);
      problem(await sys.as(other).get('/cases'), 401);
    });
  });

  describe('users and keys', () => {
    it('adds, lists, reads and changes users; refuses a taken or reserved id', async () => {
      const made = await sys.http.post('/users', { id: 'vic', name: 'Vic Viewer', email: 'vic@example.org', roles: ['viewer'], teams: ['team-a'] });
      expect(made.status).to.equal(201);
      expect(made.body).to.deep.include({ id: 'vic', roles: ['viewer'], teams: ['team-a'], active: true });
      problem(await sys.http.post('/users', { id: 'vic', name: 'Again', email: 'v@example.org', roles: ['viewer'] }), 409);
      const reserved = await sys.http.post('/users', { id: 'system', name: 'Not me', email: 's@example.org', roles: ['admin'] });
      problem(reserved, 422);
      expect(reserved.body.errors[0].field).to.equal('id');

      const changed = await sys.http.patch('/users/vic', { roles: ['supervisor', 'viewer'], teams: ['team-a', 'team-b'] });
      expect(changed.body).to.deep.include({ roles: ['supervisor', 'viewer'], teams: ['team-a', 'team-b'] });
      expect((await sys.http.get('/users/vic')).body.roles).to.deep.equal(['supervisor', 'viewer']);
      expect((await sys.http.get('/users')).body.items.map((u: { id: string }) => u.id)).to.include.members(['admin', 'vic', 'maria']);
      problem(await sys.http.get('/users/nobody-here'), 404);
    });

    it('refuses an e-mail address another person has, in any letter case, and changes nothing', async () => {
      expect((await sys.http.post('/users', { id: 'wes', name: 'Wes', email: 'wes@example.org', roles: ['viewer'] })).status).to.equal(201);
      const taken = await sys.http.post('/users', { id: 'wes2', name: 'Wes Two', email: 'WES@example.org', roles: ['viewer'] });
      problem(taken, 409);
      expect(taken.body.detail).to.include("wes's");
      problem(await sys.http.get('/users/wes2'), 404);
      problem(await sys.http.patch('/users/vic', { email: 'Wes@Example.org' }), 409);
      expect((await sys.http.get('/users/vic')).body.email).to.equal('vic@example.org');
      expect((await sys.http.patch('/users/wes', { email: 'WES@example.org' })).status).to.equal(200);
    });

    it('keeps the last active admin an admin', async () => {
      problem(await sys.http.patch(`/users/${sys.admin.id}`, { roles: ['viewer'] }), 409);
      problem(await sys.http.patch(`/users/${sys.admin.id}`, { active: false }), 409);
    });

    it('shows a key once, stores only its hash, and never lists it', async () => {
      const made = await sys.http.post('/api-keys', { userId: 'maria', name: 'laptop' });
      expect(made.status).to.equal(201);
      expect(made.body.key).to.match(/^cw_[A-Za-z0-9_-]{43}$/);
      const row = await sys.db('api_keys').where({ id: made.body.id }).first();
      expect(row.hash).to.equal(createHash('sha256').update(made.body.key).digest('hex'));
      expect(JSON.stringify(row)).not.to.include(made.body.key);

      const listed = await sys.http.get('/api-keys?userId=maria');
      const item = listed.body.items.find((k: { id: string }) => k.id === made.body.id);
      expect(item).to.deep.include({ userId: 'maria', name: 'laptop' });
      expect(item).not.to.have.any.keys('key', 'hash');
      expect((await sys.as(made.body.key).get('/cases')).status).to.equal(200);
      problem(await sys.http.post('/api-keys', { userId: 'ghost', name: 'x' }), 422);
    });
  });

  describe('the actor', () => {
    it('records the authenticated user in the trail, and no body field can name another', async () => {
      const as = sys.as(manager);
      const opened = await as.post('/cases', { definition: 'quick-case', title: 'Housing support', intake });
      expect(opened.status).to.equal(201);
      const screened = await as.post(`/cases/${opened.body.id}/screening`, { decision: 'accept', reason: 'Meets the criteria' });
      expect(screened.body.screening.by).to.equal('maria');
      const trail = await events(opened.body.id);
      expect(trail.find((e) => e.type === 'case_opened')?.actor).to.equal('maria');
      expect(trail.find((e) => e.type === 'screening_decided')?.actor).to.equal('maria');

      for (const field of ['actor', 'by', 'openedBy']) {
        const res = await as.post(`/cases/${opened.body.id}/notes`, { text: 'hello', [field]: { id: 'admin', roles: ['admin'], teams: [] } });
        problem(res, 422);
        expect(res.body.errors[0].field).to.equal(field);
      }
      expect(await events(opened.body.id)).to.have.length(trail.length);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the first answer, running nothing again', async () => {
      const key = { 'Idempotency-Key': 'open-1' };
      const body = { definition: 'quick-case', title: 'Retried', intake };
      const first = await sys.http.post('/cases', body, key);
      const again = await sys.http.post('/cases', body, key);
      expect(first.status).to.equal(201);
      expect(again.status).to.equal(201);
      expect(again.body).to.deep.equal(first.body);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect((await sys.http.get('/cases?definition=quick-case&limit=200')).body.items.filter((r: { title: string }) => r.title === 'Retried')).to.have.length(1);

      const id = first.body.id;
      const note = { 'Idempotency-Key': `note-${id}` };
      const noted = await sys.http.post(`/cases/${id}/notes`, { text: 'Called the client' }, note);
      const before = await events(id);
      const retried = await sys.http.post(`/cases/${id}/notes`, { text: 'Called the client' }, note);
      expect(retried.status).to.equal(noted.status);
      expect(retried.body).to.deep.equal(noted.body);
      expect(await events(id)).to.deep.equal(before);
    });

    it('refuses the same key with another body (422), and keys are per user', async () => {
      const key = { 'Idempotency-Key': 'shared-key' };
      const opened = await sys.http.post('/cases', { definition: 'quick-case', title: 'One', intake }, key);
      const other = await sys.http.post('/cases', { definition: 'quick-case', title: 'Two', intake }, key);
      problem(other, 422);
      expect(other.body.errors[0].field).to.equal('Idempotency-Key');
      const elsewhere = await sys.http.post(`/cases/${opened.body.id}/notes`, { text: 'x' }, key);
      problem(elsewhere, 422);
      const byMaria = await sys.as(manager).post('/cases', { definition: 'quick-case', title: 'Two', intake }, key);
      expect(byMaria.status).to.equal(201);
      expect(byMaria.body.id).not.to.equal(opened.body.id);
      problem(await sys.http.post('/cases', { definition: 'quick-case', title: 'x', intake }, { 'Idempotency-Key': 'bad key with spaces' }), 422);
    });

    it('answers 409 while the first request with the key still runs, and takes over one that died', async () => {
      const body = { definition: 'quick-case', title: 'Busy', intake };
      const claim = (key: string, at: Date) =>
        sys.db('idempotency_keys').insert({ key, actor_id: sys.admin.id, method: 'POST', path: '/cases', body_hash: createHash('sha256').update(canonicalJson(body)).digest('hex'), status: null, response: null, created_at: at.toISOString() });
      await claim('in-flight', new Date());
      problem(await sys.http.post('/cases', body, { 'Idempotency-Key': 'in-flight' }), 409);
      await claim('long-dead', new Date(Date.now() - 60 * 60_000));
      expect((await sys.http.post('/cases', body, { 'Idempotency-Key': 'long-dead' })).status).to.equal(201);
    });

    it('replays a new API key without the key itself', async () => {
      const key = { 'Idempotency-Key': 'key-for-maria' };
      const first = await sys.http.post('/api-keys', { userId: 'maria', name: 'phone' }, key);
      const again = await sys.http.post('/api-keys', { userId: 'maria', name: 'phone' }, key);
      expect(first.body.key).to.be.a('string');
      expect(again.body).to.deep.include({ id: first.body.id, userId: 'maria' });
      expect(again.body).not.to.have.property('key');
      const stored = await sys.db('idempotency_keys').where({ key: 'key-for-maria' }).first();
      expect(stored.response).not.to.include(first.body.key);
    });
  });
});
