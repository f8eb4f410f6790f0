/**
 * Several API processes behind a load balancer, on one database: started at once on an empty
 * database they make one schema, one first admin and one version of each definition file; the rate
 * limit and the wrong-key limit count across them; a key revoked through one is refused by the
 * other at once; TRUST_PROXY takes the client's address from the proxy's X-Forwarded-For.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { dbConfig } from '../../store/db';
import { freePort } from '../../runtime/free-port';
import { eventually } from '../helpers/eventually';
import { createDatabase, dropDatabase } from '../helpers/postgres';
import { httpClient, type Http } from '../helpers/system';
import { getEnv } from '../helpers/temporal-env';

const ROOT = path.resolve(__dirname, '..', '..');

interface Started {
  apis: Http[];
  urls: string[];
  stop(): Promise<void>;
}

/** Two `npm run api` processes started at the same moment on one database. */
async function twoApis(env: Record<string, string>, adminKey: string): Promise<Started> {
  const children: ChildProcess[] = [];
  let output = '';
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    urls.push(`http://127.0.0.1:${port}`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ADMIN_API_KEY: adminKey, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    children.push(child);
  }
  const apis = urls.map((u) => httpClient(u, adminKey));
  await eventually(async () => {
    if (children.some((c) => c.exitCode !== null)) throw new Error(`an API process exited:\n${output}`);
    for (const api of apis) if ((await api.get('/health/ready')).status !== 200) throw new Error('not ready yet');
  }, 90_000);
  return {
    apis,
    urls,
    stop: async () => {
      await Promise.all(children.filter((c) => c.exitCode === null).map((c) => new Promise((resolve) => { c.once('exit', resolve); c.kill('SIGTERM'); })));
    },
  };
}

async function expectOneOfEach(options: { dataDir: string; databaseUrl?: string }) {
  const db = knex(dbConfig(options));
  try {
    const admins = (await db('users').select('id', 'roles')).filter((u: { roles: string }) => JSON.parse(u.roles).includes('admin'));
    expect(admins).to.have.length(1);
    const versions = (await db('definition_versions').select('key').count({ n: '*' }).groupBy('key')) as { key: string; n: number | string }[];
    expect(versions.length).to.be.at.least(3);
    for (const v of versions) expect(Number(v.n), v.key).to.equal(1);
    const migrations = (await db('knex_migrations').select('name')).map((r: { name: string }) => r.name);
    expect(new Set(migrations).size).to.equal(migrations.length);
    expect(migrations).to.include('090-shared-limits');
  } finally {
    await db.destroy();
  }
}

describe('API processes: two at once on one database', () => {
  const adminKey = `cw_${randomBytes(32).toString('base64url')}`;
  let temporal: string;
  before(async () => {
    temporal = (await getEnv()).address;
  });

  describe('on PostgreSQL', () => {
    let started: Started;
    let databaseUrl: string;
    let dataDir: string;
    before(async () => {
      databaseUrl = await createDatabase({ empty: true });
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-apis-'));
      started = await twoApis({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal, RATE_LIMIT_PER_MINUTE: '10', AUTH_FAILURE_LIMIT: '4', TRUST_PROXY: '1', METRICS_ENABLED: 'false' }, adminKey);
    });
    after(async () => {
      await started?.stop();
      await dropDatabase(databaseUrl);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('start together on an empty database: one schema, one first admin, one version of each definition file', async () => {
      await expectOneOfEach({ dataDir, databaseUrl });
    });

    it('hold the rate limit per key across both processes', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await started.apis[i % 2].get('/definitions')).status);
      // Ten a minute in all: the first ten pass, whichever process took them.
      expect(statuses.slice(0, 10).every((s) => s === 200), statuses.join()).to.equal(true);
      expect(statuses.slice(10)).to.deep.equal([429, 429]);
    });

    it('hold the wrong-key limit per client address across both, the address taken from the one trusted proxy', async () => {
      const from = (api: number, address: string, key: string) => httpClient(started.urls[api], key).get('/cases', { 'x-forwarded-for': address });
      const wrong = `cw_${randomBytes(32).toString('base64url')}`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await from(i % 2, '203.0.113.7', wrong)).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 429]);
      // Past the limit even a right key from that address is refused, on either process…
      expect((await from(1, '203.0.113.7', wrong)).status).to.equal(429);
      // …while another client behind the same proxy is not.
      expect((await from(0, '203.0.113.8', wrong)).status).to.equal(401);
    });
  });

  describe('on SQLite', () => {
    let started: Started;
    let dataDir: string;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casework-apis-'));
      started = await twoApis({ DATA_DIR: dataDir, TEMPORAL_ADDRESS: temporal, METRICS_ENABLED: 'false' }, adminKey);
    });
    after(async () => {
      await started?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('start together on an empty database: one schema, one first admin, one version of each definition file', async () => {
      await expectOneOfEach({ dataDir });
      expect((await started.apis[1].get('/definitions')).status).to.equal(200);
    });

    it('stop a key revoked or a user deactivated through one process at once on the other, though both had honoured it', async () => {
      const [one, other] = started.apis;
      const person = async (id: string) => {
        expect((await one.post('/users', { id, name: id, email: `${id}@example.org`, roles: ['viewer'], teams: ['team-a'] })).status).to.equal(201);
        const made = await one.post('/api-keys', { userId: id, name: 'laptop' });
        expect(made.status).to.equal(201);
        const each = started.urls.map((u) => httpClient(u, made.body.key as string));
        for (const api of each) for (let i = 0; i < 3; i++) expect((await api.get('/cases')).status).to.equal(200);
        return { keyId: made.body.id as string, each };
      };
      const revoked = await person('rita');
      expect((await one.delete(`/api-keys/${revoked.keyId}`)).status).to.equal(200);
      expect((await revoked.each[1].get('/cases')).status).to.equal(401);
      expect((await revoked.each[0].get('/cases')).status).to.equal(401);

      const deactivated = await person('dave');
      expect((await other.patch('/users/dave', { active: false })).status).to.equal(200);
      expect((await deactivated.each[0].get('/cases')).status).to.equal(401);
      expect((await deactivated.each[1].get('/cases')).status).to.equal(401);
    });
  });
});
