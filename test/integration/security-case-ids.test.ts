/**
 * One case id is one case, for good: an Idempotency-Key used again once its record is gone (its
 * first attempt failed with a 5xx, or its 24 hours passed) opens a new case, and never reaches,
 * restarts or overwrites another team's case that happens to carry the same number.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../server/app';
import { close, listen } from '../../server/listen';
import { quickCase } from '../fixtures/definitions';
import { intake } from '../helpers/cases';
import { httpClient, startSystem, type Http, type TestSystem, type TestUser } from '../helpers/system';
import { freePort } from '../../runtime/free-port';

const DAY_MS = 24 * 60 * 60_000;
// Keys of their own, so that the numbers each scenario lines up are not taken by other test files'
// cases on the shared Temporal server.
const KEYS = ['cid-first-a', 'cid-claim-a', 'cid-first-b', 'cid-claim-b', 'cid-retry', 'cid-restore'] as const;
const definitions = [quickCase, ...KEYS.map((key) => ({ ...quickCase, key }))];

/**
 * A second API process over the same database whose Temporal cannot be reached: what a request
 * meets when the cluster is down, answered with a 5xx.
 */
async function apiWithoutTemporal(sys: TestSystem): Promise<{ as(user: TestUser): Http; stop(): Promise<void> }> {
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [], connectTimeout: '1s' });
  const client = new Client({ connection, namespace: sys.env.namespace ?? 'default' });
  const server: Server = await listen(createApp({ client, db: sys.db, taskQueue: sys.taskQueue, clock: sys.clock, log: () => undefined }), 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    as: (user) => httpClient(url, user.key),
    async stop() {
      await close(server);
      await connection.close();
    },
  };
}

describe('security: a case id is never reused for another case', () => {
  let sys: TestSystem;
  let alice: TestUser, mallory: TestUser;
  before(async () => {
    sys = await startSystem({ definitions });
    alice = await sys.addUser({ id: 'alice', roles: ['case_manager'], teams: ['team-a'] });
    mallory = await sys.addUser({ id: 'mallory', roles: ['case_manager'], teams: ['team-b'] });
  });
  after(async () => sys?.stop());

  const post = async (http: Http, path: string, body: unknown, status: number, headers: Record<string, string> = {}) => {
    const res = await http.post(path, body, headers);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(status);
    return res.body;
  };
  const opening = (definition: string, title: string, team?: string) => ({ definition, title, intake, ...(team ? { team } : {}) });

  /** Alice's case of team-a, worked on and withdrawn: a long trail. */
  async function closedCaseOfAlice(definition: string): Promise<string> {
    const a = sys.as(alice);
    const { id } = await post(a, '/cases', opening(definition, 'Claim of team a'), 201);
    await post(a, `/cases/${id}/screening`, { decision: 'accept', reason: 'Within scope' }, 200);
    for (let i = 0; i < 8; i++) await post(a, `/cases/${id}/notes`, { text: `Call ${i} with the client` }, 200);
    await post(a, `/cases/${id}/hold`, { reason: 'Waiting for papers' }, 200);
    await post(a, `/cases/${id}/resume`, {}, 200);
    await post(a, `/cases/${id}/close`, { reason: 'Settled elsewhere' }, 200);
    return id;
  }

  async function runningCaseOfAlice(definition: string): Promise<string> {
    const a = sys.as(alice);
    const { id } = await post(a, '/cases', opening(definition, 'Open claim of team a'), 201);
    await post(a, `/cases/${id}/notes`, { text: 'Confidential: the client fears retaliation' }, 200);
    return id;
  }

  /** What alice sees of her case, to compare before and after. */
  async function asAliceSees(id: string) {
    const a = sys.as(alice);
    const view = await a.get(`/cases/${id}`);
    const trail = await a.get(`/cases/${id}/events`);
    const verified = await a.get(`/cases/${id}/events/verify`);
    expect(view.status, JSON.stringify(view.body)).to.equal(200);
    return { team: view.body.team, status: view.body.status, title: view.body.title, trail: trail.body.items, verified: verified.body };
  }

  /** Mallory's case, opened with the reused key: a new one of her own team, never alice's. */
  async function expectOwnNewCase(opened: { id: string; team: string; title: string }, alicesIds: string[]) {
    expect(alicesIds).not.to.include(opened.id);
    expect(opened.team).to.equal('team-b');
    expect(opened.title).to.equal('Mallory again');
    expect((await sys.as(mallory).get(`/cases/${opened.id}`)).status).to.equal(200);
  }

  it('after a first attempt that failed with a 5xx, the key opens a new case for another definition', async function () {
    this.timeout(90_000);
    const closed = await closedCaseOfAlice('cid-claim-a');
    const running = await runningCaseOfAlice('cid-claim-a');
    const closedBefore = await asAliceSees(closed);
    const runningBefore = await asAliceSees(running);
    expect(closedBefore.trail.length).to.be.greaterThan(15);

    const down = await apiWithoutTemporal(sys);
    try {
      for (const key of ['retry-1', 'retry-2']) {
        const failed = await down.as(mallory).post('/cases', opening('cid-first-a', 'Mallory first', 'team-b'), { 'Idempotency-Key': key });
        expect(failed.status, JSON.stringify(failed.body)).to.be.at.least(500);
      }
    } finally {
      await down.stop();
    }

    const m = sys.as(mallory);
    const again = await post(m, '/cases', opening('cid-claim-a', 'Mallory again', 'team-b'), 201, { 'Idempotency-Key': 'retry-1' });
    await expectOwnNewCase(again, [closed, running]);
    const second = await post(m, '/cases', opening('cid-claim-a', 'Mallory again', 'team-b'), 201, { 'Idempotency-Key': 'retry-2' });
    await expectOwnNewCase(second, [closed, running]);
    expect(second.id).not.to.equal(again.id);

    expect(await asAliceSees(closed)).to.deep.equal(closedBefore);
    expect(await asAliceSees(running)).to.deep.equal(runningBefore);
    expect((await m.get(`/cases/${closed}`)).status).to.equal(404);
    expect((await m.get(`/cases/${running}`)).status).to.equal(404);
  });

  it('after the key’s record expired, the key opens a new case for another definition', async function () {
    this.timeout(90_000);
    const closed = await closedCaseOfAlice('cid-claim-b');
    const running = await runningCaseOfAlice('cid-claim-b');
    const closedBefore = await asAliceSees(closed);
    const runningBefore = await asAliceSees(running);

    const m = sys.as(mallory);
    for (const key of ['old-1', 'old-2']) await post(m, '/cases', opening('cid-first-b', 'Mallory first', 'team-b'), 201, { 'Idempotency-Key': key });
    sys.clock.advance(DAY_MS + 60_000);

    const again = await post(m, '/cases', opening('cid-claim-b', 'Mallory again', 'team-b'), 201, { 'Idempotency-Key': 'old-1' });
    await expectOwnNewCase(again, [closed, running]);
    const second = await post(m, '/cases', opening('cid-claim-b', 'Mallory again', 'team-b'), 201, { 'Idempotency-Key': 'old-2' });
    await expectOwnNewCase(second, [closed, running]);

    expect(await asAliceSees(closed)).to.deep.equal(closedBefore);
    expect(await asAliceSees(running)).to.deep.equal(runningBefore);
  });

  it('a number handed out again (the read model restored from an older backup) opens neither a closed case nor a running one', async function () {
    this.timeout(90_000);
    const closed = await closedCaseOfAlice('cid-restore');
    const running = await runningCaseOfAlice('cid-restore');
    const closedBefore = await asAliceSees(closed);
    const runningBefore = await asAliceSees(running);
    // As after restoring a backup taken before these cases opened: their numbers come round again.
    await sys.db('case_numbers').where({ definition_key: 'cid-restore' }).update({ last_number: 0 });

    const m = sys.as(mallory);
    const plain = await post(m, '/cases', opening('cid-restore', 'Mallory again', 'team-b'), 201);
    await expectOwnNewCase(plain, [closed, running]);
    await sys.db('case_numbers').where({ definition_key: 'cid-restore' }).update({ last_number: 0 });
    const keyed = await post(m, '/cases', opening('cid-restore', 'Mallory again', 'team-b'), 201, { 'Idempotency-Key': 'after-restore' });
    await expectOwnNewCase(keyed, [closed, running, plain.id]);

    // A reservation whose number another case took after the restore: its retry opens elsewhere.
    const retried = opening('cid-restore', 'Mallory again', 'team-b');
    const down = await apiWithoutTemporal(sys);
    try {
      expect((await down.as(mallory).post('/cases', retried, { 'Idempotency-Key': 'reserved-before' })).status).to.be.at.least(500);
    } finally {
      await down.stop();
    }
    await sys.db('case_numbers').where({ definition_key: 'cid-restore' }).update({ last_number: keyed.number });
    const taken = await runningCaseOfAlice('cid-restore');
    expect(taken, 'the number the first attempt reserved').to.equal(`cid-restore-${String(keyed.number + 1).padStart(6, '0')}`);
    const takenBefore = await asAliceSees(taken);
    const afterRetry = await post(m, '/cases', retried, 201, { 'Idempotency-Key': 'reserved-before' });
    await expectOwnNewCase(afterRetry, [closed, running, plain.id, keyed.id, taken]);

    expect(await asAliceSees(closed)).to.deep.equal(closedBefore);
    expect(await asAliceSees(running)).to.deep.equal(runningBefore);
    expect(await asAliceSees(taken)).to.deep.equal(takenBefore);
  });

  it('a retry of the same open after a 5xx takes the number its first attempt reserved', async function () {
    this.timeout(60_000);
    const body = opening('cid-retry', 'Retried after a 5xx', 'team-b');
    const down = await apiWithoutTemporal(sys);
    try {
      expect((await down.as(mallory).post('/cases', body, { 'Idempotency-Key': 'same-request' })).status).to.be.at.least(500);
    } finally {
      await down.stop();
    }
    const between = await post(sys.as(alice), '/cases', opening('cid-retry', 'Opened meanwhile'), 201);
    const retried = await post(sys.as(mallory), '/cases', body, 201, { 'Idempotency-Key': 'same-request' });
    expect(retried.number).to.be.lessThan(between.number);
    const again = await sys.as(mallory).post('/cases', body, { 'Idempotency-Key': 'same-request' });
    expect(again.body.id).to.equal(retried.id);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
  });

  it('a replayed open is answered only while the caller may still see the case', async function () {
    this.timeout(60_000);
    const bob = await sys.addUser({ id: 'bob', roles: ['case_manager'], teams: ['team-a'] });
    const body = opening('quick-case', 'Opened by bob');
    const key = { 'Idempotency-Key': 'bob-open' };
    const first = await post(sys.as(bob), '/cases', body, 201, key);
    expect((await sys.http.patch('/users/bob', { teams: ['team-c'] })).status).to.equal(200);
    const replayed = await sys.as(bob).post('/cases', body, key);
    expect(replayed.status, JSON.stringify(replayed.body)).to.equal(404);
    expect(replayed.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(JSON.stringify(replayed.body)).not.to.include(first.id);
  });
});
